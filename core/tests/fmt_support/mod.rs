//! Shared checks of the formatter tests: a formatted text must format to
//! itself, parse to the same tree, and keep every literal's spelling.

#![allow(dead_code)]

use taskc_core::fmt::{format_source, same_syntax};
use taskc_core::source::{FileId, Span};
use taskc_core::syntax::ast::*;
use taskc_core::syntax::parse;

/// Format `text`, which must parse, and check every formatter guarantee on
/// the way. Returns the formatted text.
pub fn format_checked(text: &str) -> String {
    let original = parse(FileId(0), text);
    assert!(
        !original.diagnostics.iter().any(|d| d.is_error()),
        "the input must parse: {:#?}\n{text}",
        original.diagnostics
    );
    let once = match format_source(text) {
        Ok(once) => once,
        Err(diagnostics) => panic!("not formatted: {diagnostics:#?}\n--- input:\n{text}"),
    };
    let reparsed = parse(FileId(0), &once);
    assert!(
        !reparsed.diagnostics.iter().any(|d| d.is_error()),
        "the output does not parse: {:#?}\n--- output:\n{once}",
        reparsed.diagnostics
    );
    assert!(
        same_syntax(&original.file, &reparsed.file),
        "the tree changed\n--- input:\n{text}\n--- output:\n{once}"
    );
    assert_eq!(
        literal_spellings(text, &original.file),
        literal_spellings(&once, &reparsed.file),
        "a literal's spelling changed\n--- output:\n{once}"
    );
    let twice = match format_source(&once) {
        Ok(twice) => twice,
        Err(diagnostics) => panic!("output not formatted again: {diagnostics:#?}\n{once}"),
    };
    assert_eq!(
        once, twice,
        "not idempotent\n--- input:\n{text}\n--- once:\n{once}\n--- twice:\n{twice}"
    );
    once
}

/// The source text of every literal and name, in order.
pub fn literal_spellings(text: &str, file: &File) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |span: Span| out.push(text[span.start..span.end].to_owned());
    for item in &file.items {
        match item {
            Item::Env(d) => body(&d.body, &mut push),
            Item::Template(d) => body(&d.body, &mut push),
            Item::Override(d) => body(&d.body, &mut push),
            Item::Type(d) => match &d.def {
                TypeDef::Enum { members, .. } => {
                    for m in members {
                        push(m.name.span);
                    }
                }
                TypeDef::Record { fields, .. } => {
                    for f in fields {
                        field(f, &mut push);
                    }
                }
            },
            Item::Error(_) => {}
        }
    }
    out
}

fn body(b: &Body, push: &mut impl FnMut(Span)) {
    for entry in &b.entries {
        match entry {
            Entry::Attr(a) => {
                push(a.key.span);
                value(&a.value, push);
            }
            Entry::Field(f) => field(f, push),
            Entry::Labeled(l) => {
                push(l.kind.span);
                push(l.label.span);
                body(&l.body, push);
            }
            Entry::Returns(r) => type_expr(&r.ty, push),
        }
    }
}

fn field(f: &Field, push: &mut impl FnMut(Span)) {
    push(f.name.span);
    type_expr(&f.ty, push);
    if let Some(d) = &f.default {
        value(d, push);
    }
}

fn type_expr(t: &TypeExpr, push: &mut impl FnMut(Span)) {
    match &t.kind {
        TypeExprKind::Named(n) => push(n.span),
        TypeExprKind::Optional(inner) => type_expr(inner, push),
        TypeExprKind::Union(members) => {
            for m in members {
                type_expr(m, push);
            }
        }
        TypeExprKind::Generic { name, args } => {
            push(name.span);
            for arg in args {
                match arg {
                    TypeArg::Type(t) => type_expr(t, push),
                    TypeArg::Str { span, .. } => push(*span),
                    TypeArg::Columns { fields, .. } => {
                        for f in fields {
                            field(f, push);
                        }
                    }
                }
            }
        }
    }
}

fn value(v: &Value, push: &mut impl FnMut(Span)) {
    match &v.kind {
        ValueKind::List(items) => {
            for item in items {
                value(item, push);
            }
        }
        ValueKind::Map(b) => body(b, push),
        _ => push(v.span),
    }
}

/// The `.task` files the project ships: examples, conformance cases and the
/// specification's example, as (name, text).
pub fn shipped_files() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    let mut add_dir =
        |dir: std::path::PathBuf, pick: &dyn Fn(&std::path::Path) -> Option<std::path::PathBuf>| {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                return;
            };
            let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                if let Some(file) = pick(&path) {
                    if let Ok(text) = std::fs::read_to_string(&file) {
                        let name = file
                            .strip_prefix(&root)
                            .unwrap_or(&file)
                            .display()
                            .to_string();
                        files.push((name, text));
                    }
                }
            }
        };
    add_dir(root.join("examples"), &|p| {
        (p.extension().is_some_and(|e| e == "task")).then(|| p.to_path_buf())
    });
    add_dir(root.join("tests/conformance"), &|p| {
        let file = p.join("tasks.task");
        file.is_file().then_some(file)
    });
    add_dir(root.join("core/tests/data"), &|p| {
        (p.extension().is_some_and(|e| e == "task")).then(|| p.to_path_buf())
    });
    files
}
