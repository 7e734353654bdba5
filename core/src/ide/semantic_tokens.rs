//! Semantic highlighting: what each word of a `.task` file is.
//!
//! Names come from the [index](super::index) (so a name is coloured the
//! way definition and rename see it: an env, a template, an input used
//! inside a SQL query), everything else from one walk over the syntax tree
//! (keywords, attribute keys, literals) and the file's comments. A string
//! holding placeholders (`@day`, `%(day)s`, `{{.inputs.day}}`) is split
//! around them, so an editor shows the input names in their own colour.
//!
//! Tokens never overlap and come sorted by position; a token may span
//! several lines (a `"""` string, a block comment): the protocol layer
//! splits those per line.

use std::collections::HashMap;

use super::Analysis;
use super::index::{Target, slice};
use crate::semantic::types::BUILTIN_TYPES;
use crate::source::{FileId, Span};
use crate::syntax::ast::{
    Body, CommentKind, Entry, Field, Ident, Item, TypeArg, TypeDef, TypeExpr, TypeExprKind, Value,
    ValueKind,
};

/// What a token is. Each maps onto one of the protocol's standard token
/// types, so editors colour them without configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum TokenType {
    Keyword,
    /// An env name.
    Namespace,
    /// A template or override name.
    Function,
    /// A built-in type, or a named type that is not declared.
    Type,
    /// A `type X = enum { … }` name.
    Enum,
    /// A `type X = record { … }` name.
    Struct,
    /// An input or output, also where a query or a container argument uses it.
    Parameter,
    /// An attribute key or a record field.
    Property,
    /// An enum member, or a bare word value (`auto`, `hourly`).
    EnumMember,
    /// A trigger name.
    Event,
    /// A record flavour (`record pydantic`).
    Modifier,
    String,
    /// Integers, floats, durations and size strings (`"4Gi"`).
    Number,
    Comment,
}

/// A set of token modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct TokenModifiers {
    /// The name is declared here.
    pub declaration: bool,
    /// A `///` doc comment.
    pub documentation: bool,
    /// A built-in type (`int`, `datetime`).
    pub default_library: bool,
}

/// One highlighted range of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct SemanticToken {
    pub span: Span,
    pub kind: TokenType,
    pub modifiers: TokenModifiers,
}

/// Every token of `file`, sorted and without overlaps; with `range`, only
/// those that meet it.
pub(crate) fn semantic_tokens(
    analysis: &Analysis,
    file: FileId,
    range: Option<Span>,
) -> Vec<SemanticToken> {
    let (Some(ast), Some(source)) = (analysis.parsed(file), analysis.db().get(file)) else {
        return Vec::new();
    };
    let mut comments: Vec<Span> = ast.comments.iter().map(|c| c.span).collect();
    comments.sort_by_key(|c| c.start);
    let mut collector = Collector {
        text: &source.text,
        comments,
        names: Vec::new(),
        syntax: Vec::new(),
        strings: Vec::new(),
    };
    collector.names(analysis, file);
    for comment in &ast.comments {
        let modifiers = TokenModifiers {
            documentation: comment.kind == CommentKind::Doc,
            ..TokenModifiers::default()
        };
        collector.push_with(comment.span, TokenType::Comment, modifiers);
    }
    for item in &ast.items {
        collector.item(item);
    }
    let mut tokens = collector.finish();
    if let Some(range) = range {
        tokens.retain(|t| t.span.start < range.end && range.start < t.span.end);
    }
    tokens
}

struct Collector<'a> {
    text: &'a str,
    /// Comment spans in file order, so keywords are not looked for inside
    /// comments.
    comments: Vec<Span>,
    /// Names from the index: they win over what the syntax walk says.
    names: Vec<SemanticToken>,
    syntax: Vec<SemanticToken>,
    /// String literals, split around the names inside them at the end.
    strings: Vec<Span>,
}

impl Collector<'_> {
    fn names(&mut self, analysis: &Analysis, file: FileId) {
        // Whether each declared type is an enum, across the workspace.
        let mut enums: HashMap<&str, bool> = HashMap::new();
        for (id, _) in analysis.db().iter() {
            for item in analysis.parsed(id).map_or(&[][..], |f| &f.items) {
                if let Item::Type(t) = item {
                    let is_enum = matches!(t.def, TypeDef::Enum { .. });
                    enums.entry(t.name.name.as_str()).or_insert(is_enum);
                }
            }
        }
        for occurrence in analysis.index().occurrences.iter() {
            if occurrence.file != file {
                continue;
            }
            let (kind, default_library) = match &occurrence.target {
                Target::Env(_) => (TokenType::Namespace, false),
                Target::Template(_) | Target::Override(_) => (TokenType::Function, false),
                Target::Type(name) => match enums.get(name.as_str()) {
                    Some(true) => (TokenType::Enum, false),
                    Some(false) => (TokenType::Struct, false),
                    None => (TokenType::Type, false),
                },
                Target::BuiltinType(_) => (TokenType::Type, true),
                Target::Input { .. } | Target::Output { .. } => (TokenType::Parameter, false),
                Target::Field { .. } => (TokenType::Property, false),
                Target::Member { .. } => (TokenType::EnumMember, false),
                Target::Trigger { .. } => (TokenType::Event, false),
            };
            let modifiers = TokenModifiers {
                declaration: occurrence.is_decl,
                default_library,
                ..TokenModifiers::default()
            };
            self.names.push(SemanticToken {
                span: occurrence.span,
                kind,
                modifiers,
            });
        }
    }

    fn push(&mut self, span: Span, kind: TokenType) {
        self.push_with(span, kind, TokenModifiers::default());
    }

    fn push_with(&mut self, span: Span, kind: TokenType, modifiers: TokenModifiers) {
        if !span.is_empty() {
            self.syntax.push(SemanticToken {
                span,
                kind,
                modifiers,
            });
        }
    }

    /// The keyword `word` at the start of `span` (a declaration starts with
    /// its keyword).
    fn leading_keyword(&mut self, span: Span, word: &str) {
        if slice(self.text, Span::new(span.start, span.start + word.len())) == word {
            self.push(
                Span::new(span.start, span.start + word.len()),
                TokenType::Keyword,
            );
        }
    }

    /// The keyword `word` between two names (`extends`, `in`, `of`): the
    /// syntax tree keeps no span for it, so it is found in the text,
    /// outside comments.
    fn keyword_between(&mut self, before: Span, after: Span, word: &str) {
        let gap = Span::new(before.end, after.start.max(before.end));
        let text = slice(self.text, gap);
        let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        for (i, _) in text.match_indices(word) {
            let start = gap.start + i;
            let end = start + word.len();
            let bounded =
                !text[..i].ends_with(is_ident) && !text[i + word.len()..].starts_with(is_ident);
            // Comments are sorted: find the last one starting before the word.
            let before = self.comments.partition_point(|c| c.start <= start);
            let in_comment = before > 0 && end <= self.comments[before - 1].end;
            if bounded && !in_comment {
                self.push(Span::new(start, end), TokenType::Keyword);
                return;
            }
        }
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Env(env) => {
                self.leading_keyword(env.span, "env");
                self.name(&env.name, TokenType::Namespace);
                if let Some(parent) = &env.extends {
                    self.keyword_between(env.name.span, parent.span, "extends");
                    self.name(parent, TokenType::Namespace);
                }
                self.body(&env.body);
            }
            Item::Template(t) => {
                self.leading_keyword(t.span, "template");
                self.name(&t.name, TokenType::Function);
                self.keyword_between(t.name.span, t.env.span, "in");
                self.name(&t.env, TokenType::Namespace);
                self.body(&t.body);
            }
            Item::Override(o) => {
                self.leading_keyword(o.span, "override");
                self.name(&o.name, TokenType::Function);
                self.keyword_between(o.name.span, o.template.span, "of");
                self.name(&o.template, TokenType::Function);
                self.body(&o.body);
            }
            Item::Type(t) => {
                self.leading_keyword(t.span, "type");
                match &t.def {
                    TypeDef::Enum {
                        keyword, members, ..
                    } => {
                        self.name(&t.name, TokenType::Enum);
                        self.push(*keyword, TokenType::Keyword);
                        for member in members {
                            self.name(&member.name, TokenType::EnumMember);
                            if let Some(value) = &member.value {
                                self.value(value);
                            }
                        }
                    }
                    TypeDef::Record {
                        keyword,
                        flavor,
                        fields,
                        ..
                    } => {
                        self.name(&t.name, TokenType::Struct);
                        self.push(*keyword, TokenType::Keyword);
                        if let Some(flavor) = flavor {
                            self.push(flavor.span, TokenType::Modifier);
                        }
                        for field in fields {
                            self.field(field);
                        }
                    }
                }
            }
            Item::Error(_) => {}
        }
    }

    /// A name the index normally covers; this is the fallback for names it
    /// leaves out.
    fn name(&mut self, ident: &Ident, kind: TokenType) {
        self.push(ident.span, kind);
    }

    fn body(&mut self, body: &Body) {
        for entry in &body.entries {
            match entry {
                Entry::Attr(attr) => {
                    self.push(attr.key.span, TokenType::Property);
                    self.value(&attr.value);
                }
                Entry::Field(field) => self.field(field),
                Entry::Labeled(block) => {
                    self.push(block.kind.span, TokenType::Keyword);
                    // A trigger's name comes from the index; an SQL dialect
                    // or plugin name is one of a fixed set of words.
                    self.push(block.label.span, TokenType::EnumMember);
                    self.body(&block.body);
                }
                Entry::Returns(returns) => {
                    self.push(returns.keyword, TokenType::Keyword);
                    self.type_expr(&returns.ty);
                }
            }
        }
    }

    fn field(&mut self, field: &Field) {
        self.push(field.name.span, TokenType::Property);
        self.type_expr(&field.ty);
        if let Some(default) = &field.default {
            self.value(default);
        }
    }

    fn type_expr(&mut self, ty: &TypeExpr) {
        match &ty.kind {
            TypeExprKind::Named(name) => self.type_name(name),
            TypeExprKind::Generic { name, args } => {
                self.type_name(name);
                for arg in args {
                    match arg {
                        TypeArg::Type(inner) => self.type_expr(inner),
                        TypeArg::Columns { fields, .. } => {
                            for field in fields {
                                self.field(field);
                            }
                        }
                        TypeArg::Str { span, .. } => self.strings.push(*span),
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
    }

    fn type_name(&mut self, name: &Ident) {
        let modifiers = TokenModifiers {
            default_library: BUILTIN_TYPES.contains(&name.name.as_str()),
            ..TokenModifiers::default()
        };
        self.push_with(name.span, TokenType::Type, modifiers);
    }

    fn value(&mut self, value: &Value) {
        match &value.kind {
            ValueKind::Str(s) if is_quantity(&s.value) => self.push(value.span, TokenType::Number),
            ValueKind::Str(_) => self.strings.push(value.span),
            ValueKind::Int(_) | ValueKind::Float(_) | ValueKind::Duration(_) => {
                self.push(value.span, TokenType::Number);
            }
            ValueKind::Bool(_) | ValueKind::None => self.push(value.span, TokenType::Keyword),
            ValueKind::Ident(_) => self.push(value.span, TokenType::EnumMember),
            ValueKind::List(items) => {
                for item in items {
                    self.value(item);
                }
            }
            ValueKind::Map(body) => self.body(body),
        }
    }

    /// Sorted tokens without overlaps: names first, then the syntax walk's
    /// tokens where no name is, then the pieces of strings around them.
    fn finish(mut self) -> Vec<SemanticToken> {
        let mut tokens = self.names;
        tokens.sort_by_key(|t| (t.span.start, t.span.end));
        let mut syntax = std::mem::take(&mut self.syntax);
        syntax.sort_by_key(|t| (t.span.start, t.span.end));
        tokens = merge_without_overlaps(tokens, syntax);
        let mut pieces = Vec::new();
        for string in &self.strings {
            split_around(*string, &tokens, &mut pieces);
        }
        pieces.sort_by_key(|t| (t.span.start, t.span.end));
        merge_without_overlaps(tokens, pieces)
    }
}

/// `kept` plus those of `more` that overlap none of `kept` (nor each
/// other); both sorted by position, and so is the result.
fn merge_without_overlaps(
    kept: Vec<SemanticToken>,
    more: Vec<SemanticToken>,
) -> Vec<SemanticToken> {
    let mut kept_clean: Vec<SemanticToken> = Vec::with_capacity(kept.len());
    for token in kept {
        if kept_clean
            .last()
            .is_none_or(|last| last.span.end <= token.span.start)
        {
            kept_clean.push(token);
        }
    }
    let mut out = Vec::with_capacity(kept_clean.len() + more.len());
    let mut kept = kept_clean.into_iter().peekable();
    for token in more {
        while let Some(next) = kept.next_if(|k| k.span.start < token.span.end) {
            out.push(next);
        }
        let overlaps_kept = kept
            .peek()
            .is_some_and(|k| k.span.start < token.span.end && token.span.start < k.span.end);
        let overlaps_out = out
            .last()
            .is_some_and(|last| token.span.start < last.span.end);
        if !overlaps_kept && !overlaps_out {
            out.push(token);
        }
    }
    out.extend(kept);
    out
}

/// The parts of a string literal not covered by the (sorted) `tokens`
/// inside it, as string tokens.
fn split_around(string: Span, tokens: &[SemanticToken], out: &mut Vec<SemanticToken>) {
    let first = tokens.partition_point(|t| t.span.start < string.start);
    let mut at = string.start;
    for token in tokens[first..]
        .iter()
        .take_while(|t| t.span.end <= string.end)
    {
        if token.span.start > at {
            out.push(string_token(Span::new(at, token.span.start)));
        }
        at = at.max(token.span.end);
    }
    if at < string.end {
        out.push(string_token(Span::new(at, string.end)));
    }
}

fn string_token(span: Span) -> SemanticToken {
    SemanticToken {
        span,
        kind: TokenType::String,
        modifiers: TokenModifiers::default(),
    }
}

/// A Kubernetes quantity with a unit (`"4Gi"`, `"500m"`, `"1.5G"`): a size
/// written as a string.
fn is_quantity(value: &str) -> bool {
    const UNITS: [&str; 13] = [
        "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "k", "K", "M", "G", "T", "P", "m",
    ];
    let number_end = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(number_end);
    number.starts_with(|c: char| c.is_ascii_digit())
        && number.matches('.').count() <= 1
        && !number.ends_with('.')
        && UNITS.contains(&unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(start: usize, end: usize, kind: TokenType) -> SemanticToken {
        SemanticToken {
            span: Span::new(start, end),
            kind,
            modifiers: TokenModifiers::default(),
        }
    }

    #[test]
    fn sizes_are_quantities_with_a_unit() {
        for size in ["4Gi", "500m", "1.5G", "10Ki"] {
            assert!(is_quantity(size), "{size}");
        }
        for other in ["4", "Gi", "4 Gi", "1.Gi", "4GiB", "1.2.3M", ""] {
            assert!(!is_quantity(other), "{other}");
        }
    }

    #[test]
    fn strings_are_split_around_the_names_inside_them() {
        let names = vec![
            token(3, 5, TokenType::Parameter),
            token(8, 9, TokenType::Parameter),
        ];
        let mut pieces = Vec::new();
        split_around(Span::new(0, 10), &names, &mut pieces);
        let spans: Vec<(usize, usize)> =
            pieces.iter().map(|t| (t.span.start, t.span.end)).collect();
        assert_eq!(spans, [(0, 3), (5, 8), (9, 10)]);
    }

    #[test]
    fn merged_tokens_keep_the_first_list_where_they_overlap() {
        let kept = vec![
            token(0, 3, TokenType::Namespace),
            token(10, 12, TokenType::Function),
        ];
        let more = vec![
            token(0, 3, TokenType::Keyword),
            token(4, 6, TokenType::Keyword),
            token(5, 7, TokenType::Number),
            token(11, 15, TokenType::String),
            token(15, 16, TokenType::Comment),
        ];
        let merged = merge_without_overlaps(kept, more);
        let kinds: Vec<TokenType> = merged.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                TokenType::Namespace,
                TokenType::Keyword,
                TokenType::Function,
                TokenType::Comment
            ]
        );
    }
}
