use std::collections::BTreeSet;

use rayon::prelude::*;

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

/// One file's declared types (name, where) and the type names it uses.
type FileTypes = (Vec<(String, FileSpan)>, BTreeSet<String>);

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    if cx.has_unparsed_declarations() {
        return;
    }
    // Per file: the types it declares and the names it refers to.
    let per_file: Vec<FileTypes> = cx
        .files
        .par_iter()
        .map(|(file, ast)| {
            let mut declared = Vec::new();
            let mut used = BTreeSet::new();
            for item in &ast.items {
                match item {
                    Item::Type(t) => {
                        declared.push((t.name.name.clone(), FileSpan::new(*file, t.name.span)));
                        if let TypeDef::Record { fields, .. } = &t.def {
                            for f in fields {
                                // A record that refers to itself does not use itself.
                                let mut refs = BTreeSet::new();
                                type_names(&f.ty, &mut refs);
                                refs.remove(&t.name.name);
                                used.extend(refs);
                            }
                        }
                    }
                    _ => {
                        if let Some(body) = walk::bodies_of(item) {
                            walk::entries(body, &mut |entry| match entry {
                                Entry::Field(f) => type_names(&f.ty, &mut used),
                                Entry::Returns(r) => type_names(&r.ty, &mut used),
                                Entry::Attr(_) | Entry::Labeled(_) => {}
                            });
                        }
                    }
                }
            }
            (declared, used)
        })
        .collect();
    let used: BTreeSet<&String> = per_file.iter().flat_map(|(_, u)| u).collect();
    for (name, at) in per_file.iter().flat_map(|(d, _)| d) {
        if !used.contains(name) {
            out.push(
                finding(
                    UNUSED_TYPE.code,
                    *at,
                    format!("type `{name}` is never used"),
                )
                .with_primary_label("no input, output or type refers to it")
                .with_help("remove it, or use it as the type of an input or output"),
            );
        }
    }
}

/// Every named type `ty` mentions.
fn type_names(ty: &TypeExpr, out: &mut BTreeSet<String>) {
    match &ty.kind {
        TypeExprKind::Named(name) => {
            out.insert(name.name.clone());
        }
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
