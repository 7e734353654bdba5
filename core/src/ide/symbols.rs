//! Document outline and workspace symbol search.

use super::index::{Target, compact, slice};
use super::{Analysis, Symbol, SymbolKind};
use crate::source::{FileId, Span};
use crate::syntax::ast::{Body, Entry, Item, TypeDef, ValueKind};

pub(crate) fn document_symbols(analysis: &Analysis, file: FileId) -> Vec<Symbol> {
    let (Some(ast), Some(source)) = (analysis.parsed(file), analysis.db.get(file)) else {
        return Vec::new();
    };
    let text = &*source.text;
    let leaf = |name: &str, kind, detail: Option<String>, span: Span, selection: Span| Symbol {
        name: name.to_string(),
        kind,
        detail,
        file,
        span,
        selection_span: selection,
        children: Vec::new(),
    };
    let body_children = |body: &Body| -> Vec<Symbol> {
        let mut out = Vec::new();
        for entry in &body.entries {
            match entry {
                Entry::Attr(a) => {
                    let fields: Vec<Symbol> = match (&a.key.name[..], &a.value.kind) {
                        ("inputs" | "outputs", ValueKind::Map(b)) => b
                            .entries
                            .iter()
                            .filter_map(|e| match e {
                                Entry::Field(f) => Some(leaf(
                                    &f.name.name,
                                    if a.key.name == "inputs" {
                                        SymbolKind::Input
                                    } else {
                                        SymbolKind::Output
                                    },
                                    Some(compact(slice(text, f.ty.span), 60)),
                                    f.span,
                                    f.name.span,
                                )),
                                _ => None,
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    let block = matches!(a.value.kind, ValueKind::Map(_));
                    let detail = (!block).then(|| compact(slice(text, a.value.span), 60));
                    let mut sym = leaf(
                        &a.key.name,
                        if block {
                            SymbolKind::Block
                        } else {
                            SymbolKind::Attribute
                        },
                        detail,
                        a.span,
                        a.key.span,
                    );
                    sym.children = fields;
                    out.push(sym);
                }
                Entry::Labeled(b) => {
                    let kind = if b.kind.name == "trigger" {
                        SymbolKind::Trigger
                    } else {
                        SymbolKind::Block
                    };
                    let (name, detail) = if b.kind.name == "trigger" {
                        (b.label.name.clone(), Some("trigger".to_string()))
                    } else {
                        (format!("{} {}", b.kind.name, b.label.name), None)
                    };
                    out.push(leaf(&name, kind, detail, b.span, b.label.span));
                }
                Entry::Returns(r) => out.push(leaf(
                    "returns",
                    SymbolKind::Output,
                    Some(compact(slice(text, r.ty.span), 60)),
                    r.span,
                    r.keyword,
                )),
                Entry::Field(f) => out.push(leaf(
                    &f.name.name,
                    SymbolKind::Field,
                    Some(compact(slice(text, f.ty.span), 60)),
                    f.span,
                    f.name.span,
                )),
            }
        }
        out
    };
    let mut out = Vec::new();
    for item in &ast.items {
        let sym = match item {
            Item::Env(e) => Symbol {
                detail: e.extends.as_ref().map(|p| format!("extends {}", p.name)),
                children: body_children(&e.body),
                ..leaf(&e.name.name, SymbolKind::Env, None, e.span, e.name.span)
            },
            Item::Template(t) => Symbol {
                detail: Some(format!("in {}", t.env.name)),
                children: body_children(&t.body),
                ..leaf(
                    &t.name.name,
                    SymbolKind::Template,
                    None,
                    t.span,
                    t.name.span,
                )
            },
            Item::Override(o) => Symbol {
                detail: Some(format!("of {}", o.template.name)),
                children: body_children(&o.body),
                ..leaf(
                    &o.name.name,
                    SymbolKind::Override,
                    None,
                    o.span,
                    o.name.span,
                )
            },
            Item::Type(t) => match &t.def {
                TypeDef::Enum { members, .. } => Symbol {
                    detail: Some("enum".to_string()),
                    children: members
                        .iter()
                        .map(|m| {
                            leaf(
                                &m.name.name,
                                SymbolKind::EnumMember,
                                None,
                                m.name.span,
                                m.name.span,
                            )
                        })
                        .collect(),
                    ..leaf(&t.name.name, SymbolKind::Enum, None, t.span, t.name.span)
                },
                TypeDef::Record { fields, flavor, .. } => Symbol {
                    detail: Some(match flavor {
                        Some(f) => format!("record {}", f.name),
                        None => "record".to_string(),
                    }),
                    children: fields
                        .iter()
                        .map(|f| {
                            leaf(
                                &f.name.name,
                                SymbolKind::Field,
                                Some(compact(slice(text, f.ty.span), 60)),
                                f.span,
                                f.name.span,
                            )
                        })
                        .collect(),
                    ..leaf(&t.name.name, SymbolKind::Record, None, t.span, t.name.span)
                },
            },
            Item::Error(_) => continue,
        };
        out.push(sym);
    }
    out
}

/// How well `name` matches `query`: lower is better; `None` is no match.
/// Exact, then prefix, then substring, then the query's characters in
/// order (`gtr` finds `gpu-train`); case is ignored.
fn match_score(name: &str, query: &str) -> Option<u8> {
    let name = name.to_lowercase();
    let query = query.to_lowercase();
    if query.is_empty() {
        return Some(3);
    }
    if name == query {
        return Some(0);
    }
    if name.starts_with(&query) {
        return Some(1);
    }
    if name.contains(&query) {
        return Some(2);
    }
    let mut chars = name.chars();
    query.chars().all(|q| chars.any(|c| c == q)).then_some(4)
}

pub(crate) fn workspace_symbols(analysis: &Analysis, query: &str) -> Vec<Symbol> {
    let mut found: Vec<(u8, Symbol)> = analysis
        .index()
        .decls
        .iter()
        .filter_map(|d| {
            let (kind, detail) = match &d.target {
                Target::Env(_) => (SymbolKind::Env, None),
                Target::Template(_) => (SymbolKind::Template, None),
                Target::Override(_) => (SymbolKind::Override, None),
                Target::Type(_) => (
                    if d.signature.contains("enum") {
                        SymbolKind::Enum
                    } else {
                        SymbolKind::Record
                    },
                    None,
                ),
                Target::Input { template, .. } => {
                    (SymbolKind::Input, Some(format!("input of {template}")))
                }
                Target::Trigger { template, .. } => {
                    (SymbolKind::Trigger, Some(format!("trigger of {template}")))
                }
                _ => return None,
            };
            let score = match_score(d.target.name(), query)?;
            Some((
                score,
                Symbol {
                    name: d.target.name().to_string(),
                    kind,
                    detail: detail.or_else(|| Some(d.signature.clone())),
                    file: d.file,
                    span: d.span,
                    selection_span: d.name_span,
                    children: Vec::new(),
                },
            ))
        })
        .collect();
    found.sort_by(|(a, x), (b, y)| a.cmp(b).then(x.file.cmp(&y.file)).then(x.span.cmp(&y.span)));
    found.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::match_score;

    #[test]
    fn matches_rank_exact_prefix_substring_then_subsequence() {
        assert_eq!(match_score("base", "base"), Some(0));
        assert_eq!(match_score("base-gpu", "BASE"), Some(1));
        assert_eq!(match_score("gpu-train", "train"), Some(2));
        assert_eq!(match_score("gpu-train", "gtr"), Some(4));
        assert_eq!(match_score("gpu-train", "xyz"), None);
    }
}
