//! Reusing the trees of unchanged declarations when a file is parsed again.
//!
//! A keystroke changes one declaration of a file; the others keep their
//! text and only move (everything after the edit shifts by the length
//! change). The parser already handles each declaration chunk on its own,
//! so [`ChunkTrees`] keeps each chunk's tree under the text it was built
//! from, and the next parse of the file copies that tree, shifted to the
//! chunk's new place, instead of running the grammar and the builder again.
//!
//! The text a tree depends on is the chunk plus the gap before it, back to
//! the end of the previous declaration: the gap holds the chunk's doc
//! comments. Only chunks that parsed cleanly (no diagnostic, nothing left
//! open) after a complete declaration (or at the start of the file) are
//! kept, so a reused tree never needs a diagnostic replayed.

use std::collections::HashMap;

use crate::source::Span;
use crate::syntax::ast::*;

/// The declaration trees of a file's last parse, by the text they came
/// from. Pass the same value to every [`parse_reusing`](super::parse_reusing)
/// of one file.
#[derive(Debug, Default)]
pub struct ChunkTrees {
    kept: HashMap<String, KeptChunk>,
    /// How many declarations the last parse took from here.
    reused: usize,
}

#[derive(Debug)]
pub(super) struct KeptChunk {
    /// Where the key text started when the tree was built.
    pub key_start: usize,
    pub item: Item,
    /// Doc comments the tree took (they must not be reported as
    /// documenting nothing).
    pub claimed_docs: Vec<Span>,
}

impl ChunkTrees {
    pub fn new() -> Self {
        ChunkTrees::default()
    }

    /// How many declaration trees are kept.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// How many declarations the last parse reused instead of parsing.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// Take the tree built from exactly `key`, for a key text that now
    /// starts at `key_start`: the tree is moved there, and so are the
    /// spans of the doc comments it claimed.
    pub(super) fn take(&mut self, key: &str, key_start: usize) -> Option<KeptChunk> {
        let mut kept = self.kept.remove(key)?;
        let shift = Shift {
            from: kept.key_start,
            to: key_start,
        };
        if shift.from != shift.to {
            shift.item(&mut kept.item);
            for span in &mut kept.claimed_docs {
                shift.span(span);
            }
            kept.key_start = key_start;
        }
        Some(kept)
    }

    pub(super) fn keep(&mut self, key: &str, chunk: KeptChunk) {
        self.kept.insert(key.to_string(), chunk);
    }

    /// Record that `count` declarations were reused.
    pub(super) fn set_reused(&mut self, count: usize) {
        self.reused = count;
    }
}

/// Moves every span of a tree from one place in the file to another.
struct Shift {
    from: usize,
    to: usize,
}

impl Shift {
    fn span(&self, span: &mut Span) {
        // Every span of a kept tree lies after `from` (the start of its key
        // text); wrapping arithmetic gives the same result without a
        // panic path.
        span.start = span.start.wrapping_sub(self.from).wrapping_add(self.to);
        span.end = span.end.wrapping_sub(self.from).wrapping_add(self.to);
    }

    fn item(&self, item: &mut Item) {
        match item {
            Item::Env(d) => {
                self.doc(&mut d.doc);
                self.ident(&mut d.name);
                if let Some(extends) = &mut d.extends {
                    self.ident(extends);
                }
                self.body(&mut d.body);
                self.span(&mut d.span);
            }
            Item::Template(d) => {
                self.doc(&mut d.doc);
                self.ident(&mut d.name);
                self.ident(&mut d.env);
                self.body(&mut d.body);
                self.span(&mut d.span);
            }
            Item::Override(d) => {
                self.doc(&mut d.doc);
                self.ident(&mut d.name);
                self.ident(&mut d.template);
                self.body(&mut d.body);
                self.span(&mut d.span);
            }
            Item::Type(d) => {
                self.doc(&mut d.doc);
                self.ident(&mut d.name);
                self.type_def(&mut d.def);
                self.span(&mut d.span);
            }
            Item::Error(span) => self.span(span),
        }
    }

    fn doc(&self, doc: &mut Option<Box<Doc>>) {
        if let Some(doc) = doc {
            self.span(&mut doc.span);
        }
    }

    fn ident(&self, ident: &mut Ident) {
        self.span(&mut ident.span);
    }

    fn type_def(&self, def: &mut TypeDef) {
        match def {
            TypeDef::Enum {
                keyword,
                members,
                span,
            } => {
                self.span(keyword);
                for member in members {
                    self.doc(&mut member.doc);
                    self.ident(&mut member.name);
                    if let Some(value) = &mut member.value {
                        self.value(value);
                    }
                }
                self.span(span);
            }
            TypeDef::Record {
                keyword,
                flavor,
                fields,
                span,
            } => {
                self.span(keyword);
                if let Some(flavor) = flavor {
                    self.ident(flavor);
                }
                for field in fields {
                    self.field(field);
                }
                self.span(span);
            }
        }
    }

    fn body(&self, body: &mut Body) {
        for entry in &mut body.entries {
            match entry {
                Entry::Attr(a) => {
                    self.doc(&mut a.doc);
                    self.span(&mut a.key.span);
                    self.span(&mut a.op_span);
                    self.value(&mut a.value);
                    self.span(&mut a.span);
                }
                Entry::Field(f) => self.field(f),
                Entry::Labeled(b) => {
                    self.doc(&mut b.doc);
                    self.ident(&mut b.kind);
                    self.ident(&mut b.label);
                    self.body(&mut b.body);
                    self.span(&mut b.span);
                }
                Entry::Returns(r) => {
                    self.span(&mut r.keyword);
                    self.type_expr(&mut r.ty);
                    self.span(&mut r.span);
                }
            }
        }
        self.span(&mut body.span);
    }

    fn field(&self, field: &mut Field) {
        self.doc(&mut field.doc);
        self.ident(&mut field.name);
        self.type_expr(&mut field.ty);
        if let Some(default) = &mut field.default {
            self.value(default);
        }
        self.span(&mut field.span);
    }

    fn type_expr(&self, ty: &mut TypeExpr) {
        match &mut ty.kind {
            TypeExprKind::Named(name) => self.ident(name),
            TypeExprKind::Generic { name, args } => {
                self.ident(name);
                for arg in args {
                    match arg {
                        TypeArg::Type(t) => self.type_expr(t),
                        TypeArg::Columns { fields, span } => {
                            for field in fields {
                                self.field(field);
                            }
                            self.span(span);
                        }
                        TypeArg::Str { span, .. } => self.span(span),
                    }
                }
            }
            TypeExprKind::Optional(inner) => self.type_expr(inner),
            TypeExprKind::Union(members) => {
                for member in members {
                    self.type_expr(member);
                }
            }
        }
        self.span(&mut ty.span);
    }

    fn value(&self, value: &mut Value) {
        match &mut value.kind {
            ValueKind::List(items) => {
                for item in items {
                    self.value(item);
                }
            }
            ValueKind::Map(body) => self.body(body),
            ValueKind::Str(_)
            | ValueKind::Int(_)
            | ValueKind::Float(_)
            | ValueKind::Bool(_)
            | ValueKind::None
            | ValueKind::Duration(_)
            | ValueKind::Ident(_) => {}
        }
        self.span(&mut value.span);
    }
}
