//! Type-checking literal values (input defaults, record field defaults,
//! trigger inputs) against a [`Type`], producing a [`TypedValue`] the
//! backends can turn into Flyte `Literal`s.
//!
//! Decisions (LANGUAGE.md §4 leaves them open):
//! - An enum value is a member name written bare (`region = eu`); a string
//!   `"eu"` is rejected with a hint, so that `Region | str` stays unambiguous.
//! - A union takes the first member, in declaration order, that accepts the
//!   value (`float | int` turns `3` into a float).
//! - `datetime` values are RFC 3339 strings with an explicit offset; they are
//!   normalised to UTC the way protobuf prints a `Timestamp`
//!   (`2024-01-02T03:04:05Z`, fractions as 3, 6 or 9 digits).
//! - `date` values are `YYYY-MM-DD` strings.
//! - `file`, `dir` and `dataframe` take a URI string; `struct` takes a block
//!   of JSON-like values; `any` and `bytes` take no default, because Flyte
//!   stores them pickled.
//! - A record value is a block checked field by field; missing fields take
//!   their declared default, and a missing field without one is an error
//!   (also for `T?` fields: write `x = none`).
//! - Dict defaults may have `str`, `int`, `bool` or enum keys, written as
//!   map keys (`{ "1" = "a" }` for `dict[int, str]`).

mod checker;
pub mod mashumaro;
mod sdk_encoding;
mod time;

use super::types::{RecordFlavor, Type, TypeTable};
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, FileSpan};
use crate::syntax::ast::{self, DurationLit, ValueKind};
use checker::run;

use crate::diagnostics::Code;
pub(crate) use sdk_encoding::{dataclass_field_default, pydantic_field_default, trigger_value};
pub use time::{TimeError, normalize_date, normalize_rfc3339};

/// A checked value.
#[derive(Debug, Clone, PartialEq)]
pub enum TypedValue {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    None,
    /// RFC 3339 in UTC, as protobuf prints a `Timestamp`: `2024-01-02T03:04:05Z`.
    Datetime(String),
    /// `YYYY-MM-DD`.
    Date(String),
    Duration(DurationLit),
    Enum {
        member: String,
    },
    /// Lists and tuples.
    List(Vec<TypedValue>),
    /// Dicts and `struct` objects, in written order. Keys of non-`str` dicts
    /// are normalised (`"01"` → `"1"` for `int` keys).
    Map(Vec<(String, TypedValue)>),
    /// Fields in declaration order, defaults filled in.
    Record {
        name: String,
        fields: Vec<(String, TypedValue)>,
    },
    /// A value of a union (or `T?`): `variant` indexes
    /// [`Type::union_variants`].
    Union {
        variant: usize,
        value: Box<TypedValue>,
    },
    /// The kickoff time of a scheduled trigger (only in trigger inputs).
    TriggerTime,
}

/// Type-check a literal against a type. Every problem is reported (not just
/// the first), each on the exact sub-value.
pub fn check_value(
    _types: &TypeTable,
    file: FileId,
    value: &ast::Value,
    ty: &Type,
) -> Result<TypedValue, Vec<Diagnostic>> {
    run(file, value, ty)
}

/// Check the default of task input `name`. Same as [`check_value`], except
/// that `trigger_time` gets the SDK's explanation and the value must be one
/// the SDK can send as written (E0222–E0224).
pub fn check_input_default(
    types: &TypeTable,
    file: FileId,
    name: &str,
    value: &ast::Value,
    ty: &Type,
) -> Result<TypedValue, Vec<Diagnostic>> {
    if is_trigger_time(value) {
        return Err(vec![
            Diagnostic::error(
                Code::E0217,
                FileSpan::new(file, value.span),
                format!("input `{name}` uses `trigger_time` as its default value"),
            )
            .with_primary_label("not a value a task can default to")
            .with_help(format!(
                "`trigger_time` is only valid as a value in a trigger's `inputs {{ … }}`; remove \
                 the default and bind it in a scheduled trigger instead: \
                 `trigger <name> {{ schedule = hourly, inputs {{ {name} = trigger_time }} }}`"
            )),
        ]);
    }
    let typed = check_value(types, file, value, ty)?;
    let problems = sdk_encoding::encoded_default(file, value.span, ty, &typed);
    if problems.is_empty() {
        Ok(typed)
    } else {
        Err(problems)
    }
}

/// A union value as the member it was checked as (the innermost one).
pub fn unwrap_union<'a>(ty: &'a Type, value: &'a TypedValue) -> (&'a Type, &'a TypedValue) {
    if let TypedValue::Union { variant, value } = value {
        if let Some(member) = ty.union_variants().and_then(|v| v.get(*variant).copied()) {
            return unwrap_union(member, value);
        }
    }
    (ty, value)
}

/// Whether the bindings give a record field this default through a factory
/// (`field(default_factory=…)`): lists, dicts, records, files, dirs and
/// dataframes are; scalars and tuples are plain defaults.
pub fn is_factory_default(ty: &Type, value: &TypedValue) -> bool {
    let (ty, value) = unwrap_union(ty, value);
    match value {
        TypedValue::Map(_) | TypedValue::Record { .. } => true,
        TypedValue::List(_) => !matches!(ty, Type::Tuple(_)),
        // `File`, `Dir` and `DataFrame` objects are pydantic models, which a
        // dataclass only takes through a factory.
        _ => matches!(ty, Type::File | Type::Dir | Type::Dataframe { .. }),
    }
}

/// Whether the bindings write a field default of a record of `flavor` as a
/// `default_factory` (and so neither library lists it in its schema): in a
/// dataclass every mutable default ([`is_factory_default`]); in a pydantic
/// model only a file, dir or dataframe (pydantic copies a list, dict or
/// model default itself, and lists it in the schema).
pub fn is_factory_default_of(flavor: RecordFlavor, ty: &Type, value: &TypedValue) -> bool {
    match flavor {
        RecordFlavor::Dataclass => is_factory_default(ty, value),
        RecordFlavor::Pydantic => {
            let (ty, _) = unwrap_union(ty, value);
            matches!(ty, Type::File | Type::Dir | Type::Dataframe { .. })
        }
        // A named tuple's defaults are plain class attributes.
        RecordFlavor::NamedTuple => false,
    }
}

/// Record field defaults are checked while the type table is still being
/// built, so they cannot go through a finished [`TypeTable`].
pub(crate) fn check_field_default(
    file: FileId,
    value: &ast::Value,
    ty: &Type,
) -> Result<TypedValue, Vec<Diagnostic>> {
    run(file, value, ty)
}

/// `trigger_time` written as a value.
pub fn is_trigger_time(value: &ast::Value) -> bool {
    matches!(&value.kind, ValueKind::Ident(word) if word == "trigger_time")
}
