//! pest pairs of one declaration to the typed tree in `ast.rs`.
//!
//! The grammar guarantees each pair's shape, but nothing here relies on it
//! with a panic: an unexpected shape yields a default node (and cannot
//! happen for input the grammar accepted). Recursion follows bracket
//! nesting, which the pre-scan bounds by [`super::scan::MAX_NESTING`].

use pest::iterators::{Pair, Pairs};

use super::docs::DocComments;
use super::grammar::Rule;
use super::literal_text::{self, LiteralError};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, FileSpan, Span};
use crate::syntax::ast::*;

pub(super) struct Builder<'a, 'd> {
    pub file: FileId,
    /// Absolute offset of the chunk the pairs come from.
    pub offset: usize,
    /// The whole file with comments blanked, for separator checks.
    pub blanked: &'a str,
    pub docs: &'d mut DocComments<'a>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Builder<'_, '_> {
    /// The pair's absolute span. pest includes whitespace skipped before an
    /// optional part that then matched nothing (`int` in `x: int\n` would end
    /// after the newline), so trailing whitespace is trimmed off.
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let start = pair.as_span().start() + self.offset;
        let len = pair
            .as_str()
            .trim_end_matches([' ', '\t', '\r', '\n'])
            .len();
        Span::new(start, start + len)
    }

    fn ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_owned(),
            span: self.span(pair),
        }
    }

    fn literal_error(&mut self, e: LiteralError) {
        self.diagnostics.push(
            Diagnostic::error(e.code, FileSpan::new(self.file, e.span), e.message)
                .with_help(e.help),
        );
    }

    fn literal_warning(&mut self, e: LiteralError) {
        self.diagnostics.push(
            Diagnostic::warning(e.code, FileSpan::new(self.file, e.span), e.message)
                .with_help(e.help),
        );
    }

    /// A declaration pair (`env_decl`, …) to an item.
    pub fn item(&mut self, pair: Pair<'_, Rule>) -> Item {
        let span = self.span(&pair);
        let doc = self.docs.before(span.start);
        let rule = pair.as_rule();
        let mut parts = pair.into_inner();
        match rule {
            Rule::env_decl => {
                let _keyword = parts.next();
                let name = self.next_ident(&mut parts);
                let mut extends = None;
                let mut body = Body::default();
                for part in parts {
                    match part.as_rule() {
                        Rule::ident => extends = Some(self.ident(&part)),
                        Rule::body => body = self.body(part),
                        _ => {}
                    }
                }
                Item::Env(EnvDecl {
                    doc,
                    name,
                    extends,
                    body,
                    span,
                })
            }
            Rule::template_decl | Rule::override_decl => {
                let _keyword = parts.next();
                let name = self.next_ident(&mut parts);
                let _in = parts.next();
                let target = self.next_ident(&mut parts);
                let body = parts.next().map(|p| self.body(p)).unwrap_or_default();
                if rule == Rule::template_decl {
                    Item::Template(TemplateDecl {
                        doc,
                        name,
                        env: target,
                        body,
                        span,
                    })
                } else {
                    Item::Override(OverrideDecl {
                        doc,
                        name,
                        template: target,
                        body,
                        span,
                    })
                }
            }
            Rule::type_decl => {
                let _keyword = parts.next();
                let name = self.next_ident(&mut parts);
                let _eq = parts.next();
                let def = match parts.next() {
                    Some(def) => self.type_def(def),
                    None => TypeDef::Enum {
                        keyword: span,
                        members: Vec::new(),
                        span,
                    },
                };
                Item::Type(TypeDecl {
                    doc,
                    name,
                    def,
                    span,
                })
            }
            _ => Item::Error(span),
        }
    }

    fn next_ident(&self, parts: &mut Pairs<'_, Rule>) -> Ident {
        match parts.next() {
            Some(p) => self.ident(&p),
            None => Ident {
                name: String::new(),
                span: Span::default(),
            },
        }
    }

    fn type_def(&mut self, pair: Pair<'_, Rule>) -> TypeDef {
        let is_enum = pair.as_rule() == Rule::enum_def;
        let mut keyword = self.span(&pair);
        let mut open = keyword;
        let mut close = keyword;
        let mut members = Vec::new();
        let mut fields = Vec::new();
        let mut flavor = None;
        let mut spans = Vec::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::kw_enum | Rule::kw_record => keyword = self.span(&part),
                Rule::ident => flavor = Some(self.ident(&part)),
                Rule::lbrace => open = self.span(&part),
                Rule::rbrace => close = self.span(&part),
                Rule::enum_member => {
                    let span = self.span(&part);
                    spans.push(span);
                    let doc = self.docs.before(span.start);
                    let mut inner = part.into_inner();
                    let name = inner.next().map(|p| self.ident(&p)).unwrap_or(Ident {
                        name: String::new(),
                        span,
                    });
                    let value = inner.find(|p| p.as_rule() == Rule::string);
                    let value = value.map(|p| self.value(p));
                    members.push(EnumMember { doc, name, value });
                }
                Rule::field => {
                    let field = self.field(part);
                    spans.push(field.span);
                    fields.push(field);
                }
                _ => {}
            }
        }
        self.check_separators(&spans);
        let span = open.cover(close);
        if is_enum {
            TypeDef::Enum {
                keyword,
                members,
                span,
            }
        } else {
            TypeDef::Record {
                keyword,
                flavor,
                fields,
                span,
            }
        }
    }

    /// Entries must be separated by a comma or a line break (`\n`, `\r\n`
    /// or a lone `\r`, as everywhere else: `\r` is always part of one).
    fn check_separators(&mut self, spans: &[Span]) {
        for pair in spans.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let gap = self.blanked.get(a.end..b.start).unwrap_or(",");
            if !gap.contains([',', '\n', '\r']) {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::E0008,
                        FileSpan::new(self.file, Span::new(b.start, b.start)),
                        "expected `,` or a line break between two entries",
                    )
                    .with_primary_label("insert `,` here")
                    .with_label(FileSpan::new(self.file, a), "this entry ends here")
                    .with_help("entries on one line are separated by commas: `a = 1, b = 2`"),
                );
            }
        }
    }

    fn body(&mut self, pair: Pair<'_, Rule>) -> Body {
        let span = self.span(&pair);
        let mut entries = Vec::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::keyed_entry => entries.push(self.keyed_entry(part)),
                Rule::returns_entry => entries.push(self.returns_entry(part)),
                _ => {}
            }
        }
        // Bodies are many and small, and the tree lives through the whole
        // check: no spare capacity is kept.
        entries.shrink_to_fit();
        let spans: Vec<Span> = entries.iter().map(Entry::span).collect();
        self.check_separators(&spans);
        Body { entries, span }
    }

    fn returns_entry(&mut self, pair: Pair<'_, Rule>) -> Entry {
        let span = self.span(&pair);
        let mut parts = pair.into_inner();
        let keyword = parts.next().map_or(span, |p| self.span(&p));
        let ty = match parts.next() {
            Some(p) => self.type_expr(p),
            None => self.empty_type(span),
        };
        Entry::Returns(Returns { keyword, ty, span })
    }

    fn empty_type(&self, span: Span) -> TypeExpr {
        TypeExpr {
            kind: TypeExprKind::Named(Ident {
                name: String::new(),
                span,
            }),
            span,
        }
    }

    fn key(&mut self, pair: &Pair<'_, Rule>) -> Key {
        let span = self.span(pair);
        if pair.as_rule() == Rule::string {
            Key {
                name: self.string_value(pair.clone()),
                quoted: true,
                span,
            }
        } else {
            Key {
                name: pair.as_str().to_owned(),
                quoted: false,
                span,
            }
        }
    }

    fn keyed_entry(&mut self, pair: Pair<'_, Rule>) -> Entry {
        let span = self.span(&pair);
        let doc = self.docs.before(span.start);
        let mut parts = pair.into_inner();
        let key = match parts.next() {
            Some(p) => self.key(&p),
            None => Key {
                name: String::new(),
                quoted: false,
                span,
            },
        };
        let Some(second) = parts.next() else {
            return self.broken_attribute(doc, key, span);
        };
        let second_span = self.span(&second);
        match second.as_rule() {
            Rule::op_set | Rule::op_append => {
                let op = if second.as_rule() == Rule::op_set {
                    AssignOp::Set
                } else {
                    AssignOp::Append
                };
                let value = match parts.next() {
                    Some(p) => self.value(p),
                    None => self.none_value(span),
                };
                Entry::Attr(Attribute {
                    doc,
                    key,
                    op,
                    op_span: second_span,
                    value,
                    span,
                })
            }
            Rule::body => {
                let op_span = second
                    .clone()
                    .into_inner()
                    .next()
                    .map_or(second_span, |p| self.span(&p));
                let body = self.body(second);
                Entry::Attr(Attribute {
                    doc,
                    key,
                    op: AssignOp::Block,
                    op_span,
                    value: Value {
                        span: body.span,
                        kind: ValueKind::Map(body),
                    },
                    span,
                })
            }
            Rule::colon => {
                let ty = match parts.next() {
                    Some(p) => self.type_expr(p),
                    None => self.empty_type(span),
                };
                let _eq = parts.next();
                let default = parts.next().map(|p| self.value(p));
                Entry::Field(Field {
                    doc,
                    name: Ident {
                        name: key.name,
                        span: key.span,
                    },
                    ty,
                    default,
                    span,
                })
            }
            Rule::ident => {
                let label = self.ident(&second);
                let body = parts.next().map(|p| self.body(p)).unwrap_or_default();
                Entry::Labeled(LabeledBlock {
                    doc,
                    kind: Ident {
                        name: key.name,
                        span: key.span,
                    },
                    label,
                    body,
                    span,
                })
            }
            _ => self.broken_attribute(doc, key, span),
        }
    }

    fn broken_attribute(&self, doc: Option<Box<Doc>>, key: Key, span: Span) -> Entry {
        Entry::Attr(Attribute {
            doc,
            key,
            op: AssignOp::Set,
            op_span: span,
            value: self.none_value(span),
            span,
        })
    }

    fn none_value(&self, span: Span) -> Value {
        Value {
            kind: ValueKind::None,
            span,
        }
    }

    /// `name: Type [= default]` (records and dataframe columns).
    fn field(&mut self, pair: Pair<'_, Rule>) -> Field {
        let span = self.span(&pair);
        let doc = self.docs.before(span.start);
        let mut parts = pair.into_inner();
        let name = self.next_ident(&mut parts);
        let _colon = parts.next();
        let ty = match parts.next() {
            Some(p) => self.type_expr(p),
            None => self.empty_type(span),
        };
        let _eq = parts.next();
        let default = parts.next().map(|p| self.value(p));
        Field {
            doc,
            name,
            ty,
            default,
            span,
        }
    }

    fn value(&mut self, pair: Pair<'_, Rule>) -> Value {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::string => ValueKind::Str(StrLit {
                value: self.string_value(pair),
                triple: false,
            }),
            Rule::triple_string => {
                let mut errors = Vec::new();
                let value = match pair.into_inner().next() {
                    Some(inner) => {
                        let start = self.span(&inner).start;
                        literal_text::triple_string(inner.as_str(), start, &mut errors)
                    }
                    None => String::new(),
                };
                for e in errors {
                    self.literal_error(e);
                }
                ValueKind::Str(StrLit {
                    value,
                    triple: true,
                })
            }
            Rule::number => match literal_text::number(pair.as_str(), span.start) {
                Ok(ValueKind::Float(value)) => {
                    if let Some(w) = literal_text::float_underflow(pair.as_str(), span.start, value)
                    {
                        self.literal_warning(w);
                    }
                    ValueKind::Float(value)
                }
                Ok(kind) => kind,
                Err(e) => {
                    self.literal_error(e);
                    // Keep the entry so later stages still see the key.
                    ValueKind::Ident(pair.as_str().to_owned())
                }
            },
            Rule::list => ValueKind::List(
                pair.into_inner()
                    .filter(|p| !matches!(p.as_rule(), Rule::lbrack | Rule::rbrack | Rule::comma))
                    .map(|p| self.value(p))
                    .collect(),
            ),
            Rule::body => ValueKind::Map(self.body(pair)),
            Rule::ident => match pair.as_str() {
                "true" => ValueKind::Bool(true),
                "false" => ValueKind::Bool(false),
                "none" => ValueKind::None,
                word => ValueKind::Ident(word.to_owned()),
            },
            _ => ValueKind::None,
        };
        Value { kind, span }
    }

    fn string_value(&mut self, pair: Pair<'_, Rule>) -> String {
        let Some(inner) = pair.into_inner().next() else {
            return String::new();
        };
        let start = self.span(&inner).start;
        let mut errors = Vec::new();
        let value = literal_text::unescape(inner.as_str(), start, &mut errors);
        for e in errors {
            self.literal_error(e);
        }
        value
    }

    fn type_expr(&mut self, pair: Pair<'_, Rule>) -> TypeExpr {
        let span = self.span(&pair);
        let mut terms: Vec<TypeExpr> = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::type_term)
            .map(|p| self.type_term(p))
            .collect();
        if terms.len() == 1 {
            if let Some(term) = terms.pop() {
                return term;
            }
        }
        TypeExpr {
            kind: TypeExprKind::Union(terms),
            span,
        }
    }

    fn type_term(&mut self, pair: Pair<'_, Rule>) -> TypeExpr {
        let span = self.span(&pair);
        let mut ty = self.empty_type(span);
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::type_atom => ty = self.type_atom(part),
                Rule::question => {
                    let question = self.span(&part);
                    let span = ty.span.cover(question);
                    ty = TypeExpr {
                        kind: TypeExprKind::Optional(Box::new(ty)),
                        span,
                    };
                }
                _ => {}
            }
        }
        ty
    }

    fn type_atom(&mut self, pair: Pair<'_, Rule>) -> TypeExpr {
        let span = self.span(&pair);
        let mut parts = pair.into_inner();
        let name = self.next_ident(&mut parts);
        let mut args = Vec::new();
        let mut generic = false;
        for part in parts {
            match part.as_rule() {
                Rule::lbrack => generic = true,
                Rule::type_expr => args.push(TypeArg::Type(self.type_expr(part))),
                Rule::string => {
                    let span = self.span(&part);
                    let value = self.string_value(part);
                    args.push(TypeArg::Str { value, span });
                }
                Rule::columns => {
                    let span = self.span(&part);
                    let fields: Vec<Field> = part
                        .into_inner()
                        .filter(|p| p.as_rule() == Rule::field)
                        .map(|p| self.field(p))
                        .collect();
                    let spans: Vec<Span> = fields.iter().map(|f| f.span).collect();
                    self.check_separators(&spans);
                    args.push(TypeArg::Columns { fields, span });
                }
                _ => {}
            }
        }
        let kind = if generic {
            TypeExprKind::Generic { name, args }
        } else {
            TypeExprKind::Named(name)
        };
        TypeExpr { kind, span }
    }
}
