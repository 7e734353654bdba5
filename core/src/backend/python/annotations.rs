//! `.task` types as Python annotations and typed values as Python
//! expressions, the way the SDK reads them back (the same wire type and the
//! same literal).

use std::time::Duration;

use super::expr::{Py, identifier};
use crate::semantic::types::Type;
use crate::semantic::values::TypedValue;

/// The annotation of a type: `list[int]`, `typing.Optional[Region]`.
pub(crate) fn annotation(ty: &Type) -> String {
    match ty {
        Type::Int => "int".into(),
        Type::Float => "float".into(),
        Type::Str => "str".into(),
        Type::Bool => "bool".into(),
        Type::Datetime => "datetime.datetime".into(),
        Type::Date => "datetime.date".into(),
        Type::Duration => "datetime.timedelta".into(),
        Type::File => "flyte.io.File".into(),
        Type::Dir => "flyte.io.Dir".into(),
        Type::Bytes => "bytes".into(),
        Type::Any => "typing.Any".into(),
        Type::Struct => "dict".into(),
        Type::None => "None".into(),
        Type::List(item) => format!("list[{}]", annotation(item)),
        Type::Dict(key, value) => format!("dict[{}, {}]", annotation(key), annotation(value)),
        Type::Optional(inner) => format!("typing.Optional[{}]", annotation(inner)),
        Type::Union(members) => format!("typing.Union[{}]", join(members)),
        Type::Tuple(items) => format!("tuple[{}]", join(items)),
        Type::Dataframe { columns, format } => {
            let mut extras = Vec::new();
            if !columns.is_empty() {
                let columns: Vec<String> = columns
                    .iter()
                    .map(|(name, ty)| format!("{}: {}", Py::str(name).flat(), annotation(ty)))
                    .collect();
                extras.push(format!("{{{}}}", columns.join(", ")));
            }
            if let Some(format) = format {
                extras.push(Py::str(format).flat());
            }
            if extras.is_empty() {
                "flyte.io.DataFrame".into()
            } else {
                format!(
                    "typing.Annotated[flyte.io.DataFrame, {}]",
                    extras.join(", ")
                )
            }
        }
        Type::Enum(def) => identifier(&def.name),
        Type::Record(def) => identifier(&def.name),
    }
}

fn join(types: &[Type]) -> String {
    types.iter().map(annotation).collect::<Vec<_>>().join(", ")
}

/// A `timedelta` expression.
pub(crate) fn timedelta(duration: Duration) -> Py {
    let micros = duration.subsec_micros();
    let seconds = duration.as_secs();
    if micros == 0 {
        Py::raw(format!("datetime.timedelta(seconds={seconds})"))
    } else {
        Py::raw(format!(
            "datetime.timedelta(seconds={seconds}, microseconds={micros})"
        ))
    }
}

fn float(value: f64) -> Py {
    if value.is_nan() {
        Py::raw("float(\"nan\")")
    } else if value.is_infinite() {
        Py::raw(if value > 0.0 {
            "float(\"inf\")"
        } else {
            "float(\"-inf\")"
        })
    } else {
        // `{:?}` keeps a `.0` on whole numbers and round-trips every f64.
        Py::raw(format!("{value:?}"))
    }
}

/// A typed value as the Python object the SDK turns into the same literal.
pub(crate) fn value(value: &TypedValue, ty: &Type) -> Py {
    match (value, ty) {
        (
            TypedValue::Union {
                variant,
                value: inner,
            },
            _,
        ) => {
            let variants = ty.union_variants().unwrap_or_default();
            match variants.get(*variant) {
                Some(member) => self::value(inner, member),
                None => untyped(inner),
            }
        }
        (TypedValue::Enum { member }, Type::Enum(def)) => {
            Py::raw(format!("{}.{}", identifier(&def.name), identifier(member)))
        }
        (TypedValue::List(items), Type::Tuple(types)) => Py::Tuple(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| match types.get(i) {
                    Some(t) => self::value(v, t),
                    None => untyped(v),
                })
                .collect(),
        ),
        (TypedValue::List(items), Type::List(item)) => {
            Py::List(items.iter().map(|v| self::value(v, item)).collect())
        }
        (TypedValue::Map(entries), Type::Dict(key, item)) => Py::Dict(
            entries
                .iter()
                .map(|(k, v)| (dict_key(k, key), self::value(v, item)))
                .collect(),
        ),
        (TypedValue::Record { name, fields }, Type::Record(def)) => Py::call(
            identifier(name),
            fields
                .iter()
                .map(|(field, v)| {
                    let py = match def.field(field) {
                        Some(f) => self::value(v, &f.ty),
                        None => untyped(v),
                    };
                    (Some(field.clone()), py)
                })
                .collect(),
        ),
        (TypedValue::Map(entries), Type::Record(def)) => Py::call(
            identifier(&def.name),
            entries
                .iter()
                .map(|(field, v)| {
                    let py = match def.field(field) {
                        Some(f) => self::value(v, &f.ty),
                        None => untyped(v),
                    };
                    (Some(field.clone()), py)
                })
                .collect(),
        ),
        (TypedValue::Datetime(text), Type::Date) | (TypedValue::Date(text), _) => Py::raw(format!(
            "datetime.date.fromisoformat({})",
            Py::str(text).flat()
        )),
        (TypedValue::Float(f), _) => float(*f),
        (TypedValue::Int(i), Type::Float) => float(*i as f64),
        _ => untyped(value),
    }
}

/// A dict key: `int` keys are numbers, everything else a string.
fn dict_key(key: &str, ty: &Type) -> Py {
    match ty {
        Type::Int if key.parse::<i64>().is_ok() => Py::raw(key),
        // The member, not its name: mashumaro packs a key by `.value`.
        Type::Enum(def) if def.has_member(key) => {
            Py::raw(format!("{}.{}", identifier(&def.name), identifier(key)))
        }
        _ => Py::str(key),
    }
}

/// A value whose type says nothing more (`any`, `struct`, or a mismatch the
/// checker already reported).
fn untyped(value: &TypedValue) -> Py {
    match value {
        TypedValue::Int(i) => Py::raw(i.to_string()),
        TypedValue::Float(f) => float(*f),
        TypedValue::Str(s) => Py::str(s),
        TypedValue::Bool(b) => Py::bool(*b),
        TypedValue::None => Py::raw("None"),
        TypedValue::Datetime(text) => Py::raw(format!(
            "datetime.datetime.fromisoformat({})",
            Py::str(text).flat()
        )),
        TypedValue::Date(text) => Py::raw(format!(
            "datetime.date.fromisoformat({})",
            Py::str(text).flat()
        )),
        TypedValue::Duration(d) => {
            let nanos = d.nanos;
            let duration = Duration::new(
                u64::try_from(nanos / 1_000_000_000).unwrap_or(u64::MAX),
                (nanos % 1_000_000_000) as u32,
            );
            timedelta(duration)
        }
        TypedValue::Enum { member } => Py::str(member),
        TypedValue::List(items) => Py::List(items.iter().map(untyped).collect()),
        TypedValue::Map(entries) => Py::Dict(
            entries
                .iter()
                .map(|(k, v)| (Py::str(k), untyped(v)))
                .collect(),
        ),
        TypedValue::Record { name, fields } => Py::call(
            identifier(name),
            fields
                .iter()
                .map(|(k, v)| (Some(k.clone()), untyped(v)))
                .collect(),
        ),
        TypedValue::Union { value, .. } => untyped(value),
        TypedValue::TriggerTime => Py::raw("flyte.TriggerTime"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_and_nested_annotations() {
        let ty = Type::Optional(Box::new(Type::Dict(
            Box::new(Type::Str),
            Box::new(Type::List(Box::new(Type::Float))),
        )));
        assert_eq!(annotation(&ty), "typing.Optional[dict[str, list[float]]]");
    }

    #[test]
    fn typed_dataframes_are_annotated() {
        let ty = Type::Dataframe {
            columns: vec![("a".into(), Type::Int)],
            format: Some("parquet".into()),
        };
        assert_eq!(
            annotation(&ty),
            "typing.Annotated[flyte.io.DataFrame, {\"a\": int}, \"parquet\"]"
        );
    }

    #[test]
    fn floats_keep_their_point_and_ints_in_float_slots_get_one() {
        assert_eq!(value(&TypedValue::Float(2.0), &Type::Float).flat(), "2.0");
        assert_eq!(value(&TypedValue::Int(3), &Type::Float).flat(), "3.0");
    }

    #[test]
    fn optional_values_use_their_variant() {
        let ty = Type::Optional(Box::new(Type::Int));
        let v = TypedValue::Union {
            variant: 0,
            value: Box::new(TypedValue::Int(4)),
        };
        assert_eq!(value(&v, &ty).flat(), "4");
    }
}
