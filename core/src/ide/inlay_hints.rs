//! Inlay hints: the attributes a declaration inherits without writing them.
//!
//! For every child env (`extends`), template (from its env) and override
//! (from its template), each resolved attribute whose value is set
//! elsewhere gets one hint, `cpu = 2 (from env base)`-style:
//! `resources = { cpu = 2, memory = "4Gi" } (from env base)`. The hints sit
//! right after the opening `{` of the declaration's body, i.e. at the end
//! of its header line, where a reader looks for "what is this"; the
//! tooltip holds the full provenance (where it is set, what it shadows).
//! Values are shown as written, compacted to one short line.

use super::hover::{provenance_text, written};
use super::{Analysis, InlayHint};
use crate::semantic::model::Settings;
use crate::semantic::provenance::DeclRef;
use crate::source::{FileId, FileSpan, Span};
use crate::syntax::ast::Item;

/// Longest value text shown in a hint.
const MAX_VALUE: usize = 40;

pub(crate) fn inlay_hints(analysis: &Analysis, file: FileId, range: Span) -> Vec<InlayHint> {
    let Some(ast) = analysis.parsed(file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in &ast.items {
        let (settings, decl, decl_at, body) = match item {
            Item::Env(e) if e.extends.is_some() => {
                let Some(env) = analysis.model.env(&e.name.name) else {
                    continue;
                };
                (&env.settings, env.decl(), env.decl_at, &e.body)
            }
            Item::Template(t) => {
                let Some(task) = analysis.model.template(&t.name.name) else {
                    continue;
                };
                (&task.settings, task.decl(), task.decl_at, &t.body)
            }
            Item::Override(o) => {
                let Some(ov) = analysis.model.override_named(&o.name.name) else {
                    continue;
                };
                (&ov.settings, ov.decl(), ov.decl_at, &o.body)
            }
            _ => continue,
        };
        // The model keeps one declaration per name: a duplicate declaration
        // shows nothing rather than the other one's values.
        if decl_at != FileSpan::new(file, item.span()) {
            continue;
        }
        let offset = body.span.start + 1;
        if !range.contains(offset) {
            continue;
        }
        out.extend(inherited(analysis, settings, &decl, offset));
    }
    out
}

fn inherited(
    analysis: &Analysis,
    settings: &Settings,
    decl: &DeclRef,
    offset: usize,
) -> Vec<InlayHint> {
    settings
        .set_attributes()
        .into_iter()
        .filter_map(|name| {
            let p = settings.provenance(name)?;
            if p.is_declared_in(decl) {
                return None;
            }
            // A `+=` merge has no single written value: name its sources.
            let label = if p.contributions.len() > 1 {
                let from: Vec<String> = p.contributions.iter().map(|c| plain(&c.decl)).collect();
                format!("{name} (merged from {})", from.join(" + "))
            } else {
                let value = written(analysis, p.origin.value, MAX_VALUE);
                format!("{name} = {value} (from {})", plain(&p.origin.decl))
            };
            Some(InlayHint {
                offset,
                label,
                tooltip: Some(provenance_text(analysis, name, p)),
            })
        })
        .collect()
}

/// `env base` (without the backticks `DeclRef`'s display adds).
fn plain(decl: &DeclRef) -> String {
    format!("{} {}", decl.kind.keyword(), decl.name)
}
