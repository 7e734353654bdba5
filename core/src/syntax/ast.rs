//! The typed syntax tree of a `.task` file.
//!
//! The tree is deliberately generic below the declaration level: a body is a
//! list of entries (`name = value`, `name { … }`, `name += value`,
//! `name: Type = default`, `kind label { … }`, `returns T`) and values are
//! plain literal trees. What an attribute *means* is decided by the semantic
//! pass, which can then report unknown attributes with did-you-mean instead
//! of a parse error. Every node carries a byte [`Span`] into its file.

use crate::source::Span;

/// A parsed file: its declarations in source order, and every comment (the
/// formatter puts them back).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct File {
    pub items: Vec<Item>,
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub kind: CommentKind,
    /// The comment's full text, markers included (`// x`, `/* x */`, `/// x`).
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentKind {
    Line,
    Block,
    Doc,
}

/// `///` lines attached to the next declaration, entry or enum member.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The lines without their `///` marker and one following space, joined with `\n`.
    pub text: String,
    pub span: Span,
}

/// A name as written: an identifier, or a quoted key in a map (`"a-b/c" = 1`).
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Env(EnvDecl),
    Template(TemplateDecl),
    Override(OverrideDecl),
    Type(TypeDecl),
    /// A declaration that failed to parse; its diagnostic was already reported.
    Error(Span),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Env(d) => d.span,
            Item::Template(d) => d.span,
            Item::Override(d) => d.span,
            Item::Type(d) => d.span,
            Item::Error(span) => *span,
        }
    }

    /// The declared name, if the item parsed.
    pub fn name(&self) -> Option<&Ident> {
        match self {
            Item::Env(d) => Some(&d.name),
            Item::Template(d) => Some(&d.name),
            Item::Override(d) => Some(&d.name),
            Item::Type(d) => Some(&d.name),
            Item::Error(_) => None,
        }
    }
}

/// `env <name> [extends <parent>] { … }`
#[derive(Debug, Clone, PartialEq)]
pub struct EnvDecl {
    pub doc: Option<Box<Doc>>,
    pub name: Ident,
    pub extends: Option<Ident>,
    pub body: Body,
    pub span: Span,
}

/// `template <name> in <env> { … }`
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateDecl {
    pub doc: Option<Box<Doc>>,
    pub name: Ident,
    pub env: Ident,
    pub body: Body,
    pub span: Span,
}

/// `override <name> of <template> { … }`
#[derive(Debug, Clone, PartialEq)]
pub struct OverrideDecl {
    pub doc: Option<Box<Doc>>,
    pub name: Ident,
    pub template: Ident,
    pub body: Body,
    pub span: Span,
}

/// `type <Name> = enum { … }` or `type <Name> = record [flavor] { … }`
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDecl {
    pub doc: Option<Box<Doc>>,
    pub name: Ident,
    pub def: TypeDef,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    Enum {
        /// The `enum` keyword.
        keyword: Span,
        members: Vec<EnumMember>,
        /// From `{` to `}`.
        span: Span,
    },
    Record {
        keyword: Span,
        /// The word after `record`, if any: `record pydantic { … }` (a
        /// pydantic model; plain `record` is a dataclass). Any word parses;
        /// the semantic pass decides which are known.
        flavor: Option<Ident>,
        fields: Vec<Field>,
        span: Span,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumMember {
    pub doc: Option<Box<Doc>>,
    pub name: Ident,
    /// `RED = "r"`: the Python member's value (a string literal); without
    /// one the value is the name.
    pub value: Option<Value>,
}

/// `{ entry, entry … }`: the body of a declaration or block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Body {
    pub entries: Vec<Entry>,
    /// From `{` to `}` inclusive.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// `name = value`, `name += value`, or the block shorthand `name { … }`.
    Attr(Attribute),
    /// `name: Type [= default]` in `inputs`, `outputs` and records.
    Field(Field),
    /// `kind label { … }`: `trigger nightly { … }`, `sql bigquery { … }`, `plugin dask { … }`.
    Labeled(LabeledBlock),
    /// `returns Type`.
    Returns(Returns),
}

impl Entry {
    pub fn span(&self) -> Span {
        match self {
            Entry::Attr(a) => a.span,
            Entry::Field(f) => f.span,
            Entry::Labeled(b) => b.span,
            Entry::Returns(r) => r.span,
        }
    }

    pub fn doc(&self) -> Option<&Doc> {
        match self {
            Entry::Attr(a) => a.doc.as_deref(),
            Entry::Field(f) => f.doc.as_deref(),
            Entry::Labeled(b) => b.doc.as_deref(),
            Entry::Returns(_) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignOp {
    /// `name = value`
    Set,
    /// `name += value` (merge with the inherited value)
    Append,
    /// `name { … }`, shorthand for `name = { … }`
    Block,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub doc: Option<Box<Doc>>,
    /// The key; `quoted` tells whether it was written as a string.
    pub key: Key,
    pub op: AssignOp,
    /// The span of `=`, `+=`, or (for the block form) the opening `{`.
    pub op_span: Span,
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub quoted: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub doc: Option<Box<Doc>>,
    pub name: Ident,
    pub ty: TypeExpr,
    pub default: Option<Value>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabeledBlock {
    pub doc: Option<Box<Doc>>,
    /// `trigger`, `sql`, `plugin`.
    pub kind: Ident,
    /// The trigger name, SQL dialect or plugin name.
    pub label: Ident,
    pub body: Body,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Returns {
    /// The `returns` keyword.
    pub keyword: Span,
    pub ty: TypeExpr,
    pub span: Span,
}

/// A type expression (LANGUAGE.md §4).
#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    pub kind: TypeExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeExprKind {
    /// `int`, `str`, `none`, `any`, `struct`, `Region`, …
    Named(Ident),
    /// `list[T]`, `dict[K, V]`, `tuple[A, B]`, `dataframe[{…}, "parquet"]`.
    Generic { name: Ident, args: Vec<TypeArg> },
    /// `T?`
    Optional(Box<TypeExpr>),
    /// `A | B | …` in declaration order.
    Union(Vec<TypeExpr>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeArg {
    Type(TypeExpr),
    /// `{col: T, …}` (dataframe columns).
    Columns {
        fields: Vec<Field>,
        span: Span,
    },
    /// `"parquet"` (dataframe format).
    Str {
        value: String,
        span: Span,
    },
}

impl TypeArg {
    pub fn span(&self) -> Span {
        match self {
            TypeArg::Type(t) => t.span,
            TypeArg::Columns { span, .. } | TypeArg::Str { span, .. } => *span,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// A string after escape processing (and, for `"""…"""`, indentation removal).
    Str(StrLit),
    Int(i64),
    Float(f64),
    Bool(bool),
    None,
    Duration(DurationLit),
    /// A bare word: `auto`, `eu`, `trigger_time`, `hourly`, …
    Ident(String),
    List(Vec<Value>),
    /// `{ k = v, … }` or the block shorthand's body.
    Map(Body),
}

#[derive(Debug, Clone, PartialEq)]
pub struct StrLit {
    pub value: String,
    /// Written as `"""…"""`.
    pub triple: bool,
}

/// A duration literal such as `1h30m` or `1.5s`, exact to the nanosecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationLit {
    pub nanos: u128,
}

impl DurationLit {
    pub fn seconds(self) -> u128 {
        self.nanos / 1_000_000_000
    }

    pub fn subsec_nanos(self) -> u32 {
        (self.nanos % 1_000_000_000) as u32
    }
}

impl ValueKind {
    /// A short word for messages: "a string", "a list", …
    pub fn describe(&self) -> &'static str {
        match self {
            ValueKind::Str(_) => "a string",
            ValueKind::Int(_) => "an integer",
            ValueKind::Float(_) => "a float",
            ValueKind::Bool(_) => "a boolean",
            ValueKind::None => "`none`",
            ValueKind::Duration(_) => "a duration",
            ValueKind::Ident(_) => "a name",
            ValueKind::List(_) => "a list",
            ValueKind::Map(_) => "a block",
        }
    }
}
