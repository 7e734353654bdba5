//! One-line renderings of nodes, used when a node may stay on one line.
//!
//! A node has a one-line form only when nothing forces it onto several
//! lines: no comment inside it, no triple-quoted string spanning lines, and
//! no list, block or column set that its author opened with a line break
//! (a line break right after `[` or `{` is how a user asks for one entry
//! per line, and the formatter keeps that choice). Whether the line then
//! fits the width is decided by the caller, which knows the column.

use crate::source::Span;
use crate::syntax::ast::*;

use super::source::Source;

/// A node's one-line form.
#[derive(Debug, Clone)]
pub(super) struct Flat {
    pub text: String,
    /// Contains a list, block or column set that could be spread over lines
    /// if the line is too long (a long string alone cannot be broken).
    pub breakable: bool,
}

impl Flat {
    fn leaf(text: impl Into<String>) -> Flat {
        Flat {
            text: text.into(),
            breakable: false,
        }
    }

    pub fn width(&self) -> usize {
        self.text.chars().count()
    }
}

/// An entry's one-line form, with the length of its key so that a run of
/// entries can be aligned on their operators.
#[derive(Debug, Clone)]
pub(super) struct FlatEntry {
    pub flat: Flat,
    /// Byte length of the key at the start of `flat.text`.
    pub key_bytes: usize,
}

pub(super) struct FlatRenderer<'s, 'a> {
    pub source: &'s Source<'a>,
}

impl FlatRenderer<'_, '_> {
    fn src(&self, span: Span) -> &str {
        self.source.slice(span)
    }

    /// The whole node is free of comments.
    fn clean(&self, span: Span) -> bool {
        !self.source.has_comment_within(span)
    }

    pub fn value(&self, value: &Value) -> Option<Flat> {
        match &value.kind {
            ValueKind::List(items) => self.list(value.span, items),
            ValueKind::Map(body) => self.body(body),
            _ => {
                let text = self.src(value.span);
                (!text.contains('\n')).then(|| Flat::leaf(text))
            }
        }
    }

    pub fn list(&self, span: Span, items: &[Value]) -> Option<Flat> {
        if !self.clean(span) {
            return None;
        }
        let Some(first) = items.first() else {
            return Some(Flat::leaf("[]"));
        };
        if self
            .source
            .line_break_between(span.start + 1, first.span.start)
        {
            return None;
        }
        let parts = items
            .iter()
            .map(|item| self.value(item).map(|f| f.text))
            .collect::<Option<Vec<_>>>()?;
        Some(Flat {
            text: format!("[{}]", parts.join(", ")),
            breakable: true,
        })
    }

    /// `{ a = 1, b = 2 }`, or `{}` when empty.
    pub fn body(&self, body: &Body) -> Option<Flat> {
        if !self.clean(body.span) {
            return None;
        }
        let Some(first) = body.entries.first() else {
            return Some(Flat::leaf("{}"));
        };
        if self
            .source
            .line_break_between(body.span.start + 1, first.span().start)
        {
            return None;
        }
        let parts = body
            .entries
            .iter()
            .map(|entry| self.entry(entry).map(|f| f.flat.text))
            .collect::<Option<Vec<_>>>()?;
        Some(Flat {
            text: format!("{{ {} }}", parts.join(", ")),
            breakable: true,
        })
    }

    pub fn entry(&self, entry: &Entry) -> Option<FlatEntry> {
        if !self.clean(entry.span()) {
            return None;
        }
        match entry {
            Entry::Attr(attr) => {
                let key = self.src(attr.key.span);
                let (text, breakable) = match attr.op {
                    AssignOp::Set | AssignOp::Append => {
                        let op = if attr.op == AssignOp::Set { "=" } else { "+=" };
                        let value = self.value(&attr.value)?;
                        (format!("{key} {op} {}", value.text), value.breakable)
                    }
                    AssignOp::Block => {
                        let ValueKind::Map(body) = &attr.value.kind else {
                            return None;
                        };
                        let body = self.body(body)?;
                        (format!("{key} {}", body.text), body.breakable)
                    }
                };
                Some(FlatEntry {
                    flat: Flat { text, breakable },
                    key_bytes: key.len(),
                })
            }
            Entry::Field(field) => self.field(field).map(|flat| FlatEntry {
                key_bytes: self.src(field.name.span).len(),
                flat,
            }),
            Entry::Labeled(block) => {
                let body = self.body(&block.body)?;
                let kind = self.src(block.kind.span);
                let label = self.src(block.label.span);
                Some(FlatEntry {
                    key_bytes: kind.len(),
                    flat: Flat {
                        text: format!("{kind} {label} {}", body.text),
                        breakable: body.breakable,
                    },
                })
            }
            Entry::Returns(returns) => {
                let ty = self.type_expr(&returns.ty)?;
                Some(FlatEntry {
                    key_bytes: "returns".len(),
                    flat: Flat {
                        text: format!("returns {}", ty.text),
                        breakable: ty.breakable,
                    },
                })
            }
        }
    }

    /// `name: Type = default`
    pub fn field(&self, field: &Field) -> Option<Flat> {
        if !self.clean(field.span) {
            return None;
        }
        let ty = self.type_expr(&field.ty)?;
        let mut text = format!("{}: {}", self.src(field.name.span), ty.text);
        let mut breakable = ty.breakable;
        if let Some(default) = &field.default {
            let value = self.value(default)?;
            text.push_str(" = ");
            text.push_str(&value.text);
            breakable |= value.breakable;
        }
        Some(Flat { text, breakable })
    }

    pub fn type_expr(&self, ty: &TypeExpr) -> Option<Flat> {
        if !self.clean(ty.span) {
            return None;
        }
        match &ty.kind {
            TypeExprKind::Named(name) => Some(Flat::leaf(self.src(name.span))),
            TypeExprKind::Optional(inner) => {
                let inner = self.type_expr(inner)?;
                Some(Flat {
                    text: format!("{}?", inner.text),
                    breakable: inner.breakable,
                })
            }
            TypeExprKind::Union(members) => {
                let members = members
                    .iter()
                    .map(|m| self.type_expr(m))
                    .collect::<Option<Vec<_>>>()?;
                Some(join(&members, " | ", "", ""))
            }
            TypeExprKind::Generic { name, args } => {
                let args = args
                    .iter()
                    .map(|a| self.type_arg(a))
                    .collect::<Option<Vec<_>>>()?;
                Some(join(&args, ", ", &format!("{}[", self.src(name.span)), "]"))
            }
        }
    }

    fn type_arg(&self, arg: &TypeArg) -> Option<Flat> {
        match arg {
            TypeArg::Type(ty) => self.type_expr(ty),
            TypeArg::Str { span, .. } => Some(Flat::leaf(self.src(*span))),
            TypeArg::Columns { fields, span } => self.columns(fields, *span),
        }
    }

    /// `{a: int, b: str}`: dataframe columns, written tight like the
    /// brackets around them.
    pub fn columns(&self, fields: &[Field], span: Span) -> Option<Flat> {
        self.braced(
            fields,
            span,
            |f| f.span.start,
            |fields| self.joined_fields(fields, "{", "}"),
        )
    }

    /// `enum { A, B }`
    pub fn enum_members(&self, members: &[EnumMember], span: Span) -> Option<Flat> {
        self.braced(
            members,
            span,
            |m| m.name.span.start,
            |members| {
                let mut names = Vec::new();
                for m in members {
                    let name = self.src(m.name.span);
                    names.push(match &m.value {
                        Some(value) => format!("{name} = {}", self.value(value)?.text),
                        None => name.to_string(),
                    });
                }
                Some(Flat {
                    text: format!("{{ {} }}", names.join(", ")),
                    breakable: true,
                })
            },
        )
    }

    /// `{ a: int, b: str = "x" }` (record fields).
    pub fn record_fields(&self, fields: &[Field], span: Span) -> Option<Flat> {
        self.braced(
            fields,
            span,
            |f| f.span.start,
            |fields| self.joined_fields(fields, "{ ", " }"),
        )
    }

    /// The braced list `items` at `span` on one line (`render` writes a
    /// non-empty one), or `None` when it holds a comment or its author broke
    /// the line after the `{`.
    fn braced<T>(
        &self,
        items: &[T],
        span: Span,
        start_of: impl Fn(&T) -> usize,
        render: impl FnOnce(&[T]) -> Option<Flat>,
    ) -> Option<Flat> {
        if !self.clean(span) {
            return None;
        }
        let Some(first) = items.first() else {
            return Some(Flat::leaf("{}"));
        };
        if self
            .source
            .line_break_between(span.start + 1, start_of(first))
        {
            return None;
        }
        render(items)
    }

    /// Typed fields joined by `, ` between `open` and `close`.
    fn joined_fields(&self, fields: &[Field], open: &str, close: &str) -> Option<Flat> {
        let fields = fields
            .iter()
            .map(|f| self.field(f))
            .collect::<Option<Vec<_>>>()?;
        let mut flat = join(&fields, ", ", open, close);
        flat.breakable = true;
        Some(flat)
    }
}

fn join(parts: &[Flat], separator: &str, open: &str, close: &str) -> Flat {
    let inner: Vec<&str> = parts.iter().map(|p| p.text.as_str()).collect();
    Flat {
        text: format!("{open}{}{close}", inner.join(separator)),
        breakable: parts.iter().any(|p| p.breakable),
    }
}
