//! Selection ranges: what "expand selection" grows through from a
//! position, read from the syntax tree: the word or token, then each
//! enclosing node (value, entry, block, declaration with its doc comment)
//! up to the whole file.

use super::Analysis;
use crate::source::{FileId, Span};
use crate::syntax::ast::{
    Body, Doc, Entry, Field, Ident, Item, TypeArg, TypeDef, TypeExpr, TypeExprKind, Value,
    ValueKind,
};

/// The ranges around `offset`, innermost first, each strictly inside the
/// next; empty when `offset` is past the end of the file.
pub(crate) fn selection_ranges(analysis: &Analysis, file: FileId, offset: usize) -> Vec<Span> {
    let (Some(ast), Some(source)) = (analysis.parsed(file), analysis.db.get(file)) else {
        return Vec::new();
    };
    let text = &*source.text;
    if offset > text.len() {
        return Vec::new();
    }
    let mut chain = Chain {
        offset,
        spans: vec![Span::new(0, text.len())],
    };
    if let Some(item) = ast
        .items
        .iter()
        .find(|i| chain.meets(with_doc(doc_of(i), i.span())))
    {
        chain.item(item);
    }
    // A comment is not in the tree; the one under the cursor is a step of
    // its own inside whatever node holds it.
    if let Some(comment) = ast.comments.iter().find(|c| chain.meets(c.span)) {
        chain.push(comment.span);
    }
    if let Some(word) = word_at(text, offset) {
        chain.push(word);
    }
    let mut spans = chain.spans;
    spans.reverse();
    spans
}

fn doc_of(item: &Item) -> Option<&Doc> {
    match item {
        Item::Env(d) => d.doc.as_deref(),
        Item::Template(d) => d.doc.as_deref(),
        Item::Override(d) => d.doc.as_deref(),
        Item::Type(d) => d.doc.as_deref(),
        Item::Error(_) => None,
    }
}

fn with_doc(doc: Option<&Doc>, span: Span) -> Span {
    doc.map_or(span, |d| d.span.cover(span))
}

/// The identifier-like word (letters, digits, `_`) touching `offset`.
fn word_at(text: &str, offset: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut start = offset.min(bytes.len());
    while start > 0 && is_word(bytes[start - 1]) {
        start -= 1;
    }
    let mut end = offset.min(bytes.len());
    while end < bytes.len() && is_word(bytes[end]) {
        end += 1;
    }
    (end > start).then(|| Span::new(start, end))
}

/// The spans entered so far, outermost first.
struct Chain {
    offset: usize,
    spans: Vec<Span>,
}

impl Chain {
    fn meets(&self, span: Span) -> bool {
        span.contains(self.offset)
    }

    /// Enter `span` when it holds the offset and lies inside (and is
    /// smaller than) the innermost span so far; a span equal to it adds no
    /// step.
    fn push(&mut self, span: Span) -> bool {
        if !self.meets(span) {
            return false;
        }
        let Some(inner) = self.spans.last().copied() else {
            self.spans.push(span);
            return true;
        };
        if span == inner {
            return true;
        }
        if inner.start <= span.start && span.end <= inner.end {
            self.spans.push(span);
            return true;
        }
        false
    }

    fn ident(&mut self, ident: &Ident) -> bool {
        self.push(ident.span)
    }

    /// A node with an optional doc comment above it: the two together,
    /// then the doc or the node alone.
    fn documented(&mut self, doc: Option<&Doc>, span: Span) -> bool {
        if !self.push(with_doc(doc, span)) {
            return false;
        }
        if doc.is_some_and(|d| self.push(d.span)) {
            return false;
        }
        self.push(span)
    }

    fn item(&mut self, item: &Item) {
        if !self.documented(doc_of(item), item.span()) {
            return;
        }
        match item {
            Item::Env(e) => {
                let _ = self.ident(&e.name)
                    || e.extends.as_ref().is_some_and(|p| self.ident(p))
                    || self.body(&e.body);
            }
            Item::Template(t) => {
                let _ = self.ident(&t.name) || self.ident(&t.env) || self.body(&t.body);
            }
            Item::Override(o) => {
                let _ = self.ident(&o.name) || self.ident(&o.template) || self.body(&o.body);
            }
            Item::Type(t) => {
                let _ = self.ident(&t.name) || self.type_def(&t.def);
            }
            Item::Error(_) => {}
        }
    }

    fn type_def(&mut self, def: &TypeDef) -> bool {
        match def {
            TypeDef::Enum {
                keyword,
                members,
                span,
            } => {
                self.push(*keyword)
                    || (self.push(*span)
                        && members
                            .iter()
                            .any(|m| self.documented(m.doc.as_deref(), m.name.span)))
            }
            TypeDef::Record {
                keyword,
                flavor,
                fields,
                span,
            } => {
                self.push(*keyword)
                    || flavor.as_ref().is_some_and(|f| self.ident(f))
                    || (self.push(*span) && fields.iter().any(|f| self.field(f)))
            }
        }
    }

    fn body(&mut self, body: &Body) -> bool {
        if !self.push(body.span) {
            return false;
        }
        let _ = body.entries.iter().any(|e| self.entry(e));
        true
    }

    fn entry(&mut self, entry: &Entry) -> bool {
        match entry {
            Entry::Attr(a) => {
                if !self.documented(a.doc.as_deref(), a.span) {
                    return false;
                }
                let _ = self.push(a.key.span) || self.value(&a.value);
            }
            Entry::Field(f) => return self.field(f),
            Entry::Labeled(b) => {
                if !self.documented(b.doc.as_deref(), b.span) {
                    return false;
                }
                let _ = self.ident(&b.kind) || self.ident(&b.label) || self.body(&b.body);
            }
            Entry::Returns(r) => {
                if !self.push(r.span) {
                    return false;
                }
                let _ = self.push(r.keyword) || self.ty(&r.ty);
            }
        }
        true
    }

    fn field(&mut self, field: &Field) -> bool {
        if !self.documented(field.doc.as_deref(), field.span) {
            return false;
        }
        let _ = self.ident(&field.name)
            || self.ty(&field.ty)
            || field.default.as_ref().is_some_and(|v| self.value(v));
        true
    }

    fn ty(&mut self, ty: &TypeExpr) -> bool {
        if !self.push(ty.span) {
            return false;
        }
        let _ = match &ty.kind {
            TypeExprKind::Named(name) => self.ident(name),
            TypeExprKind::Generic { name, args } => {
                self.ident(name) || args.iter().any(|a| self.type_arg(a))
            }
            TypeExprKind::Optional(inner) => self.ty(inner),
            TypeExprKind::Union(types) => types.iter().any(|t| self.ty(t)),
        };
        true
    }

    fn type_arg(&mut self, arg: &TypeArg) -> bool {
        match arg {
            TypeArg::Type(t) => self.ty(t),
            TypeArg::Columns { fields, span } => {
                if !self.push(*span) {
                    return false;
                }
                let _ = fields.iter().any(|f| self.field(f));
                true
            }
            TypeArg::Str { span, .. } => self.push(*span),
        }
    }

    fn value(&mut self, value: &Value) -> bool {
        if !self.push(value.span) {
            return false;
        }
        let _ = match &value.kind {
            ValueKind::List(items) => items.iter().any(|v| self.value(v)),
            ValueKind::Map(body) => self.body(body),
            _ => false,
        };
        true
    }
}
