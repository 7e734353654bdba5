//! Resolution of type expressions (`list[int]`, `A | none`, `Region?`,
//! `dataframe[…]`), shared by the table build and [`TypeTable::resolve`].

use std::collections::HashMap;

use super::super::suggest;
use super::{BUILTIN_TYPES, FrameClass, Pickled, Type, TypeTable};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, FileSpan, Span};
use crate::syntax::ast;

/// Where a type expression sits: `none` is only allowed inside a union.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Position {
    Top,
    InUnion,
}

/// The outcome of looking a declared name up.
pub(super) enum Named {
    Found(Type),
    Unknown,
    /// A problem already reported (a recursive record).
    Failed,
}

pub(super) trait Lookup {
    fn lookup(&mut self, name: &ast::Ident, file: FileId, diags: &mut Vec<Diagnostic>) -> Named;
    fn declared_names(&self) -> Vec<&str>;
}

pub(super) struct TableLookup<'t> {
    pub(super) table: &'t TypeTable,
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

pub(super) fn at(file: FileId, span: Span) -> FileSpan {
    FileSpan::new(file, span)
}

pub(super) fn resolve_type(
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
            if !typed_frame_may_join_union(&resolved, file, inner.span, diags) {
                return None;
            }
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
        "any" => Type::Pickled(Pickled::Any),
        "pickle" => Type::Pickled(Pickled::FlytePickle),
        "untyped" => Type::Pickled(Pickled::Untyped),
        "dataframe" => Type::Dataframe {
            columns: Vec::new(),
            format: None,
            class: FrameClass::Flyte,
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
        "list" | "dict" | "tuple" | "literal" => {
            let (form, alternative) = match name.name.as_str() {
                "list" => ("list[T]", "; for an untyped value use `any`"),
                "dict" => ("dict[K, V]", "; for an untyped object use `struct`"),
                "literal" => ("literal[\"a\", \"b\"]", ""),
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
             dataframe, bytes, struct, any, pickle, untyped, list[T], dict[K, V], tuple[…], literal[…]; declare others with \
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
        "pickle" => resolve_pickle_class(file, expr, name, args, diags),
        "literal" => resolve_literal(file, expr, args, diags),
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
                    .with_help(
                        "only `list`, `dict`, `tuple`, `dataframe`, `pickle` and `literal` take \
                         type arguments",
                    ),
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
    const FORMS: &str = "write `dataframe`, `dataframe[{col: T, …}]`, `dataframe[\"parquet\"]` or `dataframe[{col: T, …}, \"parquet\"]`, each optionally with the frame's library first: `dataframe[pandas, …]`";
    let mut columns = Vec::new();
    let mut format = None;
    let mut ok = true;
    // `dataframe[pandas, …]`: the library's frame class comes first.
    let class = match args.first() {
        Some(ast::TypeArg::Type(expr)) => match &expr.kind {
            ast::TypeExprKind::Named(word) => FrameClass::from_word(&word.name),
            _ => None,
        },
        _ => None,
    };
    let args = if class.is_some() { &args[1..] } else { args };
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
                        "expected `pandas` or `pyarrow` first, a column list or a format string, found a type"
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
    ok.then_some(Type::Dataframe {
        columns,
        format,
        class: class.unwrap_or_default(),
    })
}

/// `literal["a", "b"]`: Python's `typing.Literal` of strings, in written
/// order. The SDK's `literal_to_enum` keys members by `value.upper()`, so
/// two values equal but for case would collapse into one (E0206).
fn resolve_literal(
    file: FileId,
    expr: &ast::TypeExpr,
    args: &[ast::TypeArg],
    diags: &mut Vec<Diagnostic>,
) -> Option<Type> {
    const FORM: &str = "write the values as strings: `literal[\"fast\", \"slow\"]`";
    if args.is_empty() {
        diags.push(
            Diagnostic::error(Code::E0202, at(file, expr.span), "`literal` needs a value")
                .with_help(FORM),
        );
        return None;
    }
    let mut values: Vec<(String, Span)> = Vec::new();
    let mut ok = true;
    for arg in args {
        let ast::TypeArg::Str { value, span } = arg else {
            diags.push(
                Diagnostic::error(
                    Code::E0202,
                    at(file, arg.span()),
                    "a `literal` value is a string",
                )
                .with_primary_label("not a string")
                .with_help(FORM),
            );
            ok = false;
            continue;
        };
        let upper = value.to_uppercase();
        if let Some((first, first_at)) = values.iter().find(|(v, _)| v.to_uppercase() == upper) {
            let message = if first == value {
                format!("{value:?} is listed twice")
            } else {
                format!("{value:?} and {first:?} differ only in case")
            };
            diags.push(
                Diagnostic::error(Code::E0206, at(file, *span), message)
                    .with_primary_label("listed again here")
                    .with_label(at(file, *first_at), "first listed here")
                    .with_help(
                        "the SDK turns a `Literal` into an enum keyed by the upper-cased values, \
                         so these would be one member; remove one",
                    ),
            );
            ok = false;
            continue;
        }
        values.push((value.clone(), *span));
    }
    ok.then(|| Type::Literal(values.into_iter().map(|(v, _)| v).collect()))
}

/// `pickle["pkg.module.Class"]`: the class's defining module and qualified
/// name, dotted (what `str()` of the class shows).
fn resolve_pickle_class(
    file: FileId,
    expr: &ast::TypeExpr,
    name: &ast::Ident,
    args: &[ast::TypeArg],
    diags: &mut Vec<Diagnostic>,
) -> Option<Type> {
    const FORM: &str = "write `pickle[\"pkg.module.Class\"]` (the module that defines the class, then its name), or `pickle` alone for `flyte.types.FlytePickle`";
    let [arg] = fixed_args::<1>(
        file,
        expr,
        name,
        args,
        "pickle[\"pkg.module.Class\"]",
        diags,
    )?;
    let ast::TypeArg::Str { value, span } = arg else {
        diags.push(
            Diagnostic::error(
                Code::E0202,
                at(file, arg.span()),
                "`pickle[…]` takes the Python class as a string",
            )
            .with_help(FORM),
        );
        return None;
    };
    let parts: Vec<&str> = value.split('.').collect();
    let valid = parts.len() >= 2 && parts.iter().all(|p| is_python_identifier(p));
    if !valid {
        diags.push(
            Diagnostic::error(
                Code::E0202,
                at(file, *span),
                format!("{value:?} is not a dotted path to a Python class"),
            )
            .with_primary_label("expected `module.Class`")
            .with_help(FORM),
        );
        return None;
    }
    Some(Type::Pickled(Pickled::Class(value.clone())))
}

fn is_python_identifier(part: &str) -> bool {
    let mut chars = part.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
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
            Some(ty) if !column_supported(&ty) => {
                diags.push(
                    Diagnostic::error(
                        Code::E0202,
                        at(file, field.ty.span),
                        format!("a dataframe column cannot be of type `{}`", ty.display()),
                    )
                    .with_primary_label("the SDK's DataFrame has no such column type")
                    .with_help(
                        "a column is `int`, `float`, `bool`, `str`, `datetime` or `duration`, \
                         or a `list[…]` or `dict[…]` of one; use an untyped `dataframe` otherwise",
                    ),
                );
                ok = false;
            }
            Some(ty) => columns.push((field.name.name.clone(), ty)),
            None => ok = false,
        }
    }
    ok.then_some(columns)
}

/// The column types the SDK's `DataFrame` knows (`get_supported_types()`
/// and lists and dicts of them); any other fails at serialization ("type
/// <class 'datetime.date'> is currently not supported by DataFrame").
fn column_supported(ty: &Type) -> bool {
    match ty {
        Type::Int | Type::Float | Type::Bool | Type::Str | Type::Datetime | Type::Duration => true,
        Type::List(item) | Type::Dict(_, item) => column_supported(item),
        _ => false,
    }
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
        if !typed_frame_may_join_union(&ty, file, member.span, diags) {
            ok = false;
            continue;
        }
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

/// Whether `ty` holds a dataframe with columns outside any record: its
/// Python annotation `Annotated[DataFrame, {…}]` carries a dict, which is
/// unhashable, and `typing.Union` hashes its members (also through
/// `list[…]`, `dict[…]` and `tuple[…]`). A record member is a class and
/// hashes by identity, so a typed dataframe inside a record is fine.
fn holds_typed_frame(ty: &Type) -> bool {
    match ty {
        Type::Dataframe { columns, .. } => !columns.is_empty(),
        Type::List(item) | Type::Optional(item) => holds_typed_frame(item),
        Type::Dict(key, value) => holds_typed_frame(key) || holds_typed_frame(value),
        Type::Union(items) | Type::Tuple(items) => items.iter().any(holds_typed_frame),
        _ => false,
    }
}

/// Reports a union or optional member holding a dataframe with columns
/// (E0221): the SDK fails at import (`TypeError: unhashable type: 'dict'`).
fn typed_frame_may_join_union(
    ty: &Type,
    file: FileId,
    span: Span,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    if !holds_typed_frame(ty) {
        return true;
    }
    diags.push(
        Diagnostic::error(
            Code::E0221,
            at(file, span),
            format!(
                "`{}` holds a dataframe with columns and cannot be part of a union or optional",
                ty.display()
            ),
        )
        .with_primary_label("a member with a column-typed dataframe")
        .with_help(
            "drop the column list (`dataframe` or `dataframe[\"parquet\"]` may be optional), \
             or wrap the dataframe in a record and use the record here",
        ),
    );
    false
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
