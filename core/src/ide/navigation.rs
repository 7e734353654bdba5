//! Go to definition, find references and rename, over the name index.
//!
//! Rename covers envs, templates, overrides, types and inputs: every place
//! the index knows, including trigger input bindings, `ignored_inputs`,
//! SQL placeholders and container arguments.
//!
//! A rename keeps what is deployed: a function template without a
//! `function` entry takes its Python function name (and so its task id,
//! `<env>.<function>`) from the template name, so renaming such a template
//! also writes `function = "<old name>"` into its body. Renaming an env or
//! an input does change task ids or parameter names; that is what those
//! names are.

use super::catalog::{self, KEYWORDS};
use super::index::Target;
use super::{Analysis, RenameError, TextEdit};
use crate::semantic::types::BUILTIN_TYPES;
use crate::source::{FileId, FileSpan, Span};
use crate::syntax::ast::{Entry, Item};

pub(crate) fn definition(analysis: &Analysis, file: FileId, offset: usize) -> Vec<FileSpan> {
    if let Some(occ) = analysis.index().occurrence_at(file, offset) {
        return analysis
            .index()
            .decls
            .iter()
            .filter(|d| d.target == occ.target)
            .map(|d| FileSpan::new(d.file, d.name_span))
            .collect();
    }
    // On an attribute key: where the value it replaces or inherits is set.
    if let Some(key) = analysis.index().attr_key_at(file, offset)
        && key.path.is_empty()
        && let Some(owner) = &key.owner
    {
        let p = match owner.kind {
            crate::semantic::provenance::DeclKind::Env => analysis
                .model
                .env(&owner.name)
                .and_then(|e| e.attribute(&key.name)),
            crate::semantic::provenance::DeclKind::Template => analysis
                .model
                .template(&owner.name)
                .and_then(|t| t.attribute(&key.name)),
            crate::semantic::provenance::DeclKind::Override => analysis
                .model
                .override_named(&owner.name)
                .and_then(|o| o.attribute(&key.name)),
        };
        if let Some(p) = p {
            let here = FileSpan::new(file, key.span);
            return p
                .places()
                .map(|o| o.key)
                .filter(|at| *at != here)
                .take(1)
                .collect();
        }
    }
    Vec::new()
}

pub(crate) fn references(
    analysis: &Analysis,
    file: FileId,
    offset: usize,
    include_declaration: bool,
) -> Vec<FileSpan> {
    let Some(occ) = analysis.index().occurrence_at(file, offset) else {
        return Vec::new();
    };
    let mut out: Vec<FileSpan> = analysis
        .index()
        .occurrences_of(&occ.target)
        .filter(|o| include_declaration || !o.is_decl)
        .map(|o| FileSpan::new(o.file, o.span))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn error(message: impl Into<String>) -> RenameError {
    RenameError {
        message: message.into(),
    }
}

/// The renamable name at `offset`.
fn rename_target(
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> Result<(Target, Span), RenameError> {
    let Some(occ) = analysis.index().occurrence_at(file, offset) else {
        return Err(error(
            "only env, template, override, type and input names can be renamed",
        ));
    };
    match &occ.target {
        Target::Env(_)
        | Target::Template(_)
        | Target::Override(_)
        | Target::Type(_)
        | Target::Input { .. } => {}
        Target::BuiltinType(name) => {
            return Err(error(format!(
                "`{name}` is a built-in type and cannot be renamed"
            )));
        }
        other => {
            let word = other.kind_word();
            let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            return Err(error(format!(
                "renaming {article} {word} is not supported; rename envs, templates, overrides, types or inputs"
            )));
        }
    }
    if analysis.index().decl(&occ.target).is_none() {
        return Err(error(format!(
            "no {} named `{}` is declared",
            occ.target.kind_word(),
            occ.target.name()
        )));
    }
    Ok((occ.target.clone(), occ.span))
}

pub(crate) fn prepare_rename(
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> Result<Span, RenameError> {
    rename_target(analysis, file, offset).map(|(_, span)| span)
}

pub(crate) fn rename(
    analysis: &Analysis,
    file: FileId,
    offset: usize,
    new_name: &str,
) -> Result<Vec<TextEdit>, RenameError> {
    let (target, _) = rename_target(analysis, file, offset)?;
    check_new_name(analysis, &target, new_name)?;
    let mut edits: Vec<TextEdit> = analysis
        .index()
        .occurrences_of(&target)
        .map(|o| TextEdit {
            file: o.file,
            span: o.span,
            new_text: new_name.to_string(),
        })
        .collect();
    if let Target::Template(name) = &target {
        edits.extend(keep_function_name(analysis, name));
    }
    edits.sort();
    edits.dedup();
    Ok(edits)
}

/// `function = "<name>"` for a function template that does not write its
/// function name, placed as the body's first entry in the body's layout.
fn keep_function_name(analysis: &Analysis, name: &str) -> Option<TextEdit> {
    let task = analysis.model.template(name)?;
    if !task.is_function() || !catalog::is_python_identifier(name) {
        return None;
    }
    let file = task.decl_at.file;
    let ast = analysis.parsed(file)?;
    let decl = ast.items.iter().find_map(|item| match item {
        Item::Template(t) if t.name.name == name && t.span == task.decl_at.span => Some(t),
        _ => None,
    })?;
    let writes_function = decl
        .body
        .entries
        .iter()
        .any(|e| matches!(e, Entry::Attr(a) if a.key.name == "function"));
    if writes_function {
        return None;
    }
    let text = &analysis.db.get(file)?.text;
    let body = decl.body.span;
    let inside = text.get(body.start + 1..body.end.saturating_sub(1))?;
    let entry = format!("function = \"{name}\"");
    let (at, new_text) = if inside.trim().is_empty() {
        (Span::new(body.start, body.end), format!("{{ {entry} }}"))
    } else if inside
        .split('\n')
        .next()
        .is_some_and(|first| first.trim().is_empty())
    {
        // One entry per line: match the indentation of the first entry.
        let indent: String = inside
            .lines()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.chars().take_while(|c| c.is_whitespace()).collect())
            .unwrap_or_else(|| "  ".to_string());
        let line_end = body.start + 1 + inside.find('\n').unwrap_or(0);
        (Span::new(line_end, line_end), format!("\n{indent}{entry}"))
    } else {
        (
            Span::new(body.start + 1, body.start + 1),
            format!(" {entry},"),
        )
    };
    Some(TextEdit {
        file,
        span: at,
        new_text,
    })
}

fn check_new_name(analysis: &Analysis, target: &Target, new_name: &str) -> Result<(), RenameError> {
    if new_name == target.name() {
        return Err(error(format!(
            "the {} is already named `{new_name}`",
            target.kind_word()
        )));
    }
    if !catalog::is_identifier(new_name) {
        return Err(error(format!(
            "`{new_name}` is not a valid name: use letters, digits, `_` and single `-` between parts, starting with a letter or `_`"
        )));
    }
    if KEYWORDS.contains(&new_name) {
        return Err(error(format!("`{new_name}` is a keyword")));
    }
    if BUILTIN_TYPES.contains(&new_name) {
        return Err(error(format!("`{new_name}` is a built-in type name")));
    }
    match target {
        Target::Input { template, .. } => {
            if !catalog::is_python_identifier(new_name) {
                return Err(error(format!(
                    "`{new_name}` is not a Python identifier; input names are Python parameter names"
                )));
            }
            let taken = analysis.index().decls.iter().any(|d| {
                matches!(&d.target, Target::Input { template: t, name } if t == template && name == new_name)
            });
            if taken {
                return Err(error(format!(
                    "template `{template}` already has an input named `{new_name}`"
                )));
            }
        }
        _ => {
            // Envs have a namespace of their own, templates and overrides
            // share one, types have theirs (semantic/namespace.rs).
            let same_space = |other: &Target| match (target, other) {
                (Target::Env(_), Target::Env(n)) | (Target::Type(_), Target::Type(n)) => {
                    n == new_name
                }
                (
                    Target::Template(_) | Target::Override(_),
                    Target::Template(n) | Target::Override(n),
                ) => n == new_name,
                _ => false,
            };
            let taken = analysis
                .index()
                .decls
                .iter()
                .find(|d| same_space(&d.target));
            if let Some(other) = taken {
                return Err(error(format!(
                    "`{new_name}` is already the name of {} `{new_name}`",
                    other.target.kind_word()
                )));
            }
        }
    }
    Ok(())
}
