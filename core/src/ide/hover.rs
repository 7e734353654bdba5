//! Hover: what a name is, its documentation, and for an attribute the
//! value it resolves to and where that value comes from.

use super::catalog::{self, BlockKind};
use super::index::{AttrKey, Decl, Target, compact, one_line, slice};
use super::{Analysis, Hover};
use crate::semantic::model::{Provenance, Settings};
use crate::semantic::provenance::{DeclKind, Origin};
use crate::source::{FileId, FileSpan};

pub(crate) fn hover(analysis: &Analysis, file: FileId, offset: usize) -> Option<Hover> {
    if let Some(occ) = analysis.index().occurrence_at(file, offset) {
        let markdown = name_hover(analysis, &occ.target)?;
        return Some(Hover {
            range: occ.span,
            markdown,
        });
    }
    let key = analysis.index().attr_key_at(file, offset)?;
    Some(Hover {
        range: key.span,
        markdown: attribute_hover(analysis, key),
    })
}

fn code_block(text: &str) -> String {
    format!("```task\n{text}\n```")
}

/// `envs.task:12` for a place.
pub(crate) fn place(analysis: &Analysis, at: FileSpan) -> String {
    match analysis.db.get(at.file) {
        Some(f) => format!("{}:{}", f.path.display(), f.line_col(at.span.start).line),
        None => "?".to_string(),
    }
}

/// The written text of a place, compacted to one short line.
pub(crate) fn written(analysis: &Analysis, at: FileSpan, max: usize) -> String {
    analysis
        .db
        .get(at.file)
        .map(|f| one_line(slice(&f.text, at.span), max))
        .unwrap_or_default()
}

fn name_hover(analysis: &Analysis, target: &Target) -> Option<String> {
    if let Target::BuiltinType(name) = target {
        let doc = catalog::builtin_type_doc(name)?;
        return Some(format!("{}\n\nbuilt-in type\n\n{doc}", code_block(name)));
    }
    let decl = analysis.index().decl(target)?;
    let mut parts = vec![code_block(&decl.signature)];
    if let Some(context) = context_line(target) {
        parts.push(context);
    }
    if let Some(doc) = &decl.doc {
        parts.push(doc.clone());
    }
    match target {
        Target::Env(name) => parts.extend(env_details(analysis, name)),
        Target::Template(name) => parts.extend(template_details(analysis, name)),
        Target::Override(name) => parts.extend(override_details(analysis, name)),
        Target::Type(name) => parts.extend(type_details(analysis, name)),
        _ => {}
    }
    parts.push(format!("declared at {}", place(analysis, decl_at(decl))));
    Some(parts.join("\n\n"))
}

fn decl_at(decl: &Decl) -> FileSpan {
    FileSpan::new(decl.file, decl.name_span)
}

fn context_line(target: &Target) -> Option<String> {
    Some(match target {
        Target::Input { template, .. } => format!("input of template `{template}`"),
        Target::Output { template, .. } => format!("output of template `{template}`"),
        Target::Field { record, .. } => format!("field of record `{record}`"),
        Target::Member { enum_name, .. } => format!("member of enum `{enum_name}`"),
        Target::Trigger { template, .. } => format!("trigger of template `{template}`"),
        _ => return None,
    })
}

fn env_details(analysis: &Analysis, name: &str) -> Vec<String> {
    let Some(env) = analysis.model.env(name) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if env.chain.len() > 1 {
        let chain: Vec<String> = env.chain.iter().map(|n| format!("`{n}`")).collect();
        out.push(format!("**Chain:** {}", chain.join(" → ")));
    }
    let decl = env.decl();
    let lines = settings_summary(analysis, &env.settings, |p| p.is_declared_in(&decl));
    if !lines.is_empty() {
        out.push(format!("**Resolved attributes:**\n{}", lines.join("\n")));
    }
    let tasks: Vec<String> = analysis
        .model
        .tasks_in_env(name)
        .map(|t| format!("`{}`", t.name))
        .collect();
    if !tasks.is_empty() {
        out.push(format!("**Templates:** {}", tasks.join(", ")));
    }
    out
}

/// One line per set attribute: the entry as written, and where it comes
/// from when it is not written in the declaration itself.
fn settings_summary(
    analysis: &Analysis,
    settings: &Settings,
    is_own: impl Fn(&Provenance) -> bool,
) -> Vec<String> {
    settings
        .set_attributes()
        .into_iter()
        .filter_map(|name| {
            let p = settings.provenance(name)?;
            let entry = written(analysis, p.origin.entry, 60);
            let mut notes = Vec::new();
            if !is_own(p) {
                notes.push(format!("from {}", p.origin.decl));
            }
            if p.contributions.len() > 1 {
                notes.push(format!("merged from {} entries", p.contributions.len()));
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", notes.join(", "))
            };
            Some(format!("- `{entry}`{notes}"))
        })
        .collect()
}

fn template_details(analysis: &Analysis, name: &str) -> Vec<String> {
    let Some(task) = analysis.model.template(name) else {
        return Vec::new();
    };
    let mut out = vec![format!(
        "**Task id:** `{}` · env `{}` · {}",
        task.task_id,
        task.env,
        match &task.kind {
            crate::semantic::model::TaskKind::Function { module, function } => {
                format!("function `{}.{}`", module.value, function.value)
            }
            crate::semantic::model::TaskKind::Query(sql) => format!("{} query", sql.dialect.word()),
            crate::semantic::model::TaskKind::Container(_) => "raw container".to_string(),
        }
    )];
    let inputs: Vec<String> = task
        .inputs
        .iter()
        .map(|i| format!("{}: {}", i.name, i.ty.display()))
        .collect();
    let outputs: Vec<String> = task
        .outputs
        .iter()
        .map(|o| format!("{}: {}", o.name, o.ty.display()))
        .collect();
    out.push(code_block(&format!(
        "({}) -> ({})",
        inputs.join(", "),
        outputs.join(", ")
    )));
    let decl = task.decl();
    let lines = settings_summary(analysis, &task.settings, |p| p.is_declared_in(&decl));
    if !lines.is_empty() {
        out.push(format!("**Effective attributes:**\n{}", lines.join("\n")));
    }
    out
}

fn override_details(analysis: &Analysis, name: &str) -> Vec<String> {
    let Some(o) = analysis.model.override_named(name) else {
        return Vec::new();
    };
    vec![format!(
        "Overrides template `{}` (task id `{}`); emitted as `{}.json`.",
        o.template,
        o.task_id,
        o.output_name()
    )]
}

fn type_details(analysis: &Analysis, name: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for d in &analysis.index().decls {
        let doc = d
            .doc
            .as_deref()
            .map(|t| format!(" — {}", compact(t, 80)))
            .unwrap_or_default();
        match &d.target {
            Target::Member { enum_name, name: m } if enum_name == name => {
                lines.push(format!("- `{m}`{doc}"));
            }
            Target::Field { record, .. } if record == name => {
                lines.push(format!("- `{}`{doc}", d.signature));
            }
            _ => {}
        }
    }
    if lines.is_empty() {
        Vec::new()
    } else {
        vec![lines.join("\n")]
    }
}

fn attribute_hover(analysis: &Analysis, key: &AttrKey) -> String {
    let mut title = key.name.clone();
    if !key.path.is_empty() {
        title = format!("{}.{}", key.path.join("."), key.name);
    }
    let mut parts = Vec::new();
    match catalog::attr_doc(&key.block, &key.name) {
        Some(doc) => {
            // `resources { cpu, … }` already names itself.
            let shown = if doc.form.starts_with(&format!("{} ", key.name)) && key.path.is_empty() {
                doc.form.to_string()
            } else {
                format!("{title}: {}", doc.form)
            };
            parts.push(code_block(&shown));
            parts.push(doc.doc.to_string());
        }
        None => {
            let unknown = !key.block.attributes().is_empty()
                && !key.block.attributes().contains(&key.name.as_str());
            parts.push(code_block(&title));
            if unknown {
                parts.push(format!("not an attribute of `{}`", key.block.title()));
            } else if key.block == BlockKind::FreeMap {
                parts.push("a key of a map".to_string());
            }
        }
    }
    if let Some(doc) = &key.doc {
        parts.push(doc.clone());
    }
    // The value the top-level attribute resolves to on this declaration.
    let top = key.path.first().unwrap_or(&key.name);
    if let Some(owner) = &key.owner
        && let Some(p) = resolved(analysis, owner.kind, &owner.name, top)
    {
        parts.push(provenance_text(analysis, top, p));
    }
    parts.join("\n\n")
}

fn resolved<'a>(
    analysis: &'a Analysis,
    kind: DeclKind,
    name: &str,
    attr: &str,
) -> Option<&'a Provenance> {
    match kind {
        DeclKind::Env => analysis.model.env(name)?.attribute(attr),
        DeclKind::Template => analysis.model.template(name)?.attribute(attr),
        DeclKind::Override => analysis.model.override_named(name)?.attribute(attr),
    }
}

fn origin_line(analysis: &Analysis, origin: &Origin) -> String {
    format!(
        "`{}` in {} ({})",
        written(analysis, origin.entry, 60),
        origin.decl,
        place(analysis, origin.key)
    )
}

/// The resolved value and its inheritance: where it is set, what it
/// shadows, what a `+=` merged.
pub(crate) fn provenance_text(analysis: &Analysis, attr: &str, p: &Provenance) -> String {
    let mut out = vec![if p.contributions.len() > 1 {
        format!(
            "**Resolved `{attr}`:** merged by `+=` in {} ({})",
            p.origin.decl,
            place(analysis, p.origin.key)
        )
    } else {
        format!(
            "**Resolved `{attr}`:** `{}` — set in {} ({})",
            written(analysis, p.origin.value, 80),
            p.origin.decl,
            place(analysis, p.origin.key)
        )
    }];
    if !p.contributions.is_empty() {
        out.push("Merged from:".to_string());
        for c in &p.contributions {
            out.push(format!("- {}", origin_line(analysis, c)));
        }
    }
    if !p.shadowed.is_empty() {
        out.push("Shadows:".to_string());
        for s in &p.shadowed {
            out.push(format!("- {}", origin_line(analysis, s)));
        }
    }
    out.join("\n")
}
