//! The type language of LANGUAGE.md §4: built-in types, `list`/`dict`/
//! `tuple`/`dataframe` forms, optionals and unions, and the workspace's named
//! `enum` and `record` types ([`TypeTable`]).
//!
//! Resolution never panics and never loops: record references are followed
//! depth-first with a "being built" mark, so a record that contains itself
//! (directly or through other records) is reported once and cut off.

use std::collections::HashMap;
use std::sync::Arc;

use super::suggest;
use super::values::{self, TypedValue};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, FileSpan, Span};
use crate::syntax::ast;

/// A resolved type.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    Int,
    Float,
    Str,
    Bool,
    Datetime,
    Date,
    Duration,
    File,
    Dir,
    Bytes,
    Any,
    /// An untyped object (Python's bare `dict`).
    Struct,
    /// Only ever a union member.
    None,
    List(Box<Type>),
    Dict(Box<Type>, Box<Type>),
    /// `T?`. Never wraps a union or another optional: `(A | B)?` resolves to
    /// `A | B | none`.
    Optional(Box<Type>),
    /// Flattened, at least two distinct members, declaration order kept.
    Union(Vec<Type>),
    /// At least one element.
    Tuple(Vec<Type>),
    Dataframe {
        columns: Vec<(String, Type)>,
        format: Option<String>,
    },
    Enum(Arc<EnumDef>),
    Record(Arc<RecordDef>),
}

/// `type Name = enum { A, B }`
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    pub name: String,
    pub members: Vec<String>,
    /// Where each member is written, parallel to `members`.
    pub members_at: Vec<FileSpan>,
    pub doc: Option<String>,
    /// The declared name.
    pub at: FileSpan,
}

impl EnumDef {
    pub fn has_member(&self, name: &str) -> bool {
        self.members.iter().any(|m| m == name)
    }
}

/// `type Name = record { field: T [= default], … }`
#[derive(Debug, Clone, PartialEq)]
pub struct RecordDef {
    pub name: String,
    /// `record` (a dataclass) or `record pydantic`.
    pub flavor: RecordFlavor,
    pub fields: Vec<RecordField>,
    pub doc: Option<String>,
    /// The declared name.
    pub at: FileSpan,
}

/// Which Python class a record stands for: it decides the JSON schema, the
/// structure tag and how values are serialized (docs/language.md §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RecordFlavor {
    /// `record`: a `@dataclass` (mashumaro schema).
    #[default]
    Dataclass,
    /// `record pydantic`: a pydantic `BaseModel`.
    Pydantic,
}

impl RecordFlavor {
    /// The word after `record`, if it names a flavor.
    pub fn from_word(word: &str) -> Option<RecordFlavor> {
        match word {
            "pydantic" => Some(RecordFlavor::Pydantic),
            _ => None,
        }
    }
}

impl RecordDef {
    pub fn field(&self, name: &str) -> Option<&RecordField> {
        self.fields.iter().find(|f| f.name == name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecordField {
    pub name: String,
    pub ty: Type,
    /// The checked default; `None` when there is none (or it was invalid).
    pub default: Option<TypedValue>,
    pub doc: Option<String>,
    /// The field's name.
    pub at: FileSpan,
}

/// The built-in type names, in the order LANGUAGE.md lists them (also the
/// order suggestions prefer).
pub const BUILTIN_TYPES: &[&str] = &[
    "int",
    "float",
    "str",
    "bool",
    "datetime",
    "date",
    "duration",
    "file",
    "dir",
    "dataframe",
    "bytes",
    "list",
    "dict",
    "tuple",
    "struct",
    "any",
    "none",
];

/// The one `none` type, for [`Type::union_variants`] of an optional.
static NONE_TYPE: Type = Type::None;

impl Type {
    /// The type as it is written in a `.task` file: `list[int]`, `Region`, `int?`.
    pub fn display(&self) -> String {
        match self {
            Type::Int => "int".into(),
            Type::Float => "float".into(),
            Type::Str => "str".into(),
            Type::Bool => "bool".into(),
            Type::Datetime => "datetime".into(),
            Type::Date => "date".into(),
            Type::Duration => "duration".into(),
            Type::File => "file".into(),
            Type::Dir => "dir".into(),
            Type::Bytes => "bytes".into(),
            Type::Any => "any".into(),
            Type::Struct => "struct".into(),
            Type::None => "none".into(),
            Type::List(t) => format!("list[{}]", t.display()),
            Type::Dict(k, v) => format!("dict[{}, {}]", k.display(), v.display()),
            Type::Optional(t) => match **t {
                Type::Union(_) => format!("({})?", t.display()),
                _ => format!("{}?", t.display()),
            },
            Type::Union(members) => members
                .iter()
                .map(Type::display)
                .collect::<Vec<_>>()
                .join(" | "),
            Type::Tuple(items) => format!(
                "tuple[{}]",
                items
                    .iter()
                    .map(Type::display)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Type::Dataframe { columns, format } => {
                let mut args = Vec::new();
                if !columns.is_empty() {
                    let cols = columns
                        .iter()
                        .map(|(name, ty)| format!("{name}: {}", ty.display()))
                        .collect::<Vec<_>>()
                        .join(", ");
                    args.push(format!("{{{cols}}}"));
                }
                if let Some(format) = format {
                    args.push(format!("{format:?}"));
                }
                if args.is_empty() {
                    "dataframe".into()
                } else {
                    format!("dataframe[{}]", args.join(", "))
                }
            }
            Type::Enum(def) => def.name.clone(),
            Type::Record(def) => def.name.clone(),
        }
    }

    /// The members of a union as the wire lists them: `T?` is `[T, none]`.
    /// `None` for a type that is not a union.
    pub fn union_variants(&self) -> Option<Vec<&Type>> {
        match self {
            Type::Optional(inner) => Some(vec![inner, &NONE_TYPE]),
            Type::Union(members) => Some(members.iter().collect()),
            _ => None,
        }
    }

    /// Whether `none` is a valid value of this type.
    pub fn accepts_none(&self) -> bool {
        match self {
            Type::Optional(_) | Type::None => true,
            Type::Union(members) => members.contains(&Type::None),
            _ => false,
        }
    }
}

/// The workspace's named types (`type X = enum/record …`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypeTable {
    types: HashMap<String, Type>,
    /// Declaration order (file order, then position), first declaration only.
    order: Vec<String>,
}

impl TypeTable {
    /// Build from every `type` declaration of the workspace.
    ///
    /// Duplicate names keep the first declaration and are not reported here
    /// (the namespace check reports them). Reported here: a name that is a
    /// built-in type, unknown type names inside records, recursive records,
    /// empty enums, duplicate enum members and record fields, bad record
    /// field defaults.
    pub fn build(files: &[(FileId, &ast::File)]) -> (TypeTable, Vec<Diagnostic>) {
        let mut builder = Builder::default();
        for (file, ast) in files {
            for item in &ast.items {
                if let ast::Item::Type(decl) = item {
                    builder.declare(*file, decl);
                }
            }
        }
        builder.build_enums();
        for index in 0..builder.decls.len() {
            builder.build_record(index);
        }
        let Builder {
            decls,
            built,
            diagnostics,
            ..
        } = builder;
        let mut types = HashMap::new();
        let mut order = Vec::new();
        for (decl, ty) in decls.iter().zip(built) {
            if let Some(ty) = ty {
                order.push(decl.decl.name.name.clone());
                types.insert(decl.decl.name.name.clone(), ty);
            }
        }
        (TypeTable { types, order }, diagnostics)
    }

    /// Resolve a type expression written in `file` (an input, an output, a
    /// dataframe column).
    pub fn resolve(&self, file: FileId, expr: &ast::TypeExpr) -> Result<Type, Vec<Diagnostic>> {
        let mut lookup = TableLookup { table: self };
        let mut diagnostics = Vec::new();
        let ty = resolve_type(&mut lookup, file, expr, Position::Top, &mut diagnostics);
        match ty {
            Some(ty) if diagnostics.is_empty() => Ok(ty),
            _ => Err(diagnostics),
        }
    }

    /// A declared enum or record by name.
    pub fn get(&self, name: &str) -> Option<Type> {
        self.types.get(name).cloned()
    }

    /// Declared type names, in declaration order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.order.iter().map(String::as_str)
    }
}

// ---------------------------------------------------------------------------
// Resolution of type expressions, shared by the table build and `resolve`.

/// Where a type expression sits: `none` is only allowed inside a union.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Top,
    InUnion,
}

/// The outcome of looking a declared name up.
enum Named {
    Found(Type),
    Unknown,
    /// A problem already reported (a recursive record).
    Failed,
}

trait Lookup {
    fn lookup(&mut self, name: &ast::Ident, file: FileId, diags: &mut Vec<Diagnostic>) -> Named;
    fn declared_names(&self) -> Vec<&str>;
}

struct TableLookup<'t> {
    table: &'t TypeTable,
}

impl Lookup for TableLookup<'_> {
    fn lookup(&mut self, name: &ast::Ident, _: FileId, _: &mut Vec<Diagnostic>) -> Named {
        match self.table.get(&name.name) {
            Some(ty) => Named::Found(ty),
            None => Named::Unknown,
        }
    }

    fn declared_names(&self) -> Vec<&str> {
        self.table.names().collect()
    }
}

fn at(file: FileId, span: Span) -> FileSpan {
    FileSpan::new(file, span)
}

fn resolve_type(
    lookup: &mut dyn Lookup,
    file: FileId,
    expr: &ast::TypeExpr,
    position: Position,
    diags: &mut Vec<Diagnostic>,
) -> Option<Type> {
    match &expr.kind {
        ast::TypeExprKind::Named(name) => resolve_named(lookup, file, name, position, diags),
        ast::TypeExprKind::Generic { name, args } => {
            resolve_generic(lookup, file, expr, name, args, diags)
        }
        ast::TypeExprKind::Optional(inner) => {
            let resolved = resolve_type(lookup, file, inner, Position::Top, diags)?;
            make_optional(resolved, file, expr, diags)
        }
        ast::TypeExprKind::Union(members) => resolve_union(lookup, file, members, diags),
    }
}

fn builtin(name: &str) -> Option<Type> {
    Some(match name {
        "int" => Type::Int,
        "float" => Type::Float,
        "str" => Type::Str,
        "bool" => Type::Bool,
        "datetime" => Type::Datetime,
        "date" => Type::Date,
        "duration" => Type::Duration,
        "file" => Type::File,
        "dir" => Type::Dir,
        "bytes" => Type::Bytes,
        "struct" => Type::Struct,
        "any" => Type::Any,
        "dataframe" => Type::Dataframe {
            columns: Vec::new(),
            format: None,
        },
        _ => return None,
    })
}

fn resolve_named(
    lookup: &mut dyn Lookup,
    file: FileId,
    name: &ast::Ident,
    position: Position,
    diags: &mut Vec<Diagnostic>,
) -> Option<Type> {
    if let Some(ty) = builtin(&name.name) {
        return Some(ty);
    }
    match name.name.as_str() {
        "none" => {
            if position == Position::InUnion {
                return Some(Type::None);
            }
            diags.push(
                Diagnostic::error(
                    Code::E0203,
                    at(file, name.span),
                    "`none` on its own is not a type",
                )
                .with_primary_label("`none` is only allowed inside a union")
                .with_help("write `T?` or `T | none` for a value that may be missing"),
            );
            return None;
        }
        "list" | "dict" | "tuple" => {
            let (form, alternative) = match name.name.as_str() {
                "list" => ("list[T]", "; for an untyped value use `any`"),
                "dict" => ("dict[K, V]", "; for an untyped object use `struct`"),
                _ => ("tuple[A, B]", ""),
            };
            diags.push(
                Diagnostic::error(
                    Code::E0202,
                    at(file, name.span),
                    format!("`{}` needs type arguments", name.name),
                )
                .with_primary_label("missing `[…]`")
                .with_help(format!("write `{form}`{alternative}")),
            );
            return None;
        }
        _ => {}
    }
    match lookup.lookup(name, file, diags) {
        Named::Found(ty) => Some(ty),
        Named::Failed => None,
        Named::Unknown => {
            diags.push(unknown_type(&*lookup, file, name));
            None
        }
    }
}

/// Names from other languages that a user may reach for, with what to write.
fn alias_help(name: &str) -> Option<&'static str> {
    Some(match name {
        "string" | "String" | "text" => "write `str`",
        "integer" | "Integer" | "i32" | "i64" | "long" | "u32" | "u64" => "write `int`",
        "double" | "f32" | "f64" | "number" | "decimal" => "write `float`",
        "boolean" | "Boolean" => "write `bool`",
        "timedelta" | "interval" => "write `duration`",
        "timestamp" | "Timestamp" => "write `datetime`",
        "Optional" | "optional" | "Option" => "write `T?` for an optional type",
        "Union" | "union" => "write `A | B` for a union",
        "map" | "Map" | "object" | "json" | "Json" | "JSON" => {
            "write `dict[K, V]` for a typed map, or `struct` for an untyped object"
        }
        "array" | "Array" | "vec" | "Vec" => "write `list[T]`",
        "null" | "None" | "nil" => "write `none` (only inside a union, or `T?`)",
        "path" | "uri" | "blob" => "write `file` (or `dir` for a directory)",
        _ => return None,
    })
}

fn unknown_type(lookup: &dyn Lookup, file: FileId, name: &ast::Ident) -> Diagnostic {
    let declared = lookup.declared_names();
    let help = alias_help(&name.name)
        .map(str::to_string)
        .or_else(|| {
            suggest::help_did_you_mean(
                &name.name,
                BUILTIN_TYPES
                    .iter()
                    .copied()
                    .chain(declared.iter().copied()),
            )
        })
        .unwrap_or_else(|| {
            "built-in types are int, float, str, bool, datetime, date, duration, file, dir, \
             dataframe, bytes, struct, any, list[T], dict[K, V], tuple[…]; declare others with \
             `type Name = enum { … }` or `type Name = record { … }`"
                .to_string()
        });
    Diagnostic::error(
        Code::E0201,
        at(file, name.span),
        format!("unknown type `{}`", name.name),
    )
    .with_primary_label("not a built-in or declared type")
    .with_help(help)
}

fn resolve_generic(
    lookup: &mut dyn Lookup,
    file: FileId,
    expr: &ast::TypeExpr,
    name: &ast::Ident,
    args: &[ast::TypeArg],
    diags: &mut Vec<Diagnostic>,
) -> Option<Type> {
    let args_span = Span::new(name.span.end, expr.span.end);
    match name.name.as_str() {
        "list" => {
            let [item] = fixed_args::<1>(file, expr, name, args, "list[T]", diags)?;
            let item = type_arg(lookup, file, item, diags)?;
            Some(Type::List(Box::new(item)))
        }
        "dict" => {
            let [key, value] = fixed_args::<2>(file, expr, name, args, "dict[K, V]", diags)?;
            let key = type_arg(lookup, file, key, diags);
            let value = type_arg(lookup, file, value, diags);
            Some(Type::Dict(Box::new(key?), Box::new(value?)))
        }
        "tuple" => {
            if args.is_empty() {
                diags.push(
                    Diagnostic::error(
                        Code::E0202,
                        at(file, expr.span),
                        "`tuple` needs at least one element type",
                    )
                    .with_help("write `tuple[A, B]`"),
                );
                return None;
            }
            let items: Vec<Option<Type>> = args
                .iter()
                .map(|arg| type_arg(lookup, file, arg, diags))
                .collect();
            items
                .into_iter()
                .collect::<Option<Vec<_>>>()
                .map(Type::Tuple)
        }
        "dataframe" => resolve_dataframe(lookup, file, args, diags),
        "none" | "optional" | "Optional" | "union" | "Union" => {
            let help = match name.name.as_str() {
                "none" => "`none` takes no type arguments",
                "optional" | "Optional" => "write `T?` for an optional type",
                _ => "write `A | B` for a union",
            };
            diags.push(
                Diagnostic::error(
                    Code::E0202,
                    at(file, expr.span),
                    format!("`{}[…]` is not a type", name.name),
                )
                .with_help(help),
            );
            None
        }
        _ => {
            let known = builtin(&name.name).is_some()
                || matches!(
                    lookup.lookup(name, file, diags),
                    Named::Found(_) | Named::Failed
                );
            if known {
                diags.push(
                    Diagnostic::error(
                        Code::E0202,
                        at(file, args_span),
                        format!("`{}` takes no type arguments", name.name),
                    )
                    .with_primary_label("remove these type arguments")
                    .with_help("only `list`, `dict`, `tuple` and `dataframe` take type arguments"),
                );
            } else {
                diags.push(unknown_type(&*lookup, file, name));
            }
            None
        }
    }
}

/// Exactly `N` arguments, or an arity error pointing at the first extra one
/// (or at the whole type when some are missing).
fn fixed_args<'a, const N: usize>(
    file: FileId,
    expr: &ast::TypeExpr,
    name: &ast::Ident,
    args: &'a [ast::TypeArg],
    form: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<[&'a ast::TypeArg; N]> {
    if let Ok(fixed) = <&[ast::TypeArg; N]>::try_from(args) {
        return Some(fixed.each_ref());
    }
    let span = args.get(N).map_or(expr.span, |extra| extra.span());
    let plural = if N == 1 { "" } else { "s" };
    diags.push(
        Diagnostic::error(
            Code::E0202,
            at(file, span),
            format!(
                "`{}` takes {N} type argument{plural}, found {}",
                name.name,
                args.len()
            ),
        )
        .with_help(format!("write `{form}`")),
    );
    None
}

fn type_arg(
    lookup: &mut dyn Lookup,
    file: FileId,
    arg: &ast::TypeArg,
    diags: &mut Vec<Diagnostic>,
) -> Option<Type> {
    match arg {
        ast::TypeArg::Type(expr) => resolve_type(lookup, file, expr, Position::Top, diags),
        ast::TypeArg::Columns { span, .. } | ast::TypeArg::Str { span, .. } => {
            let found = if matches!(arg, ast::TypeArg::Columns { .. }) {
                "a column list"
            } else {
                "a string"
            };
            diags.push(
                Diagnostic::error(
                    Code::E0202,
                    at(file, *span),
                    format!("expected a type argument, found {found}"),
                )
                .with_help("column lists and format strings belong to `dataframe[…]`"),
            );
            None
        }
    }
}

fn resolve_dataframe(
    lookup: &mut dyn Lookup,
    file: FileId,
    args: &[ast::TypeArg],
    diags: &mut Vec<Diagnostic>,
) -> Option<Type> {
    const FORMS: &str = "write `dataframe`, `dataframe[{col: T, …}]`, `dataframe[\"parquet\"]` or `dataframe[{col: T, …}, \"parquet\"]`";
    let mut columns = Vec::new();
    let mut format = None;
    let mut ok = true;
    for (index, arg) in args.iter().enumerate() {
        match arg {
            ast::TypeArg::Columns { fields, .. } if index == 0 => {
                match resolve_columns(lookup, file, fields, diags) {
                    Some(cols) => columns = cols,
                    None => ok = false,
                }
            }
            ast::TypeArg::Str { value, span } if format.is_none() && index <= 1 => {
                if value.trim().is_empty() {
                    diags.push(
                        Diagnostic::error(
                            Code::E0202,
                            at(file, *span),
                            "a dataframe format cannot be empty",
                        )
                        .with_help(
                            "name a storage format such as \"parquet\", or leave the format out",
                        ),
                    );
                    ok = false;
                }
                format = Some(value.clone());
            }
            _ => {
                let message = match arg {
                    _ if index >= 2 => "too many arguments for `dataframe`",
                    ast::TypeArg::Type(_) => {
                        "expected a column list or a format string, found a type"
                    }
                    ast::TypeArg::Columns { .. } => "the column list must come before the format",
                    ast::TypeArg::Str { .. } => "a dataframe has only one format",
                };
                diags.push(
                    Diagnostic::error(Code::E0202, at(file, arg.span()), message).with_help(FORMS),
                );
                ok = false;
            }
        }
    }
    ok.then_some(Type::Dataframe { columns, format })
}

fn resolve_columns(
    lookup: &mut dyn Lookup,
    file: FileId,
    fields: &[ast::Field],
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<(String, Type)>> {
    let mut columns: Vec<(String, Type)> = Vec::new();
    let mut seen: HashMap<&str, Span> = HashMap::new();
    let mut ok = true;
    for field in fields {
        if let Some(first) = seen.get(field.name.name.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::E0207,
                    at(file, field.name.span),
                    format!("column `{}` is listed twice", field.name.name),
                )
                .with_primary_label("listed again here")
                .with_label(at(file, *first), "first listed here")
                .with_help("remove one of them"),
            );
            ok = false;
            continue;
        }
        seen.insert(&field.name.name, field.name.span);
        let ty = resolve_type(lookup, file, &field.ty, Position::Top, diags);
        if let Some(default) = &field.default {
            let written = ty.as_ref().map_or("<type>".to_string(), Type::display);
            diags.push(
                Diagnostic::error(
                    Code::E0202,
                    at(file, default.span),
                    "a dataframe column cannot have a default",
                )
                .with_help(format!(
                    "write `{}: {written}` without `= …`",
                    field.name.name
                )),
            );
            ok = false;
        }
        match ty {
            Some(ty) => columns.push((field.name.name.clone(), ty)),
            None => ok = false,
        }
    }
    ok.then_some(columns)
}

fn make_optional(
    inner: Type,
    file: FileId,
    expr: &ast::TypeExpr,
    diags: &mut Vec<Diagnostic>,
) -> Option<Type> {
    match inner {
        Type::Optional(_) => {
            diags.push(
                Diagnostic::error(
                    Code::E0204,
                    at(file, expr.span),
                    format!("`{}` is already optional", inner.display()),
                )
                .with_help("write a single `?`"),
            );
            None
        }
        Type::Union(mut members) => {
            if members.contains(&Type::None) {
                diags.push(
                    Diagnostic::error(
                        Code::E0204,
                        at(file, expr.span),
                        format!(
                            "`{}` already includes `none`",
                            Type::Union(members).display()
                        ),
                    )
                    .with_help("remove the `?`"),
                );
                return None;
            }
            members.push(Type::None);
            Some(Type::Union(members))
        }
        other => Some(Type::Optional(Box::new(other))),
    }
}

fn resolve_union(
    lookup: &mut dyn Lookup,
    file: FileId,
    members: &[ast::TypeExpr],
    diags: &mut Vec<Diagnostic>,
) -> Option<Type> {
    let mut flat: Vec<(Type, Span)> = Vec::new();
    let mut ok = true;
    for member in members {
        let Some(ty) = resolve_type(lookup, file, member, Position::InUnion, diags) else {
            ok = false;
            continue;
        };
        let parts = match ty {
            Type::Union(inner) => inner,
            Type::Optional(inner) => vec![*inner, Type::None],
            other => vec![other],
        };
        for part in parts {
            ok &= push_union_member(file, part, member.span, &mut flat, diags);
        }
    }
    if !ok {
        return None;
    }
    Some(Type::Union(flat.into_iter().map(|(t, _)| t).collect()))
}

/// Add one flattened member, reporting a repeat.
fn push_union_member(
    file: FileId,
    ty: Type,
    span: Span,
    flat: &mut Vec<(Type, Span)>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    if let Some((_, first)) = flat.iter().find(|(t, _)| *t == ty) {
        diags.push(
            Diagnostic::error(
                Code::E0204,
                at(file, span),
                format!("`{}` appears twice in this union", ty.display()),
            )
            .with_primary_label("repeated here")
            .with_label(at(file, *first), "first here")
            .with_help("remove the repeated member"),
        );
        return false;
    }
    flat.push((ty, span));
    true
}

// ---------------------------------------------------------------------------
// Building the table.

/// How deeply records may contain records. Flyte writes nested records out
/// in full inside one JSON schema; the limit also bounds the recursion that
/// builds them.
pub const MAX_RECORD_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Todo,
    Building,
    Done,
}

struct Decl<'a> {
    file: FileId,
    decl: &'a ast::TypeDecl,
}

#[derive(Default)]
struct Builder<'a> {
    decls: Vec<Decl<'a>>,
    index: HashMap<&'a str, usize>,
    /// Parallel to `decls`: the finished type (None while unbuilt).
    built: Vec<Option<Type>>,
    state: Vec<State>,
    /// Records being built, outermost first, with the field being resolved.
    stack: Vec<(usize, String)>,
    /// Whether the nesting limit was reported already.
    depth_reported: bool,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    fn declare(&mut self, file: FileId, decl: &'a ast::TypeDecl) {
        let name = decl.name.name.as_str();
        if BUILTIN_TYPES.contains(&name) {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::E0208,
                    at(file, decl.name.span),
                    format!("`{name}` is a built-in type and cannot be redeclared"),
                )
                .with_help("choose another name; type names are usually written in PascalCase"),
            );
            return;
        }
        if self.index.contains_key(name) {
            return;
        }
        self.index.insert(name, self.decls.len());
        self.decls.push(Decl { file, decl });
        self.built.push(None);
        self.state.push(State::Todo);
    }

    fn build_enums(&mut self) {
        for index in 0..self.decls.len() {
            let Decl { file, decl } = &self.decls[index];
            let file = *file;
            let ast::TypeDef::Enum { members, span, .. } = &decl.def else {
                continue;
            };
            let mut names: Vec<String> = Vec::new();
            let mut spans: Vec<FileSpan> = Vec::new();
            for member in members {
                if let Some(pos) = names.iter().position(|n| *n == member.name.name) {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::E0206,
                            at(file, member.name.span),
                            format!(
                                "enum `{}` lists member `{}` twice",
                                decl.name.name, member.name.name
                            ),
                        )
                        .with_primary_label("listed again here")
                        .with_label(spans[pos], "first listed here")
                        .with_help("remove the repeated member"),
                    );
                    continue;
                }
                names.push(member.name.name.clone());
                spans.push(at(file, member.name.span));
            }
            if members.is_empty() {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::E0209,
                        at(file, *span),
                        format!("enum `{}` has no members", decl.name.name),
                    )
                    .with_help("list at least one member: `enum { A, B }`"),
                );
            }
            let def = EnumDef {
                name: decl.name.name.clone(),
                members: names,
                members_at: spans,
                doc: decl.doc.as_ref().map(|d| d.text.clone()),
                at: at(file, decl.name.span),
            };
            self.built[index] = Some(Type::Enum(Arc::new(def)));
            self.state[index] = State::Done;
        }
    }

    fn build_record(&mut self, index: usize) {
        if self.state.get(index) != Some(&State::Todo) {
            return;
        }
        let Decl { file, decl } = &self.decls[index];
        let (file, decl) = (*file, *decl);
        let ast::TypeDef::Record { fields, flavor, .. } = &decl.def else {
            return;
        };
        let flavor = match flavor {
            None => RecordFlavor::Dataclass,
            Some(word) => RecordFlavor::from_word(&word.name).unwrap_or_else(|| {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::E0220,
                        at(file, word.span),
                        format!("unknown record flavor `{}`", word.name),
                    )
                    .with_primary_label("not a record flavor")
                    .with_help(
                        suggest::help_did_you_mean(&word.name, ["pydantic"]).unwrap_or_else(|| {
                            "write `record { … }` for a Python dataclass or \
                                 `record pydantic { … }` for a pydantic model"
                                .to_string()
                        }),
                    ),
                );
                RecordFlavor::Dataclass
            }),
        };
        self.state[index] = State::Building;
        self.stack.push((index, String::new()));

        let mut out: Vec<RecordField> = Vec::new();
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for field in fields {
            if let Some(first) = seen.get(field.name.name.as_str()) {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::E0207,
                        at(file, field.name.span),
                        format!(
                            "record `{}` declares field `{}` twice",
                            decl.name.name, field.name.name
                        ),
                    )
                    .with_primary_label("declared again here")
                    .with_label(at(file, *first), "first declared here")
                    .with_help("remove or rename one of them"),
                );
                continue;
            }
            seen.insert(&field.name.name, field.name.span);
            if let Some(top) = self.stack.last_mut() {
                top.1 = field.name.name.clone();
            }
            let mut diags = Vec::new();
            let ty = resolve_type(self, file, &field.ty, Position::Top, &mut diags);
            let failed = ty.is_none() || !diags.is_empty();
            self.diagnostics.append(&mut diags);
            // A field whose type failed keeps a placeholder so the record
            // still exists for the rest of the checks; its default is not
            // checked against a type that is not there.
            let ty = ty.unwrap_or(Type::Any);
            let default = match (&field.default, failed) {
                (Some(value), false) => match values::check_field_default(file, value, &ty) {
                    Ok(v) => Some(v),
                    Err(mut errs) => {
                        self.diagnostics.append(&mut errs);
                        None
                    }
                },
                _ => None,
            };
            out.push(RecordField {
                name: field.name.name.clone(),
                ty,
                default,
                doc: field.doc.as_ref().map(|d| d.text.clone()),
                at: at(file, field.name.span),
            });
        }

        self.stack.pop();
        let def = RecordDef {
            name: decl.name.name.clone(),
            flavor,
            fields: out,
            doc: decl.doc.as_ref().map(|d| d.text.clone()),
            at: at(file, decl.name.span),
        };
        self.built[index] = Some(Type::Record(Arc::new(def)));
        self.state[index] = State::Done;
    }

    fn report_cycle(&mut self, target: usize, reference: FileSpan) {
        let start = self
            .stack
            .iter()
            .position(|(i, _)| *i == target)
            .unwrap_or(0);
        let mut path: Vec<String> = self.stack[start..]
            .iter()
            .map(|(i, field)| format!("{}.{field}", self.decls[*i].decl.name.name))
            .collect();
        let target_decl = &self.decls[target];
        let name = target_decl.decl.name.name.clone();
        path.push(name.clone());
        let mut diagnostic = Diagnostic::error(
            Code::E0205,
            reference,
            format!("record `{name}` contains itself: {}", path.join(" → ")),
        )
        .with_primary_label("this reference closes the cycle")
        .with_help(
            "a record cannot contain itself, even through lists, dicts or other records; \
             store an identifier (e.g. a `str` key) instead",
        );
        if at(target_decl.file, target_decl.decl.name.span) != reference {
            diagnostic = diagnostic.with_label(
                at(target_decl.file, target_decl.decl.name.span),
                format!("`{name}` declared here"),
            );
        }
        self.diagnostics.push(diagnostic);
    }
}

impl Lookup for Builder<'_> {
    fn lookup(&mut self, name: &ast::Ident, file: FileId, _: &mut Vec<Diagnostic>) -> Named {
        let Some(&index) = self.index.get(name.name.as_str()) else {
            return Named::Unknown;
        };
        match self.state[index] {
            State::Done => self.built[index]
                .clone()
                .map_or(Named::Failed, Named::Found),
            State::Building => {
                self.report_cycle(index, at(file, name.span));
                Named::Failed
            }
            State::Todo if self.stack.len() > MAX_RECORD_DEPTH => {
                let path: Vec<&str> = self
                    .stack
                    .iter()
                    .take(3)
                    .map(|(i, _)| self.decls[*i].decl.name.name.as_str())
                    .collect();
                // One report is enough: the rest of a long chain is built
                // from the top again and would hit the limit again.
                if !self.depth_reported {
                    self.depth_reported = true;
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::E0219,
                            at(file, name.span),
                            format!(
                                "records are nested more than {MAX_RECORD_DEPTH} levels deep here"
                            ),
                        )
                        .with_primary_label("one level too many")
                        .with_help(format!(
                            "the chain starts {} → …; flatten the structure",
                            path.join(" → ")
                        )),
                    );
                }
                Named::Failed
            }
            State::Todo => {
                self.build_record(index);
                self.built[index]
                    .clone()
                    .map_or(Named::Failed, Named::Found)
            }
        }
    }

    fn declared_names(&self) -> Vec<&str> {
        self.decls
            .iter()
            .map(|d| d.decl.name.name.as_str())
            .collect()
    }
}
