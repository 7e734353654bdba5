//! Checked values ([`TypedValue`]) as Flyte `Literal`s, and a task's
//! `TaskSpec.default_inputs` (WIRE.md §6, "Default inputs").
//!
//! Scalars, lists, `dict[str, T]`, enums, files and unions become the
//! matching `Literal` shapes. Records, `struct`s, dicts with other keys and
//! tuples become `Binary { tag: "msgpack" }`: the Python object the SDK
//! would build ([`python_value`]) packed by [`msgpack`](super::msgpack).
//!
//! Decisions:
//! - An enum value is its member name, both as a literal (as the SDK sends
//!   `Enum.name`) and inside a record (where the SDK sends `Enum.value`): a
//!   `.task` enum's members are the wire values.
//! - A `datetime` inside a record is written in UTC (`…+00:00` for a
//!   dataclass, `…Z` for pydantic), with microseconds, like Python; the
//!   offset written in the `.task` file is not kept.
//! - A `date` literal is that day at midnight UTC, as the SDK sends it.

use chrono::{DateTime, NaiveDate, Utc};
use taskc_wire::flyteidl2::core::{
    self, Binary, Blob, BlobMetadata, BlobType, Literal, LiteralCollection, LiteralMap, Parameter,
    Primitive, Scalar, StructuredDataset, StructuredDatasetMetadata, Variable,
    blob_type::BlobDimensionality, literal, parameter, primitive, scalar,
};
use taskc_wire::flyteidl2::task::NamedParameter;
use taskc_wire::wkt;

use super::interface::{literal_type, union_variant_type};
use super::msgpack::{self, PyValue};
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::model::Task;
use crate::semantic::types::{RecordFlavor, Type};
use crate::semantic::values::TypedValue;
use crate::source::FileSpan;

/// E0700: a value the wire has no form for.
const UNSENDABLE: Code = Code::E0700;
/// E0701: a value whose shape does not match its type.
const MISMATCH: Code = Code::E0701;

/// `TaskSpec.default_inputs`: one `NamedParameter { name, parameter: { var:
/// { type }, default } }` per input with a default, in declaration order.
/// Every default that cannot be lowered is reported (E07xx).
pub fn default_inputs(task: &Task) -> Result<Vec<NamedParameter>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for input in &task.inputs {
        let Some(default) = &input.default else {
            continue;
        };
        let at = input.default_at.unwrap_or(input.at);
        match literal(default, &input.ty, at) {
            Ok(value) => out.push(NamedParameter {
                name: input.name.clone(),
                parameter: Some(Parameter {
                    var: Some(Variable {
                        r#type: Some(literal_type(&input.ty)),
                        ..Variable::default()
                    }),
                    behavior: Some(parameter::Behavior::Default(value)),
                }),
            }),
            Err(mut found) => errors.append(&mut found),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The `Literal` the SDK sends for `value` as a value of `ty`. `at` is where
/// the value is written, for the diagnostic when it cannot be lowered.
pub fn literal(value: &TypedValue, ty: &Type, at: FileSpan) -> Result<Literal, Vec<Diagnostic>> {
    lower(value, ty).map_err(|problem| vec![problem.into_diagnostic(at)])
}

/// Why a value could not be lowered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Problem {
    /// The wire has no form for it (`any`, `bytes`, `trigger_time` inside a
    /// value): the message and the help.
    Unsendable(String, &'static str),
    /// The value's shape does not match the type.
    Mismatch(String),
}

impl Problem {
    fn into_diagnostic(self, at: FileSpan) -> Diagnostic {
        match self {
            Problem::Unsendable(message, help) => Diagnostic::error(UNSENDABLE, at, message)
                .with_primary_label("no Flyte literal for this value")
                .with_help(help),
            Problem::Mismatch(message) => Diagnostic::error(MISMATCH, at, message)
                .with_primary_label("cannot be lowered to a Flyte literal")
                .with_help("write a value of the declared type"),
        }
    }
}

fn mismatch(value: &TypedValue, ty: &Type) -> Problem {
    Problem::Mismatch(format!(
        "expected a value of `{}`, found {}",
        ty.display(),
        describe(value)
    ))
}

fn trigger_time() -> Problem {
    Problem::Unsendable(
        "`trigger_time` is not a value that can be sent".into(),
        "`trigger_time` only binds a whole input of a scheduled trigger",
    )
}

fn pickled(ty: &Type) -> Problem {
    Problem::Unsendable(
        format!(
            "a value of type `{}` cannot be sent: the SDK pickles such values",
            ty.display()
        ),
        "remove the value, or give the input a type Flyte can describe",
    )
}

fn describe(value: &TypedValue) -> &'static str {
    match value {
        TypedValue::Int(_) => "an integer",
        TypedValue::Float(_) => "a float",
        TypedValue::Str(_) => "a string",
        TypedValue::Bool(_) => "a boolean",
        TypedValue::None => "`none`",
        TypedValue::Datetime(_) => "a datetime",
        TypedValue::Date(_) => "a date",
        TypedValue::Duration(_) => "a duration",
        TypedValue::Enum { .. } => "an enum member",
        TypedValue::List(_) => "a list",
        TypedValue::Map(_) => "a block",
        TypedValue::Record { .. } => "a record",
        TypedValue::Union { .. } => "a union value",
        TypedValue::TriggerTime => "`trigger_time`",
    }
}

fn scalar_literal(value: scalar::Value) -> Literal {
    Literal {
        value: Some(literal::Value::Scalar(Box::new(Scalar {
            value: Some(value),
        }))),
        ..Literal::default()
    }
}

fn primitive(value: primitive::Value) -> Literal {
    scalar_literal(scalar::Value::Primitive(Primitive { value: Some(value) }))
}

fn msgpack_literal(value: &PyValue) -> Literal {
    scalar_literal(scalar::Value::Binary(Binary {
        value: msgpack::encode(value),
        tag: "msgpack".into(),
    }))
}

fn lower(value: &TypedValue, ty: &Type) -> Result<Literal, Problem> {
    if let TypedValue::TriggerTime = value {
        return Err(trigger_time());
    }
    let literal = match (ty, value) {
        (Type::Int, TypedValue::Int(i)) => primitive(primitive::Value::Integer(*i)),
        (Type::Float, TypedValue::Float(f)) => primitive(primitive::Value::FloatValue(*f)),
        (Type::Float, TypedValue::Int(i)) => primitive(primitive::Value::FloatValue(*i as f64)),
        (Type::Str, TypedValue::Str(s)) => primitive(primitive::Value::StringValue(s.clone())),
        (Type::Bool, TypedValue::Bool(b)) => primitive(primitive::Value::Boolean(*b)),
        (Type::Datetime, TypedValue::Datetime(text)) => {
            primitive(primitive::Value::Datetime(parse_datetime(text)?.into()))
        }
        (Type::Date, TypedValue::Date(text)) => {
            primitive(primitive::Value::Datetime(parse_date(text)?.into()))
        }
        (Type::Duration, TypedValue::Duration(d)) => {
            let seconds = i64::try_from(d.seconds()).map_err(|_| {
                Problem::Mismatch("the duration is longer than Flyte can hold".into())
            })?;
            primitive(primitive::Value::Duration(wkt::Duration {
                seconds,
                nanos: d.subsec_nanos() as i32,
            }))
        }
        (Type::Enum(def), TypedValue::Enum { member }) if def.has_member(member) => {
            primitive(primitive::Value::StringValue(member.clone()))
        }
        (Type::File | Type::Dir, TypedValue::Str(uri)) => {
            scalar_literal(scalar::Value::Blob(Blob {
                metadata: Some(BlobMetadata {
                    r#type: Some(BlobType {
                        format: String::new(),
                        dimensionality: if *ty == Type::Dir {
                            BlobDimensionality::Multipart as i32
                        } else {
                            BlobDimensionality::Single as i32
                        },
                    }),
                }),
                uri: uri.clone(),
            }))
        }
        (Type::Dataframe { .. }, TypedValue::Str(uri)) => {
            let sdt = match literal_type(ty).r#type {
                Some(core::literal_type::Type::StructuredDatasetType(sdt)) => sdt,
                _ => core::StructuredDatasetType::default(),
            };
            scalar_literal(scalar::Value::StructuredDataset(StructuredDataset {
                uri: uri.clone(),
                metadata: Some(StructuredDatasetMetadata {
                    structured_dataset_type: Some(sdt),
                }),
            }))
        }
        (Type::None, TypedValue::None) => scalar_literal(scalar::Value::NoneType(core::Void {})),
        (Type::List(item), TypedValue::List(items)) => Literal {
            value: Some(literal::Value::Collection(LiteralCollection {
                literals: items
                    .iter()
                    .map(|v| lower(v, item))
                    .collect::<Result<_, _>>()?,
            })),
            ..Literal::default()
        },
        (Type::Dict(key, item), TypedValue::Map(entries)) if **key == Type::Str => Literal {
            value: Some(literal::Value::Map(LiteralMap {
                literals: entries
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), lower(v, item)?)))
                    .collect::<Result<_, Problem>>()?,
            })),
            ..Literal::default()
        },
        (Type::Dict(..) | Type::Struct | Type::Record(_), _) => {
            msgpack_literal(&python_value(value, ty, RecordFlavor::Dataclass)?)
        }
        (Type::Tuple(types), TypedValue::List(items)) if types.len() == items.len() => {
            // The SDK wraps a tuple in a pydantic model with fields
            // `item_0`, `item_1`, … (see `json_schema::tuple_schema`).
            let mut fields = Vec::with_capacity(items.len());
            for (i, (item, item_ty)) in items.iter().zip(types).enumerate() {
                fields.push((
                    PyValue::Str(format!("item_{i}")),
                    python_value(item, item_ty, RecordFlavor::Pydantic)?,
                ));
            }
            msgpack_literal(&PyValue::Dict(fields))
        }
        (Type::Optional(_) | Type::Union(_), TypedValue::Union { variant, value }) => {
            let member = ty
                .union_variants()
                .and_then(|v| v.get(*variant).copied())
                .ok_or_else(|| Problem::Mismatch(format!("no union member #{variant}")))?;
            let inner = lower(value, member)?;
            scalar_literal(scalar::Value::Union(Box::new(core::Union {
                value: Some(Box::new(inner)),
                r#type: Some(union_variant_type(member)),
            })))
        }
        (Type::Any | Type::Bytes, _) => {
            return Err(pickled(ty));
        }
        _ => return Err(mismatch(value, ty)),
    };
    Ok(literal)
}

fn parse_datetime(text: &str) -> Result<DateTime<Utc>, Problem> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| Problem::Mismatch(format!("{text:?} is not an RFC 3339 date-time")))
}

fn parse_date(text: &str) -> Result<DateTime<Utc>, Problem> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .ok_or_else(|| Problem::Mismatch(format!("{text:?} is not a date")))
}

/// The Python object the SDK serializes for `value` inside a record, a
/// `struct`, a non-`str`-keyed dict or a tuple: what `mashumaro`'s
/// `to_dict()` (`style` dataclass) or pydantic's `model_dump(mode="json")`
/// (`style` pydantic) gives. Inside a pydantic model pydantic serializes
/// everything, nested dataclasses included.
pub(crate) fn python_value(
    value: &TypedValue,
    ty: &Type,
    style: RecordFlavor,
) -> Result<PyValue, Problem> {
    Ok(match (ty, value) {
        (_, TypedValue::TriggerTime) => return Err(trigger_time()),
        (Type::Any | Type::Bytes, _) => {
            return Err(pickled(ty));
        }
        (Type::Int, TypedValue::Int(i)) => PyValue::Int(*i),
        (Type::Float, TypedValue::Float(f)) => PyValue::Float(*f),
        (Type::Float, TypedValue::Int(i)) => PyValue::Float(*i as f64),
        (Type::Str, TypedValue::Str(s)) => PyValue::Str(s.clone()),
        (Type::Bool, TypedValue::Bool(b)) => PyValue::Bool(*b),
        (Type::None, TypedValue::None) => PyValue::None,
        (Type::Datetime, TypedValue::Datetime(text)) => {
            PyValue::Str(python_datetime(&parse_datetime(text)?, style))
        }
        (Type::Date, TypedValue::Date(text)) => PyValue::Str(text.clone()),
        (Type::Duration, TypedValue::Duration(d)) => {
            let micros = d.nanos / 1_000;
            match style {
                RecordFlavor::Dataclass => PyValue::Float(micros as f64 / 1e6),
                RecordFlavor::Pydantic => PyValue::Str(iso_duration(micros)),
            }
        }
        (Type::Enum(def), TypedValue::Enum { member }) if def.has_member(member) => {
            PyValue::Str(member.clone())
        }
        (Type::File | Type::Dir, TypedValue::Str(path)) => {
            let name = path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default();
            PyValue::Dict(vec![
                (PyValue::Str("path".into()), PyValue::Str(path.clone())),
                (PyValue::Str("name".into()), PyValue::Str(name.into())),
                (PyValue::Str("format".into()), PyValue::Str(String::new())),
                (PyValue::Str("hash".into()), PyValue::None),
            ])
        }
        (Type::Dataframe { format, .. }, TypedValue::Str(uri)) => PyValue::Dict(vec![
            (PyValue::Str("uri".into()), PyValue::Str(uri.clone())),
            (
                PyValue::Str("format".into()),
                PyValue::Str(format.clone().unwrap_or_default()),
            ),
        ]),
        (Type::List(item), TypedValue::List(items)) => PyValue::List(
            items
                .iter()
                .map(|v| python_value(v, item, style))
                .collect::<Result<_, _>>()?,
        ),
        (Type::Tuple(types), TypedValue::List(items)) if types.len() == items.len() => {
            PyValue::List(
                items
                    .iter()
                    .zip(types)
                    .map(|(v, t)| python_value(v, t, style))
                    .collect::<Result<_, _>>()?,
            )
        }
        (Type::Dict(key, item), TypedValue::Map(entries)) => PyValue::Dict(
            entries
                .iter()
                .map(|(k, v)| Ok((dict_key(k, key)?, python_value(v, item, style)?)))
                .collect::<Result<_, Problem>>()?,
        ),
        (Type::Struct, TypedValue::Map(_)) => untyped(value)?,
        (Type::Record(def), TypedValue::Record { fields, .. }) => {
            // Pydantic serializes whatever it contains; a dataclass hands a
            // nested pydantic model to pydantic.
            let style = match style {
                RecordFlavor::Pydantic => RecordFlavor::Pydantic,
                RecordFlavor::Dataclass => def.flavor,
            };
            let mut out = Vec::with_capacity(fields.len());
            for (name, field_value) in fields {
                let field = def.field(name).ok_or_else(|| {
                    Problem::Mismatch(format!("`{}` has no field `{name}`", def.name))
                })?;
                out.push((
                    PyValue::Str(name.clone()),
                    python_value(field_value, &field.ty, style)?,
                ));
            }
            PyValue::Dict(out)
        }
        (Type::Optional(_) | Type::Union(_), TypedValue::Union { variant, value }) => {
            let member = ty
                .union_variants()
                .and_then(|v| v.get(*variant).copied())
                .ok_or_else(|| Problem::Mismatch(format!("no union member #{variant}")))?;
            python_value(value, member, style)?
        }
        _ => return Err(mismatch(value, ty)),
    })
}

/// A value of `struct`: JSON-like, untyped.
fn untyped(value: &TypedValue) -> Result<PyValue, Problem> {
    Ok(match value {
        TypedValue::Int(i) => PyValue::Int(*i),
        TypedValue::Float(f) => PyValue::Float(*f),
        TypedValue::Str(s) => PyValue::Str(s.clone()),
        TypedValue::Bool(b) => PyValue::Bool(*b),
        TypedValue::None => PyValue::None,
        TypedValue::List(items) => {
            PyValue::List(items.iter().map(untyped).collect::<Result<_, _>>()?)
        }
        TypedValue::Map(entries) => PyValue::Dict(
            entries
                .iter()
                .map(|(k, v)| Ok((PyValue::Str(k.clone()), untyped(v)?)))
                .collect::<Result<_, Problem>>()?,
        ),
        other => return Err(mismatch(other, &Type::Struct)),
    })
}

/// A dict key as Python holds it: `dict[int, …]` keys are ints.
fn dict_key(key: &str, ty: &Type) -> Result<PyValue, Problem> {
    Ok(match ty {
        Type::Int => PyValue::Int(
            key.parse()
                .map_err(|_| Problem::Mismatch(format!("key {key:?} is not an integer")))?,
        ),
        Type::Bool => PyValue::Bool(key == "true"),
        _ => PyValue::Str(key.to_string()),
    })
}

/// `datetime.isoformat()` (dataclass) or pydantic's JSON form of a UTC
/// date-time: microseconds when there are any.
fn python_datetime(value: &DateTime<Utc>, style: RecordFlavor) -> String {
    let micros = value.timestamp_subsec_micros();
    let fraction = if micros == 0 {
        String::new()
    } else {
        format!(".{micros:06}")
    };
    let zone = match style {
        RecordFlavor::Dataclass => "+00:00",
        RecordFlavor::Pydantic => "Z",
    };
    format!("{}{fraction}{zone}", value.format("%Y-%m-%dT%H:%M:%S"))
}

/// Pydantic's ISO 8601 duration (`PT1H30M`, `P1Y36DT1H1.00012S`, `PT0S`):
/// years of 365 days, then days, then the time part with the fraction's
/// trailing zeros removed.
fn iso_duration(total_micros: u128) -> String {
    let micros = total_micros % 1_000_000;
    let total_seconds = total_micros / 1_000_000;
    let days = total_seconds / 86_400;
    let seconds = total_seconds % 86_400;
    if days == 0 && seconds == 0 && micros == 0 {
        return "PT0S".into();
    }
    let mut out = String::from("P");
    let (years, days) = (days / 365, days % 365);
    if years != 0 {
        out.push_str(&format!("{years}Y"));
    }
    if days != 0 {
        out.push_str(&format!("{days}D"));
    }
    if seconds != 0 || micros != 0 {
        out.push('T');
        let (hours, minutes, secs) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
        if hours != 0 {
            out.push_str(&format!("{hours}H"));
        }
        if minutes != 0 {
            out.push_str(&format!("{minutes}M"));
        }
        if secs != 0 || micros != 0 {
            if micros == 0 {
                out.push_str(&format!("{secs}S"));
            } else {
                let text = format!("{secs}.{micros:06}");
                out.push_str(text.trim_end_matches('0'));
                out.push('S');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::iso_duration;

    #[test]
    fn durations_print_like_pydantic() {
        let s = 1_000_000u128;
        assert_eq!(iso_duration(90 * 60 * s), "PT1H30M");
        assert_eq!(iso_duration(90 * s), "PT1M30S");
        assert_eq!(iso_duration(1_500_000), "PT1.5S");
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration((2 * 86_400 + 3) * s), "P2DT3S");
        assert_eq!(iso_duration(86_400 * s + 3600 * s + 5), "P1DT1H0.000005S");
        assert_eq!(
            iso_duration((401 * 86_400 + 3601) * s + 120),
            "P1Y36DT1H1.00012S"
        );
    }
}
