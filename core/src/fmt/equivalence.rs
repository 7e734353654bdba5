//! Comparing two syntax trees while ignoring where their nodes sit.
//!
//! The formatter moves every node, so spans always differ; what must not
//! differ is everything else: names, values, doc texts, entry order and the
//! comments. [`same_syntax`] clears every span of a copy of each tree and
//! compares the copies.

use crate::source::Span;
use crate::syntax::ast::*;

/// True when `a` and `b` are the same tree once spans are ignored: the same
/// declarations, entries, values, doc comments and (in order) comments.
pub fn same_syntax(a: &File, b: &File) -> bool {
    without_spans(a) == without_spans(b)
}

/// A copy of `file` with every span set to `0..0`.
pub fn without_spans(file: &File) -> File {
    let mut copy = file.clone();
    copy.clear_spans();
    copy
}

trait ClearSpans {
    fn clear_spans(&mut self);
}

fn clear(span: &mut Span) {
    *span = Span::default();
}

impl<T: ClearSpans> ClearSpans for Option<T> {
    fn clear_spans(&mut self) {
        if let Some(inner) = self {
            inner.clear_spans();
        }
    }
}

impl<T: ClearSpans> ClearSpans for Vec<T> {
    fn clear_spans(&mut self) {
        for inner in self {
            inner.clear_spans();
        }
    }
}

impl<T: ClearSpans> ClearSpans for Box<T> {
    fn clear_spans(&mut self) {
        self.as_mut().clear_spans();
    }
}

impl ClearSpans for File {
    fn clear_spans(&mut self) {
        self.items.clear_spans();
        self.comments.clear_spans();
    }
}

impl ClearSpans for Comment {
    fn clear_spans(&mut self) {
        clear(&mut self.span);
    }
}

impl ClearSpans for Doc {
    fn clear_spans(&mut self) {
        clear(&mut self.span);
    }
}

impl ClearSpans for Ident {
    fn clear_spans(&mut self) {
        clear(&mut self.span);
    }
}

impl ClearSpans for Key {
    fn clear_spans(&mut self) {
        clear(&mut self.span);
    }
}

impl ClearSpans for Item {
    fn clear_spans(&mut self) {
        match self {
            Item::Env(d) => {
                d.doc.clear_spans();
                d.name.clear_spans();
                d.extends.clear_spans();
                d.body.clear_spans();
                clear(&mut d.span);
            }
            Item::Template(d) => {
                d.doc.clear_spans();
                d.name.clear_spans();
                d.env.clear_spans();
                d.body.clear_spans();
                clear(&mut d.span);
            }
            Item::Override(d) => {
                d.doc.clear_spans();
                d.name.clear_spans();
                d.template.clear_spans();
                d.body.clear_spans();
                clear(&mut d.span);
            }
            Item::Type(d) => {
                d.doc.clear_spans();
                d.name.clear_spans();
                d.def.clear_spans();
                clear(&mut d.span);
            }
            Item::Error(span) => clear(span),
        }
    }
}

impl ClearSpans for TypeDef {
    fn clear_spans(&mut self) {
        match self {
            TypeDef::Enum {
                keyword,
                members,
                span,
            } => {
                clear(keyword);
                members.clear_spans();
                clear(span);
            }
            TypeDef::Record {
                keyword,
                flavor,
                fields,
                span,
            } => {
                clear(keyword);
                flavor.clear_spans();
                fields.clear_spans();
                clear(span);
            }
        }
    }
}

impl ClearSpans for EnumMember {
    fn clear_spans(&mut self) {
        self.doc.clear_spans();
        self.name.clear_spans();
        self.value.clear_spans();
    }
}

impl ClearSpans for Body {
    fn clear_spans(&mut self) {
        self.entries.clear_spans();
        clear(&mut self.span);
    }
}

impl ClearSpans for Entry {
    fn clear_spans(&mut self) {
        match self {
            Entry::Attr(a) => {
                a.doc.clear_spans();
                a.key.clear_spans();
                clear(&mut a.op_span);
                a.value.clear_spans();
                clear(&mut a.span);
            }
            Entry::Field(f) => f.clear_spans(),
            Entry::Labeled(b) => {
                b.doc.clear_spans();
                b.kind.clear_spans();
                b.label.clear_spans();
                b.body.clear_spans();
                clear(&mut b.span);
            }
            Entry::Returns(r) => {
                clear(&mut r.keyword);
                r.ty.clear_spans();
                clear(&mut r.span);
            }
        }
    }
}

impl ClearSpans for Field {
    fn clear_spans(&mut self) {
        self.doc.clear_spans();
        self.name.clear_spans();
        self.ty.clear_spans();
        self.default.clear_spans();
        clear(&mut self.span);
    }
}

impl ClearSpans for TypeExpr {
    fn clear_spans(&mut self) {
        match &mut self.kind {
            TypeExprKind::Named(name) => name.clear_spans(),
            TypeExprKind::Generic { name, args } => {
                name.clear_spans();
                args.clear_spans();
            }
            TypeExprKind::Optional(inner) => inner.clear_spans(),
            TypeExprKind::Union(members) => members.clear_spans(),
        }
        clear(&mut self.span);
    }
}

impl ClearSpans for TypeArg {
    fn clear_spans(&mut self) {
        match self {
            TypeArg::Type(ty) => ty.clear_spans(),
            TypeArg::Columns { fields, span } => {
                fields.clear_spans();
                clear(span);
            }
            TypeArg::Str { span, .. } => clear(span),
        }
    }
}

impl ClearSpans for Value {
    fn clear_spans(&mut self) {
        match &mut self.kind {
            ValueKind::List(items) => items.clear_spans(),
            ValueKind::Map(body) => body.clear_spans(),
            ValueKind::Str(_)
            | ValueKind::Int(_)
            | ValueKind::Float(_)
            | ValueKind::Bool(_)
            | ValueKind::None
            | ValueKind::Duration(_)
            | ValueKind::Ident(_) => {}
        }
        clear(&mut self.span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;
    use crate::syntax::parse;

    fn tree(text: &str) -> File {
        parse(FileId(0), text).file
    }

    #[test]
    fn layout_does_not_matter() {
        let a = tree("env a { x = 1, y = [1, 2] } // c");
        let b = tree("env a {\n  x = 1\n  y = [\n    1,\n    2,\n  ]\n}  // c\n");
        assert!(same_syntax(&a, &b));
    }

    #[test]
    fn values_comments_and_docs_matter() {
        let base = tree("/// d\nenv a { x = 1 } // c");
        assert!(!same_syntax(&base, &tree("/// d\nenv a { x = 2 } // c")));
        assert!(!same_syntax(&base, &tree("/// e\nenv a { x = 1 } // c")));
        assert!(!same_syntax(&base, &tree("/// d\nenv a { x = 1 } // C")));
        assert!(!same_syntax(&base, &tree("/// d\nenv a { x = 1 }")));
    }
}
