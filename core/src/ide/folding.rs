//! Folding ranges: the regions of a file an editor can collapse.
//!
//! Every `{ … }` and `[ … ]` that spans lines (declaration bodies, blocks,
//! maps, enum and record bodies, dataframe columns, lists), every
//! triple-quoted string that spans lines, every run of `///` doc comments
//! and of `//` comments on consecutive lines, and every `/* … */` comment
//! that spans lines. A closing bracket alone on its line stays visible
//! after folding, as in most editors: the fold ends on the line before it.

use super::{Analysis, FoldingKind, FoldingRange};
use crate::source::{FileId, SourceFile, Span};
use crate::syntax::ast::{
    Body, Comment, CommentKind, Entry, Field, Item, TypeArg, TypeDef, TypeExpr, TypeExprKind,
    Value, ValueKind,
};

pub(crate) fn folding_ranges(analysis: &Analysis, file: FileId) -> Vec<FoldingRange> {
    let (Some(ast), Some(source)) = (analysis.parsed(file), analysis.db.get(file)) else {
        return Vec::new();
    };
    let mut folds = Folds {
        source,
        out: Vec::new(),
    };
    for item in &ast.items {
        match item {
            Item::Env(e) => folds.body(&e.body),
            Item::Template(t) => folds.body(&t.body),
            Item::Override(o) => folds.body(&o.body),
            Item::Type(t) => match &t.def {
                TypeDef::Enum { span, .. } => folds.bracketed(*span),
                TypeDef::Record { fields, span, .. } => {
                    folds.bracketed(*span);
                    fields.iter().for_each(|f| folds.field(f));
                }
            },
            Item::Error(_) => {}
        }
    }
    folds.comments(&ast.comments);
    let mut out = folds.out;
    // One fold per start line: editors keep only one, and the outermost is
    // the one a reader means (`x = { a {` folds from `x`).
    out.sort_by(|a, b| {
        (a.start_line, std::cmp::Reverse(a.end_line))
            .cmp(&(b.start_line, std::cmp::Reverse(b.end_line)))
    });
    out.dedup_by_key(|f| f.start_line);
    out
}

struct Folds<'a> {
    source: &'a SourceFile,
    out: Vec<FoldingRange>,
}

impl Folds<'_> {
    fn line(&self, offset: usize) -> usize {
        self.source.line_index(offset)
    }

    fn push(&mut self, start_line: usize, end_line: usize, kind: FoldingKind) {
        if end_line > start_line {
            self.out.push(FoldingRange {
                start_line,
                end_line,
                kind,
            });
        }
    }

    /// A span from an opening to a closing bracket (inclusive).
    fn bracketed(&mut self, span: Span) {
        if span.is_empty() {
            return;
        }
        let start_line = self.line(span.start);
        let close = span.end - 1;
        let close_line = self.line(close);
        let line_start = self.source.line_start(close_line).unwrap_or(close);
        let before_close = self.source.text.get(line_start..close).unwrap_or("");
        let end_line = if before_close.trim().is_empty() {
            close_line.saturating_sub(1)
        } else {
            close_line
        };
        self.push(start_line, end_line, FoldingKind::Block);
    }

    fn body(&mut self, body: &Body) {
        self.bracketed(body.span);
        for entry in &body.entries {
            match entry {
                Entry::Attr(a) => self.value(&a.value),
                Entry::Field(f) => self.field(f),
                Entry::Labeled(b) => self.body(&b.body),
                Entry::Returns(r) => self.ty(&r.ty),
            }
        }
    }

    fn field(&mut self, field: &Field) {
        self.ty(&field.ty);
        if let Some(default) = &field.default {
            self.value(default);
        }
    }

    fn ty(&mut self, ty: &TypeExpr) {
        match &ty.kind {
            TypeExprKind::Named(_) => {}
            TypeExprKind::Generic { args, .. } => {
                for arg in args {
                    match arg {
                        TypeArg::Type(t) => self.ty(t),
                        TypeArg::Columns { fields, span } => {
                            self.bracketed(*span);
                            fields.iter().for_each(|f| self.field(f));
                        }
                        TypeArg::Str { .. } => {}
                    }
                }
            }
            TypeExprKind::Optional(inner) => self.ty(inner),
            TypeExprKind::Union(types) => types.iter().for_each(|t| self.ty(t)),
        }
    }

    fn value(&mut self, value: &Value) {
        match &value.kind {
            ValueKind::Map(body) => self.body(body),
            ValueKind::List(items) => {
                self.bracketed(value.span);
                items.iter().for_each(|v| self.value(v));
            }
            ValueKind::Str(s) if s.triple && !value.span.is_empty() => {
                // The closing quotes fold away with the text: they are not
                // a bracket a reader looks for.
                let end_line = self.line(value.span.end - 1);
                self.push(self.line(value.span.start), end_line, FoldingKind::String);
            }
            _ => {}
        }
    }

    /// Runs of `///` or `//` comments on consecutive lines, each alone on its
    /// line, and multi-line `/* … */` comments.
    fn comments(&mut self, comments: &[Comment]) {
        let mut run: Option<(CommentKind, usize, usize)> = None;
        for comment in comments {
            if comment.span.is_empty() {
                continue;
            }
            let first = self.line(comment.span.start);
            let last = self.line(comment.span.end - 1);
            if comment.kind == CommentKind::Block {
                self.push(first, last, FoldingKind::Comment);
                continue;
            }
            if !self.starts_its_line(comment.span.start) {
                continue;
            }
            match run {
                Some((kind, start, end)) if kind == comment.kind && end + 1 == first => {
                    run = Some((kind, start, first));
                }
                _ => {
                    if let Some((_, start, end)) = run {
                        self.push(start, end, FoldingKind::Comment);
                    }
                    run = Some((comment.kind, first, first));
                }
            }
        }
        if let Some((_, start, end)) = run {
            self.push(start, end, FoldingKind::Comment);
        }
    }

    /// Nothing but blanks before `offset` on its line.
    fn starts_its_line(&self, offset: usize) -> bool {
        let line_start = self.source.line_start(self.line(offset)).unwrap_or(offset);
        self.source
            .text
            .get(line_start..offset)
            .is_some_and(|before| before.trim().is_empty())
    }
}
