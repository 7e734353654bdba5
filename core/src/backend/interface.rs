//! A task's `TypedInterface` and the `LiteralType` of every `.task` type
//! (WIRE.md §6): what the SDK's type transformers produce for the matching
//! Python annotation.
//!
//! Decisions:
//! - `returns tuple[A, B]` is a Python `-> tuple[A, B]`: outputs `o0`, `o1`.
//!   A tuple anywhere else (an input, a named output, inside a list) is one
//!   value: a msgpack `STRUCT` described as pydantic's `TupleWrapper_tuple`.
//! - `any` is Python's `typing.Any` and `bytes` is `bytes`: both pickled.

use serde_json::json;
use taskc_wire::flyteidl2::core::{
    BlobType, EnumType, LiteralType, SimpleType, StructuredDatasetType, TypeAnnotation,
    TypeStructure, TypedInterface, UnionType, Variable, VariableEntry, VariableMap,
    blob_type::BlobDimensionality, literal_type, structured_dataset_type::DatasetColumn,
};
use taskc_wire::wkt;

use super::convert::python_str_repr;
use super::json_schema::{record_schema, tuple_schema};
use crate::semantic::model::{Output, Task};
use crate::semantic::types::{Pickled, RecordFlavor, Type};

/// `TaskTemplate.interface` of a task: inputs and outputs as `VariableMap`s,
/// variables sorted by name, each with its `///` text as description. Both
/// maps are always present, even when empty (the SDK sends `{}`).
pub fn typed_interface(task: &Task) -> TypedInterface {
    let inputs = task
        .inputs
        .iter()
        .map(|input| variable(&input.name, &input.ty, input.doc.as_deref()))
        .collect();
    let outputs = output_variables(&task.outputs);
    TypedInterface {
        inputs: Some(variable_map(inputs)),
        outputs: Some(variable_map(outputs)),
    }
}

/// `returns tuple[A, B]` gives one variable per element (`o0`, `o1`, …), as
/// a Python function returning a tuple does.
fn output_variables(outputs: &[Output]) -> Vec<VariableEntry> {
    if let [single] = outputs {
        if let (Type::Tuple(items), true) = (&single.ty, is_returns(single)) {
            return items
                .iter()
                .enumerate()
                .map(|(i, ty)| variable(&format!("o{i}"), ty, None))
                .collect();
        }
    }
    outputs
        .iter()
        .map(|output| variable(&output.name, &output.ty, output.doc.as_deref()))
        .collect()
}

/// Whether an output was written `returns T`: the model names it `o0` but
/// places it on the `returns` keyword rather than on a written name.
fn is_returns(output: &Output) -> bool {
    output.name == "o0" && output.at.span.len() == "returns".len()
}

fn variable(name: &str, ty: &Type, doc: Option<&str>) -> VariableEntry {
    VariableEntry {
        key: name.to_string(),
        value: Some(Variable {
            r#type: Some(literal_type(ty)),
            description: doc.unwrap_or_default().to_string(),
            ..Variable::default()
        }),
    }
}

fn variable_map(mut variables: Vec<VariableEntry>) -> VariableMap {
    variables.sort_by(|a, b| a.key.cmp(&b.key));
    VariableMap { variables }
}

fn simple(kind: SimpleType) -> LiteralType {
    LiteralType {
        r#type: Some(literal_type::Type::Simple(kind as i32)),
        ..LiteralType::default()
    }
}

fn with_structure(mut ty: LiteralType, tag: &str) -> LiteralType {
    ty.structure = Some(TypeStructure {
        tag: tag.to_string(),
        ..TypeStructure::default()
    });
    ty
}

/// `STRUCT` with the msgpack cache-key annotation the SDK puts on every
/// msgpack-serialized value.
fn msgpack_struct() -> LiteralType {
    let mut annotation = serde_json::Map::new();
    annotation.insert(
        "cache-key-metadata".into(),
        json!({"serialization-format": "msgpack"}),
    );
    LiteralType {
        annotation: Some(TypeAnnotation {
            annotations: Some(wkt::Struct::from(annotation)),
        }),
        ..simple(SimpleType::Struct)
    }
}

fn blob(dimensionality: BlobDimensionality, format: &str) -> LiteralType {
    LiteralType {
        r#type: Some(literal_type::Type::Blob(BlobType {
            format: format.to_string(),
            dimensionality: dimensionality as i32,
        })),
        ..LiteralType::default()
    }
}

/// `FlytePickle`: what the SDK falls back to for types it has no transformer
/// for; `python_class_name` is the `repr` of the Python type.
fn pickle(python_class_name: &str) -> LiteralType {
    let variants = vec![
        with_structure(
            blob(BlobDimensionality::Single, "PythonPickle"),
            "FlytePickle",
        ),
        with_structure(simple(SimpleType::Binary), "FlytePickle"),
    ];
    let mut metadata = serde_json::Map::new();
    metadata.insert("python_class_name".into(), python_class_name.into());
    LiteralType {
        metadata: Some(wkt::Struct::from(metadata)),
        r#type: Some(literal_type::Type::UnionType(UnionType { variants })),
        ..LiteralType::default()
    }
}

/// The `LiteralType` the SDK gives the Python type a `.task` type stands for.
pub fn literal_type(ty: &Type) -> LiteralType {
    match ty {
        Type::Int => simple(SimpleType::Integer),
        Type::Float => simple(SimpleType::Float),
        Type::Str => simple(SimpleType::String),
        Type::Bool => simple(SimpleType::Boolean),
        Type::Datetime | Type::Date => simple(SimpleType::Datetime),
        Type::Duration => simple(SimpleType::Duration),
        Type::None => simple(SimpleType::None),
        Type::File => blob(BlobDimensionality::Single, ""),
        Type::Dir => blob(BlobDimensionality::Multipart, ""),
        Type::Pickled(p) => pickle(&python_class_name(p)),
        Type::Bytes => pickle("<class 'bytes'>"),
        Type::Struct => msgpack_struct(),
        Type::List(item) => LiteralType {
            r#type: Some(literal_type::Type::CollectionType(Box::new(literal_type(
                item,
            )))),
            ..LiteralType::default()
        },
        Type::Dict(key, item) if **key == Type::Str => LiteralType {
            r#type: Some(literal_type::Type::MapValueType(Box::new(literal_type(
                item,
            )))),
            ..LiteralType::default()
        },
        // Non-`str` keys: the SDK msgpacks the whole dict.
        Type::Dict(..) => msgpack_struct(),
        Type::Optional(_) | Type::Union(_) => {
            let variants = ty
                .union_variants()
                .unwrap_or_default()
                .into_iter()
                .map(union_variant_type)
                .collect();
            LiteralType {
                r#type: Some(literal_type::Type::UnionType(UnionType { variants })),
                ..LiteralType::default()
            }
        }
        Type::Tuple(items) => with_structure(
            LiteralType {
                metadata: Some(wkt::Struct::from(tuple_schema(items))),
                ..msgpack_struct()
            },
            "Pydantic Transformer",
        ),
        Type::Dataframe {
            columns,
            format,
            class,
        } => {
            let frame = LiteralType {
                r#type: Some(literal_type::Type::StructuredDatasetType(
                    StructuredDatasetType {
                        columns: columns
                            .iter()
                            .map(|(name, ty)| DatasetColumn {
                                name: name.clone(),
                                literal_type: Some(literal_type(ty)),
                            })
                            .collect(),
                        format: format.clone().unwrap_or_default(),
                        ..StructuredDatasetType::default()
                    },
                )),
                ..LiteralType::default()
            };
            // `_get_type_tag`: a library's frame is tagged with its class.
            match class.tag() {
                Some(tag) => with_structure(frame, tag),
                None => frame,
            }
        }
        Type::Enum(def) => enum_type(&def.members),
        // `literal_to_enum`: the values are the members.
        Type::Literal(values) => enum_type(values),
        Type::Record(def) => with_structure(
            LiteralType {
                metadata: record_schema(def).map(wkt::Struct::from),
                ..msgpack_struct()
            },
            record_tag(def.flavor),
        ),
    }
}

fn enum_type(values: &[String]) -> LiteralType {
    LiteralType {
        r#type: Some(literal_type::Type::EnumType(EnumType {
            values: values.to_vec(),
        })),
        ..LiteralType::default()
    }
}

/// `str()` of a pickled value's Python annotation: the `python_class_name`
/// the SDK sends.
fn python_class_name(pickled: &Pickled) -> String {
    match pickled {
        Pickled::Any => "typing.Any".into(),
        Pickled::FlytePickle => "<class 'flyte.types._pickle.FlytePickle'>".into(),
        Pickled::Untyped => "<class 'inspect._empty'>".into(),
        Pickled::Class(path) => format!("<class '{path}'>"),
        Pickled::Literal(values) => {
            let values: Vec<String> = values.iter().map(|v| python_str_repr(v)).collect();
            format!("typing.Literal[{}]", values.join(", "))
        }
    }
}

fn record_tag(flavor: RecordFlavor) -> &'static str {
    match flavor {
        RecordFlavor::Dataclass => "Object-Dataclass-Transformer",
        // The SDK wraps a named tuple in a pydantic model.
        RecordFlavor::Pydantic | RecordFlavor::NamedTuple => "Pydantic Transformer",
    }
}

/// A union member's type: its literal type tagged with the name of the SDK
/// transformer that handles it (the tag replaces any structure it had).
pub(crate) fn union_variant_type(ty: &Type) -> LiteralType {
    let tag = match ty {
        Type::Int => "int",
        Type::Float => "float",
        Type::Str => "str",
        Type::Bool => "bool",
        Type::Datetime => "datetime",
        Type::Date => "date",
        Type::Duration => "timedelta",
        Type::None => "none",
        Type::File => "File",
        Type::Dir => "Dir",
        Type::Pickled(_) | Type::Bytes => "FlytePickle",
        Type::List(_) => "Typed List",
        Type::Dict(..) | Type::Struct => "Typed Dict",
        Type::Tuple(_) => "Typed Tuple",
        Type::Dataframe { .. } => "DataFrame Transformer",
        Type::Enum(_) | Type::Literal(_) => "DefaultEnumTransformer",
        Type::Record(def) if def.flavor == RecordFlavor::NamedTuple => "NamedTuple",
        Type::Record(def) => record_tag(def.flavor),
        // Unions are flattened by the type checker; a nested one keeps the
        // tag of an optional.
        Type::Optional(_) | Type::Union(_) => "Union",
    };
    with_structure(literal_type(ty), tag)
}
