//! The JSON schemas the SDK puts into `LiteralType.metadata` for records and
//! tuples (WIRE.md §6; checked against the oracle for every type form).
//!
//! A `record` is a `@dataclass`, described by mashumaro: nested records are
//! written out in place, every record object has `additionalProperties:
//! false`, dict keys get `propertyNames`. A `record pydantic` is a pydantic
//! `BaseModel`, described by `model_json_schema()`: every property has a
//! `title`, nested records, enums, files, dirs and dataframes are `$ref`s
//! into `$defs`. Inside a pydantic model everything follows pydantic (also a
//! nested dataclass); a pydantic model nested in a dataclass is written out
//! in place in pydantic's form.
//!
//! Field defaults are listed with `default`, except for lists, dicts,
//! `struct`s, records, files, dirs and dataframes: those stand for
//! `field(default_factory=…)` (`Field(default_factory=…)` in pydantic),
//! which neither library lists. A tuple default is an ordinary (immutable)
//! default.

use serde_json::{Map, Value, json};

use super::python_values::python_value;
use crate::semantic::types::{RecordDef, RecordField, RecordFlavor, Type};
use crate::semantic::values::mashumaro::pydantic_in_type;
use crate::semantic::values::{
    TypedValue, is_factory_default, is_factory_default_of, unwrap_union,
};

/// The schema of a record, as its flavor's library writes it; `None` where
/// the SDK's schema extraction for a dataclass fails, which it logs and
/// sends no schema (`Failed to extract schema for object …`).
pub(crate) fn record_schema(def: &RecordDef) -> Option<Map<String, Value>> {
    match def.flavor {
        RecordFlavor::Dataclass => dataclass_record(def),
        RecordFlavor::Pydantic => Some(pydantic_top(
            &def.name,
            description(def).as_deref(),
            &record_fields(def),
        )),
        // The SDK's wrapper model: every field required, no defaults listed
        // (`create_model(…, field=(type, ...))`).
        RecordFlavor::NamedTuple => {
            let fields: Vec<SchemaField> = def
                .fields
                .iter()
                .map(|f| SchemaField {
                    name: f.name.clone(),
                    ty: &f.ty,
                    default: None,
                    doc: None,
                    written_in: RecordFlavor::Pydantic,
                })
                .collect();
            Some(pydantic_top(
                &format!("NamedTupleWrapper_{}", def.name),
                None,
                &fields,
            ))
        }
    }
}

/// The schema of a tuple: the SDK wraps it in a pydantic model named
/// `TupleWrapper_tuple` with fields `item_0`, `item_1`, ….
pub(crate) fn tuple_schema(items: &[Type]) -> Map<String, Value> {
    let fields: Vec<SchemaField> = items
        .iter()
        .enumerate()
        .map(|(i, ty)| SchemaField {
            name: format!("item_{i}"),
            ty,
            default: None,
            doc: None,
            written_in: RecordFlavor::Pydantic,
        })
        .collect();
    pydantic_top("TupleWrapper_tuple", None, &fields)
}

/// pydantic's `description` of a model (and of a dataclass it describes):
/// the class docstring the bindings write from the record's doc comment,
/// through `inspect.cleandoc`. mashumaro writes none.
fn description(def: &RecordDef) -> Option<String> {
    def.doc
        .as_deref()
        .map(python_cleandoc)
        .filter(|d| !d.is_empty())
}

/// Python's `inspect.cleandoc`: tabs expanded, the first line without
/// leading blanks, the common indentation of the others removed, leading and
/// trailing empty lines dropped (counted in characters, as Python does).
fn python_cleandoc(doc: &str) -> String {
    let lines: Vec<Vec<char>> = doc.split('\n').map(expand_tabs).collect();
    let indent = |l: &[char]| l.iter().take_while(|c| c.is_whitespace()).count();
    let margin = lines
        .iter()
        .skip(1)
        .filter(|l| indent(l) < l.len())
        .map(|l| indent(l))
        .min();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let from = match (i, margin) {
            (0, _) => indent(line),
            (_, Some(m)) => m.min(line.len()),
            (_, None) => 0,
        };
        out.push(line[from..].iter().collect());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    let start = out.iter().take_while(|l| l.is_empty()).count();
    out[start..].join("\n")
}

/// `str.expandtabs()`: each tab up to the next multiple of 8 columns.
fn expand_tabs(line: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(line.len());
    for c in line.chars() {
        if c == '\t' {
            out.push(' ');
            while out.len() % 8 != 0 {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// One property to describe.
struct SchemaField<'a> {
    name: String,
    ty: &'a Type,
    default: Option<&'a TypedValue>,
    /// `pydantic.Field(description=…)`: the doc comment of a pydantic
    /// record's field (dataclass fields have no description).
    doc: Option<&'a str>,
    /// The flavor of the record the field belongs to: it decides how the
    /// bindings write its default.
    written_in: RecordFlavor,
}

fn record_fields(def: &RecordDef) -> Vec<SchemaField<'_>> {
    def.fields
        .iter()
        .map(
            |RecordField {
                 name,
                 ty,
                 default,
                 doc,
                 ..
             }| SchemaField {
                name: name.clone(),
                ty,
                default: default.as_ref(),
                doc: doc
                    .as_deref()
                    .filter(|_| def.flavor == RecordFlavor::Pydantic),
                written_in: def.flavor,
            },
        )
        .collect()
}

fn object(entries: Vec<(&str, Value)>) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn null_schema() -> Value {
    json!({"type": "null"})
}

/// The default as the schema lists it, serialized in `flavor`'s way, or
/// `None` when the library leaves it out: the bindings wrote it as a
/// `default_factory` in a record of flavor `written_in`.
fn listed_default(
    ty: &Type,
    value: &TypedValue,
    flavor: RecordFlavor,
    written_in: RecordFlavor,
) -> Option<Value> {
    if is_factory_default_of(written_in, ty, value) {
        return None;
    }
    let (ty, value) = unwrap_union(ty, value);
    python_value(value, ty, flavor).ok().map(|v| v.to_json())
}

/// `{"required": […]}` only when something is required, as both libraries do.
fn finish_object(
    mut out: Map<String, Value>,
    properties: Map<String, Value>,
    required: Vec<Value>,
    title: &str,
) -> Map<String, Value> {
    out.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    out.insert("title".into(), Value::String(title.to_string()));
    out.insert("type".into(), Value::String("object".into()));
    out
}

// ---------------------------------------------------------------------------
// Dataclasses (mashumaro).

fn dataclass_record(def: &RecordDef) -> Option<Map<String, Value>> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in &def.fields {
        let mut schema = dataclass_schema(&field.ty)?;
        match &field.default {
            Some(default) => {
                // mashumaro lists a plain default by packing it in a
                // throw-away dataclass, which cannot hold a pydantic model.
                if !is_factory_default(&field.ty, default) && pydantic_in_type(&field.ty).is_some()
                {
                    return None;
                }
                if let (Some(value), Value::Object(map)) = (
                    listed_default(
                        &field.ty,
                        default,
                        RecordFlavor::Dataclass,
                        RecordFlavor::Dataclass,
                    ),
                    &mut schema,
                ) {
                    map.insert("default".into(), value);
                }
            }
            None => required.push(Value::String(field.name.clone())),
        }
        properties.insert(field.name.clone(), schema);
    }
    let mut out = Map::new();
    out.insert("additionalProperties".into(), Value::Bool(false));
    Some(finish_object(out, properties, required, &def.name))
}

/// A type's schema inside a dataclass; `None` where mashumaro fails.
fn dataclass_schema(ty: &Type) -> Option<Value> {
    Some(match ty {
        Type::Int => json!({"type": "integer"}),
        Type::Float => json!({"type": "number"}),
        Type::Str => json!({"type": "string"}),
        Type::Bool => json!({"type": "boolean"}),
        Type::Datetime => json!({"format": "date-time", "type": "string"}),
        Type::Date => json!({"format": "date", "type": "string"}),
        Type::Duration => json!({"format": "time-delta", "type": "number"}),
        Type::Bytes => json!({"format": "base64", "type": "string"}),
        Type::Pickled(_) => json!({}),
        Type::Struct => json!({"type": "object"}),
        Type::None => null_schema(),
        Type::File | Type::Dir | Type::Dataframe { .. } => {
            Value::Object(io_schema(ty).unwrap_or_default())
        }
        Type::List(item) => object(vec![
            ("items", dataclass_schema(item)?),
            ("type", "array".into()),
        ]),
        Type::Dict(key, item) => object(vec![
            ("additionalProperties", dataclass_schema(item)?),
            ("propertyNames", dataclass_schema(key)?),
            ("type", "object".into()),
        ]),
        Type::Optional(inner) => object(vec![(
            "anyOf",
            Value::Array(vec![dataclass_schema(inner)?, null_schema()]),
        )]),
        Type::Union(members) => object(vec![(
            "anyOf",
            members
                .iter()
                .map(dataclass_schema)
                .collect::<Option<Vec<_>>>()?
                .into(),
        )]),
        Type::Tuple(items) => {
            let items = items
                .iter()
                .map(dataclass_schema)
                .collect::<Option<Vec<_>>>()?;
            tuple_array(items)
        }
        Type::Enum(def) => object(vec![("enum", def.values.iter().cloned().collect())]),
        // mashumaro's `on_literal`: one value is a `const`.
        Type::Literal(values) => match values.as_slice() {
            [only] => json!({"const": only}),
            _ => json!({"enum": values}),
        },
        Type::Record(def) if def.flavor == RecordFlavor::Pydantic => {
            // mashumaro reads the model's `model_json_schema()` back into its
            // own `JSONSchema` class, which drops the `x-flyte-type` marker
            // and knows no `binary` format (bytes).
            let schema = pydantic_top(&def.name, description(def).as_deref(), &record_fields(def));
            mashumaro_reads(&Value::Object(schema))?
        }
        Type::Record(def) => Value::Object(record_schema(def)?),
    })
}

/// The string formats mashumaro's `JSONSchemaInstanceFormat` enums know.
const MASHUMARO_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
    "time-delta",
    "time-zone",
    "ipv4network",
    "ipv6network",
    "ipv4interface",
    "ipv6interface",
    "decimal",
    "fraction",
    "base64",
    "path",
];

/// A pydantic schema after `JSONSchema.from_dict(…).to_dict()`: unknown
/// keys are dropped, a sub-schema with an unknown format fails, and
/// `additionalProperties` (typed `JSONSchema | bool`) turns a failing
/// sub-schema into `true`. `None` when the failure reaches the top.
fn mashumaro_reads(schema: &Value) -> Option<Value> {
    let Value::Object(map) = schema else {
        return Some(schema.clone());
    };
    let mut out = Map::new();
    for (key, value) in map {
        let read = match key.as_str() {
            "x-flyte-type" => continue,
            "format" => {
                if !value
                    .as_str()
                    .is_some_and(|f| MASHUMARO_FORMATS.contains(&f))
                {
                    return None;
                }
                value.clone()
            }
            "additionalProperties" => match value {
                Value::Object(_) => mashumaro_reads(value).unwrap_or(Value::Bool(true)),
                other => other.clone(),
            },
            "properties" | "patternProperties" | "$defs" => match value {
                Value::Object(entries) => Value::Object(
                    entries
                        .iter()
                        .map(|(k, v)| Some((k.clone(), mashumaro_reads(v)?)))
                        .collect::<Option<Map<_, _>>>()?,
                ),
                other => other.clone(),
            },
            "anyOf" | "prefixItems" => match value {
                Value::Array(items) => Value::Array(
                    items
                        .iter()
                        .map(mashumaro_reads)
                        .collect::<Option<Vec<_>>>()?,
                ),
                other => other.clone(),
            },
            "items" | "propertyNames" | "contains" | "contentSchema" => mashumaro_reads(value)?,
            _ => value.clone(),
        };
        out.insert(key.clone(), read);
    }
    Some(Value::Object(out))
}

/// A named tuple inside a pydantic model: pydantic's array of its fields,
/// each with a title and its listed default, at least the fields without a
/// default long.
fn named_tuple_array(def: &RecordDef, defs: &mut Map<String, Value>) -> Value {
    let mut items = Vec::with_capacity(def.fields.len());
    for field in &def.fields {
        let mut schema = pydantic_schema(&field.ty, defs);
        if let Value::Object(map) = &mut schema {
            if pydantic_titles(&field.ty) {
                map.insert("title".into(), Value::String(python_title(&field.name)));
            }
            if let Some(default) = &field.default {
                let listed = listed_default(
                    &field.ty,
                    default,
                    RecordFlavor::Pydantic,
                    RecordFlavor::NamedTuple,
                );
                if let Some(value) = listed {
                    map.insert("default".into(), value);
                }
            }
        }
        items.push(schema);
    }
    let required = def.fields.iter().filter(|f| f.default.is_none()).count();
    object(vec![
        ("maxItems", Value::from(def.fields.len() as f64)),
        ("minItems", Value::from(required as f64)),
        ("prefixItems", Value::Array(items)),
        ("type", "array".into()),
    ])
}

/// A fixed-length array: `tuple[A, B]` as a field.
fn tuple_array(items: Vec<Value>) -> Value {
    let len = Value::from(items.len() as f64);
    object(vec![
        ("maxItems", len.clone()),
        ("minItems", len),
        ("prefixItems", Value::Array(items)),
        ("type", "array".into()),
    ])
}

/// `flyte.io.File`, `Dir` and `DataFrame` are pydantic models; this is their
/// `model_json_schema()` (without the `x-flyte-type` marker pydantic adds in
/// `$defs`).
fn io_schema(ty: &Type) -> Option<Map<String, Value>> {
    let optional_str = |default: Value, title: &str| json!({"anyOf": [{"type": "string"}, {"type": "null"}], "default": default, "title": title});
    let (description, title, properties, required) = match ty {
        Type::File | Type::Dir => {
            let what = if *ty == Type::File {
                "A file reference with an optional format type."
            } else {
                "A directory reference with an optional format type."
            };
            let properties = json!({
                "format": {"default": "", "title": "Format", "type": "string"},
                "hash": optional_str(Value::Null, "Hash"),
                "name": optional_str(Value::Null, "Name"),
                "path": {"title": "Path", "type": "string"},
            });
            let title = if *ty == Type::File { "File" } else { "Dir" };
            (what, title, properties, Some(json!(["path"])))
        }
        Type::Dataframe { .. } => {
            let properties = json!({
                "format": optional_str(Value::String(String::new()), "Format"),
                "hash": optional_str(Value::Null, "Hash"),
                "uri": optional_str(Value::Null, "Uri"),
            });
            (
                "A tabular data reference backed by a remote file.",
                "DataFrame",
                properties,
                None,
            )
        }
        _ => return None,
    };
    let mut out = Map::new();
    out.insert("description".into(), description.into());
    out.insert("properties".into(), properties);
    if let Some(required) = required {
        out.insert("required".into(), required);
    }
    out.insert("title".into(), title.into());
    out.insert("type".into(), "object".into());
    Some(out)
}

// ---------------------------------------------------------------------------
// Pydantic models.

/// A top-level model schema: the model's own object plus `$defs`.
fn pydantic_top(
    title: &str,
    description: Option<&str>,
    fields: &[SchemaField<'_>],
) -> Map<String, Value> {
    let mut defs = Map::new();
    let mut out = pydantic_object(title, description, fields, &mut defs);
    if !defs.is_empty() {
        let mut with_defs = Map::new();
        with_defs.insert("$defs".into(), Value::Object(defs));
        with_defs.append(&mut out);
        out = with_defs;
    }
    out
}

fn pydantic_object(
    title: &str,
    description: Option<&str>,
    fields: &[SchemaField<'_>],
    defs: &mut Map<String, Value>,
) -> Map<String, Value> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in fields {
        let mut schema = pydantic_schema(field.ty, defs);
        if let Value::Object(map) = &mut schema {
            if pydantic_titles(field.ty) {
                map.insert("title".into(), Value::String(python_title(&field.name)));
            }
            if let Some(default) = field.default {
                let listed =
                    listed_default(field.ty, default, RecordFlavor::Pydantic, field.written_in);
                if let Some(value) = listed {
                    map.insert("default".into(), value);
                }
            }
            if let Some(doc) = field.doc {
                map.insert("description".into(), doc.into());
            }
        }
        if field.default.is_none() {
            required.push(Value::String(field.name.clone()));
        }
        properties.insert(field.name.clone(), schema);
    }
    let mut out = Map::new();
    if let Some(description) = description {
        out.insert("description".into(), description.into());
    }
    finish_object(out, properties, required, title)
}

/// Pydantic gives a property a title unless its schema is (an optional of) a
/// reference to a model, an enum or a Flyte I/O type.
fn pydantic_titles(ty: &Type) -> bool {
    // `T | none` is `T?` to pydantic.
    let inner = match ty {
        Type::Optional(inner) => inner,
        Type::Union(members) if members.len() == 2 && members.contains(&Type::None) => {
            members.iter().find(|m| **m != Type::None).unwrap_or(ty)
        }
        other => other,
    };
    !matches!(
        inner,
        Type::Record(_) | Type::Enum(_) | Type::File | Type::Dir | Type::Dataframe { .. }
    )
}

/// Python's `name.title().replace("_", " ")`: pydantic's default title.
fn python_title(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut after_letter = false;
    for c in name.chars() {
        if c.is_alphabetic() {
            if after_letter {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
            after_letter = true;
        } else {
            out.push(if c == '_' { ' ' } else { c });
            after_letter = false;
        }
    }
    out
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/$defs/{name}")})
}

fn pydantic_schema(ty: &Type, defs: &mut Map<String, Value>) -> Value {
    match ty {
        Type::Duration => json!({"format": "duration", "type": "string"}),
        Type::Bytes => json!({"format": "binary", "type": "string"}),
        Type::Struct => json!({"additionalProperties": true, "type": "object"}),
        Type::File | Type::Dir | Type::Dataframe { .. } => {
            let mut schema = io_schema(ty).unwrap_or_default();
            let (name, marker) = match ty {
                Type::File => ("File", "file"),
                Type::Dir => ("Dir", "dir"),
                _ => ("DataFrame", "dataframe"),
            };
            schema.insert("x-flyte-type".into(), marker.into());
            defs.insert(name.into(), Value::Object(schema));
            reference(name)
        }
        Type::List(item) => object(vec![
            ("items", pydantic_schema(item, defs)),
            ("type", "array".into()),
        ]),
        Type::Dict(key, item) => {
            let mut entries = vec![("additionalProperties", pydantic_schema(item, defs))];
            if matches!(**key, Type::Enum(_)) {
                entries.push(("propertyNames", pydantic_schema(key, defs)));
            }
            entries.push(("type", "object".into()));
            object(entries)
        }
        Type::Optional(inner) => object(vec![(
            "anyOf",
            Value::Array(vec![pydantic_schema(inner, defs), null_schema()]),
        )]),
        // pydantic makes a union with `None` nullable: the other members in
        // order, then `null` last, wherever `None` was written.
        Type::Union(members) => {
            let mut any_of: Vec<Value> = members
                .iter()
                .filter(|m| !matches!(m, Type::None))
                .map(|m| pydantic_schema(m, defs))
                .collect();
            if members.iter().any(|m| matches!(m, Type::None)) {
                any_of.push(null_schema());
            }
            object(vec![("anyOf", Value::Array(any_of))])
        }
        Type::Tuple(items) => tuple_array(items.iter().map(|t| pydantic_schema(t, defs)).collect()),
        Type::Enum(def) => {
            defs.insert(
                def.name.clone(),
                // The SDK's `CustomPydanticJsonSchemaGenerator` lists names.
                json!({"enum": def.members, "title": def.name, "type": "string"}),
            );
            reference(&def.name)
        }
        Type::Record(def) if def.flavor == RecordFlavor::NamedTuple => {
            if !defs.contains_key(&def.name) {
                defs.insert(def.name.clone(), Value::Null);
                let body = named_tuple_array(def, defs);
                defs.insert(def.name.clone(), body);
            }
            reference(&def.name)
        }
        Type::Record(def) => {
            if !defs.contains_key(&def.name) {
                // Placeholder first: records cannot recurse (the type table
                // rejects that), but a shared record is described once.
                defs.insert(def.name.clone(), Value::Null);
                let body = pydantic_object(
                    &def.name,
                    description(def).as_deref(),
                    &record_fields(def),
                    defs,
                );
                defs.insert(def.name.clone(), Value::Object(body));
            }
            reference(&def.name)
        }
        Type::Literal(values) => match values.as_slice() {
            [only] => json!({"const": only, "type": "string"}),
            _ => json!({"enum": values, "type": "string"}),
        },
        // The scalars are the same as mashumaro's.
        other => dataclass_schema(other).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::python_title;

    #[test]
    fn titles_follow_python_str_title() {
        assert_eq!(python_title("max_depth"), "Max Depth");
        assert_eq!(python_title("item_0"), "Item 0");
        assert_eq!(python_title("u3"), "U3");
        assert_eq!(python_title("a1b"), "A1B");
        assert_eq!(python_title("HTTPServer"), "Httpserver");
    }
}
