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

use taskc_wire::flyteidl2::core::{
    self, Binary, Blob, BlobMetadata, BlobType, Literal, LiteralCollection, LiteralMap, Parameter,
    Primitive, Scalar, StructuredDataset, StructuredDatasetMetadata, Variable,
    blob_type::BlobDimensionality, literal, parameter, primitive, scalar,
};
use taskc_wire::flyteidl2::task::NamedParameter;
use taskc_wire::wkt;

use super::interface::{literal_type, union_variant_type};
use super::msgpack::{self, PyValue};
use super::python_values::{
    Problem, mismatch, named_tuple_values, parse_date, parse_datetime, pickled,
    pydantic_enum_names, python_value, trigger_time,
};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
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
    lower(value, ty).map_err(|problem| vec![problem_diagnostic(problem, at)])
}

/// The diagnostic for a value that could not be lowered.
fn problem_diagnostic(problem: Problem, at: FileSpan) -> Diagnostic {
    match problem {
        Problem::Unsendable(message, help) => Diagnostic::error(UNSENDABLE, at, message)
            .with_primary_label("no Flyte literal for this value")
            .with_help(help),
        Problem::Mismatch(message) => Diagnostic::error(MISMATCH, at, message)
            .with_primary_label("cannot be lowered to a Flyte literal")
            .with_help("write a value of the declared type"),
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
        (Type::Str | Type::Literal(_), TypedValue::Str(s)) => {
            primitive(primitive::Value::StringValue(s.clone()))
        }
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
        // The SDK's wrapper model holds the fields by name; nested named
        // tuples are dumped as tuples.
        (Type::Record(def), TypedValue::Record { fields, .. })
            if def.flavor == RecordFlavor::NamedTuple =>
        {
            let values = named_tuple_values(def, fields, RecordFlavor::Pydantic)?;
            let names = def.fields.iter().map(|f| PyValue::Str(f.name.clone()));
            let dumped = PyValue::Dict(names.zip(values).collect());
            msgpack_literal(&pydantic_enum_names(dumped, def))
        }
        (Type::Record(def), _) if def.flavor == RecordFlavor::Pydantic => {
            let dumped = python_value(value, ty, RecordFlavor::Dataclass)?;
            msgpack_literal(&pydantic_enum_names(dumped, def))
        }
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
        (Type::Pickled(_) | Type::Bytes, _) => {
            return Err(pickled(ty));
        }
        _ => return Err(mismatch(value, ty)),
    };
    Ok(literal)
}
