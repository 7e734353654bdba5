use std::collections::HashSet;

use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::context::finding;
use crate::lint::registry::declare_rule;
use crate::lint::walk;
use crate::source::FileSpan;
use crate::syntax::ast::{Entry, Item, TypeArg, TypeDef, TypeExpr, TypeExprKind};

declare_rule! {
    /// ## What it does
    /// Reports a `type` (enum or record) that no input, output, record
    /// field or other type of the workspace refers to.
    ///
    /// ## Why is this bad?
    /// An unused type is dead code: it is checked and shown in editors but
    /// reaches no task interface. It is often left behind after an input
    /// changed type, or a typo in a type name made another type be used.
    ///
    /// ## Example
    /// ```task
    /// type Region = enum { eu, us }
    /// type Zone = enum { a, b }     // nothing uses Zone
    /// env etl {}
    /// template load in etl { inputs { region: Region } }
    /// ```
    ///
    /// ## How to fix
    /// Remove the type, or use it where it was meant to be used.
    /// ```task
    /// type Region = enum { eu, us }
    /// env etl {}
    /// template load in etl { inputs { region: Region } }
    /// ```
    pub static UNUSED_TYPE = {
        code: L0005,
        name: "unused-type",
        summary: "type is never used",
        level: Warn,
        check: check,
    }
}

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    if cx.has_unparsed_declarations() {
        return;
    }
    let types = || {
        cx.files.iter().flat_map(|(file, ast)| {
            ast.items.iter().filter_map(move |item| match item {
                Item::Type(t) => Some((*file, t)),
                _ => None,
            })
        })
    };
    let declared: Vec<(&str, FileSpan)> = types()
        .map(|(file, t)| (t.name.name.as_str(), FileSpan::new(file, t.name.span)))
        .collect();
    let mut unused: HashSet<&str> = declared.iter().map(|(name, _)| *name).collect();
    // Types are few and usually all used: references between types are
    // taken first, then the walk over the declarations stops as soon as
    // each type has been seen once (in a workspace without findings,
    // usually early), allocating nothing per reference.
    for (_, t) in types() {
        if let TypeDef::Record { fields, .. } = &t.def {
            for f in fields {
                // A record that refers to itself is not used by that.
                type_names(&f.ty, &mut |name| {
                    if name != t.name.name {
                        unused.remove(name);
                    }
                });
            }
        }
    }
    'files: for (_, ast) in cx.files {
        for body in ast.items.iter().filter_map(walk::bodies_of) {
            if unused.is_empty() {
                break 'files;
            }
            walk::entries(body, &mut |entry| match entry {
                Entry::Field(f) => type_names(&f.ty, &mut |name| {
                    unused.remove(name);
                }),
                Entry::Returns(r) => type_names(&r.ty, &mut |name| {
                    unused.remove(name);
                }),
                Entry::Attr(_) | Entry::Labeled(_) => {}
            });
        }
    }
    for (name, at) in declared {
        if unused.contains(name) {
            out.push(
                finding(UNUSED_TYPE.code, at, format!("type `{name}` is never used"))
                    .with_primary_label("no input, output or type refers to it")
                    .with_help("remove it, or use it as the type of an input or output"),
            );
        }
    }
}

/// Every named type `ty` mentions.
fn type_names<'a>(ty: &'a TypeExpr, out: &mut dyn FnMut(&'a str)) {
    match &ty.kind {
        TypeExprKind::Named(name) => out(&name.name),
        TypeExprKind::Generic { args, .. } => {
            for arg in args {
                match arg {
                    TypeArg::Type(t) => type_names(t, out),
                    TypeArg::Columns { fields, .. } => {
                        for f in fields {
                            type_names(&f.ty, out);
                        }
                    }
                    TypeArg::Str { .. } => {}
                }
            }
        }
        TypeExprKind::Optional(inner) => type_names(inner, out),
        TypeExprKind::Union(members) => {
            for m in members {
                type_names(m, out);
            }
        }
    }
}
