//! Model values as the Python objects the SDK builds from them, for the
//! msgpack literals of records, `struct`s, tuples and non-`str`-keyed dicts
//! ([`python_value`]) and the defaults of JSON schemas; and [`Problem`], why
//! a value has no wire form (reported by `flyte_literals`).

use chrono::{DateTime, NaiveDate, Utc};

use super::msgpack::PyValue;
use crate::semantic::types::{EnumDef, RecordDef, RecordFlavor, Type};
use crate::semantic::values::TypedValue;

/// Why a value could not be lowered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Problem {
    /// The wire has no form for it (`any`, `bytes`, `trigger_time` inside a
    /// value): the message and the help.
    Unsendable(String, &'static str),
    /// The value's shape does not match the type.
    Mismatch(String),
}

pub(crate) fn mismatch(value: &TypedValue, ty: &Type) -> Problem {
    Problem::Mismatch(format!(
        "expected a value of `{}`, found {}",
        ty.display(),
        describe(value)
    ))
}

pub(crate) fn trigger_time() -> Problem {
    Problem::Unsendable(
        "`trigger_time` is not a value that can be sent".into(),
        "`trigger_time` only binds a whole input of a scheduled trigger",
    )
}

pub(crate) fn pickled(ty: &Type) -> Problem {
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

pub(crate) fn parse_datetime(text: &str) -> Result<DateTime<Utc>, Problem> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| Problem::Mismatch(format!("{text:?} is not an RFC 3339 date-time")))
}

pub(crate) fn parse_date(text: &str) -> Result<DateTime<Utc>, Problem> {
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
        (Type::Pickled(_) | Type::Bytes, _) => {
            return Err(pickled(ty));
        }
        (Type::Int, TypedValue::Int(i)) => PyValue::Int(*i),
        (Type::Float, TypedValue::Float(f)) => PyValue::Float(*f),
        (Type::Float, TypedValue::Int(i)) => PyValue::Float(*i as f64),
        (Type::Str | Type::Literal(_), TypedValue::Str(s)) => PyValue::Str(s.clone()),
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
                RecordFlavor::Pydantic | RecordFlavor::NamedTuple => {
                    PyValue::Str(iso_duration(micros))
                }
            }
        }
        // Records hold the member's value (`Color.RED.value`), as mashumaro
        // and pydantic write it.
        (Type::Enum(def), TypedValue::Enum { member }) if def.has_member(member) => {
            PyValue::Str(def.value_of(member).to_string())
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
                RecordFlavor::Dataclass => def.flavor.serializer(),
                _ => RecordFlavor::Pydantic,
            };
            if def.flavor == RecordFlavor::NamedTuple {
                // Pydantic dumps a tuple: the values in field order.
                return named_tuple_values(def, fields, style).map(PyValue::List);
            }
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

/// A named tuple's field values in field order (every field is there: a
/// checked record value holds the defaults too).
pub(crate) fn named_tuple_values(
    def: &RecordDef,
    fields: &[(String, TypedValue)],
    style: RecordFlavor,
) -> Result<Vec<PyValue>, Problem> {
    def.fields
        .iter()
        .map(|field| {
            let value = fields
                .iter()
                .find(|(n, _)| *n == field.name)
                .map(|(_, v)| v)
                .or(field.default.as_ref())
                .ok_or_else(|| {
                    Problem::Mismatch(format!("`{}` has no value for `{}`", def.name, field.name))
                })?;
            python_value(value, &field.ty, style)
        })
        .collect()
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
        Type::Enum(def) => PyValue::Str(def.value_of(key).to_string()),
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
        RecordFlavor::Pydantic | RecordFlavor::NamedTuple => "Z",
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

/// What the SDK's pydantic transformer sends for a model: after
/// `model_dump_json()` (member values), `_walk_enum_fields` turns every enum
/// value reached through fields, nested pydantic models, `list[…]`,
/// `dict[…]` keys and values and `Optional[…]` into its member's name.
/// Values under a dataclass, a tuple or a union of several types stay.
pub(crate) fn pydantic_enum_names(value: PyValue, def: &RecordDef) -> PyValue {
    let PyValue::Dict(entries) = value else {
        return value;
    };
    let entries = entries.into_iter().map(|(key, v)| {
        let field = match &key {
            PyValue::Str(name) => def.field(name),
            _ => None,
        };
        let v = match field {
            Some(field) => enum_names(v, &field.ty),
            None => v,
        };
        (key, v)
    });
    PyValue::Dict(entries.collect())
}

fn enum_names(value: PyValue, ty: &Type) -> PyValue {
    match (unwrap_optional(ty), value) {
        (Type::Enum(def), PyValue::Str(v)) => PyValue::Str(member_named(def, &v)),
        (Type::Record(def), v) if def.flavor == RecordFlavor::Pydantic => {
            pydantic_enum_names(v, def)
        }
        (Type::List(item), PyValue::List(items)) => {
            PyValue::List(items.into_iter().map(|i| enum_names(i, item)).collect())
        }
        (Type::Dict(key, item), PyValue::Dict(entries)) => PyValue::Dict(
            entries
                .into_iter()
                .map(|(k, v)| (enum_names(k, key), enum_names(v, item)))
                .collect(),
        ),
        (_, v) => v,
    }
}

/// `typing.Optional[X]` (one type besides `None`) is walked as `X`.
fn unwrap_optional(ty: &Type) -> &Type {
    let members: Vec<&Type> = match ty {
        Type::Optional(inner) => match &**inner {
            Type::Union(members) => members.iter().collect(),
            other => vec![other],
        },
        Type::Union(members) => members.iter().collect(),
        _ => return ty,
    };
    let mut others = members.into_iter().filter(|m| !matches!(m, Type::None));
    match (others.next(), others.next()) {
        (Some(only), None) => only,
        _ => ty,
    }
}

/// The name of the member whose value is `value` (`Color("r").name`).
fn member_named(def: &EnumDef, value: &str) -> String {
    let at = def.values.iter().position(|v| v == value);
    at.and_then(|i| def.members.get(i))
        .map_or(value, String::as_str)
        .to_string()
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
