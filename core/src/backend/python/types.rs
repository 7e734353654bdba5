//! Named types as Python classes: `enum.Enum` (member values are the written values, else the names;
//! as the wire's `enumType` lists them), `@dataclasses.dataclass` records
//! and pydantic models for `record pydantic`.

use super::annotations::{annotation, value};
use super::expr::{identifier, str_literal};
use crate::semantic::model::Model;
use crate::semantic::types::{EnumDef, RecordDef, RecordFlavor, Type};
use crate::semantic::values::is_factory_default_of;

/// Every named type, enums first, each record after the records its fields use.
pub(crate) fn classes(model: &Model) -> String {
    let types: Vec<Type> = model
        .types()
        .names()
        .filter_map(|n| model.types().get(n))
        .collect();
    let mut out = String::new();
    for ty in &types {
        if let Type::Enum(def) = ty {
            out.push_str("\n\n");
            out.push_str(&enum_class(def));
        }
    }
    let mut records: Vec<&RecordDef> = types
        .iter()
        .filter_map(|t| match t {
            Type::Record(def) => Some(def.as_ref()),
            _ => None,
        })
        .collect();
    let mut done: Vec<String> = Vec::new();
    while !records.is_empty() {
        let before = records.len();
        records.retain(|def| {
            let ready = def.fields.iter().all(|f| {
                named_records(&f.ty)
                    .iter()
                    .all(|n| *n == def.name || done.contains(n))
            });
            if ready {
                out.push_str("\n\n");
                out.push_str(&record_class(def));
                done.push(def.name.clone());
            }
            !ready
        });
        if records.len() == before {
            // Recursive records are an error already; write them anyway.
            for def in records.drain(..) {
                out.push_str("\n\n");
                out.push_str(&record_class(def));
            }
        }
    }
    out
}

fn named_records(ty: &Type) -> Vec<String> {
    match ty {
        Type::Record(def) => vec![def.name.clone()],
        Type::List(t) | Type::Optional(t) => named_records(t),
        Type::Dict(k, v) => [named_records(k), named_records(v)].concat(),
        Type::Union(ts) | Type::Tuple(ts) => ts.iter().flat_map(named_records).collect(),
        _ => Vec::new(),
    }
}

fn doc_comment(doc: Option<&String>) -> String {
    doc.map(|d| {
        d.lines()
            .map(|l| format!("# {l}\n").replace("# \n", "#\n"))
            .collect()
    })
    .unwrap_or_default()
}

fn enum_class(def: &EnumDef) -> String {
    let mut out = doc_comment(def.doc.as_ref());
    out.push_str(&format!("class {}(enum.Enum):\n", identifier(&def.name)));
    for (member, value) in def.members.iter().zip(&def.values) {
        out.push_str(&format!(
            "    {} = {}\n",
            identifier(member),
            str_literal(value)
        ));
    }
    out
}

fn record_class(def: &RecordDef) -> String {
    let mut out = String::new();
    if def.flavor == RecordFlavor::NamedTuple {
        return named_tuple_class(def);
    }
    let pydantic = def.flavor == RecordFlavor::Pydantic;
    // A field without a default after one with a default is valid in
    // `.task`; a dataclass accepts it only with keyword-only fields.
    let mut seen_default = false;
    let kw_only = def.fields.iter().any(|f| {
        if f.default.is_some() {
            seen_default = true;
        }
        seen_default && f.default.is_none()
    });
    if pydantic {
        out.push_str(&format!(
            "class {}(pydantic.BaseModel):\n",
            identifier(&def.name)
        ));
    } else {
        let decorator = if kw_only {
            "@dataclasses.dataclass(kw_only=True)"
        } else {
            "@dataclasses.dataclass"
        };
        out.push_str(&format!("{decorator}\nclass {}:\n", identifier(&def.name)));
    }
    // The docstring is the schema's `description` of a pydantic model (and
    // of a dataclass inside one); mashumaro leaves it out.
    if let Some(doc) = &def.doc {
        out.push_str(&docstring(doc));
    } else if def.fields.is_empty() {
        out.push_str("    pass\n");
    }
    for field in &def.fields {
        let ty = annotation(&field.ty);
        // A pydantic field's doc is its `description` in the schema; a
        // dataclass field has none, so its doc stays a comment.
        let description = field.doc.as_ref().filter(|_| pydantic);
        if !pydantic {
            for line in doc_comment(field.doc.as_ref()).lines() {
                out.push_str(&format!("    {line}\n"));
            }
        }
        // A dataclass takes a mutable default through a factory (so
        // mashumaro lists none); pydantic copies one itself and lists it,
        // except for its File/Dir/DataFrame models (docs/language.md §5.1).
        let default = field.default.as_ref().map(|d| {
            let factory = is_factory_default_of(def.flavor, &field.ty, d);
            (value(d, &field.ty).flat(), factory)
        });
        let mut args = Vec::new();
        match &default {
            Some((v, true)) => args.push(format!("default_factory=lambda: {v}")),
            Some((v, false)) if description.is_some() => args.push(v.clone()),
            _ => {}
        }
        if let Some(doc) = description {
            args.push(format!("description={}", str_literal(doc)));
        }
        let field_fn = if pydantic {
            "pydantic.Field"
        } else {
            "dataclasses.field"
        };
        let line = match (&default, args.is_empty()) {
            (_, false) => format!(
                "    {}: {ty} = {field_fn}({})\n",
                field.name,
                args.join(", ")
            ),
            (Some((v, _)), true) => format!("    {}: {ty} = {v}\n", field.name),
            (None, true) => format!("    {}: {ty}\n", field.name),
        };
        out.push_str(&line);
    }
    out
}

/// `class X(typing.NamedTuple)`: fields in order, defaults as plain class
/// attributes (the semantic pass put those without one first, E0227).
fn named_tuple_class(def: &RecordDef) -> String {
    let mut out = format!("class {}(typing.NamedTuple):\n", identifier(&def.name));
    if let Some(doc) = &def.doc {
        out.push_str(&docstring(doc));
    } else if def.fields.is_empty() {
        out.push_str("    pass\n");
    }
    for field in &def.fields {
        for line in doc_comment(field.doc.as_ref()).lines() {
            out.push_str(&format!("    {line}\n"));
        }
        let ty = annotation(&field.ty);
        match &field.default {
            Some(d) => out.push_str(&format!(
                "    {}: {ty} = {}\n",
                field.name,
                value(d, &field.ty).flat()
            )),
            None => out.push_str(&format!("    {}: {ty}\n", field.name)),
        }
    }
    out
}

/// A class docstring, indented for a class body: triple-quoted when the text
/// allows it, else a plain string literal. Indenting the lines after the
/// first does not change what `inspect.cleandoc` (and so pydantic) reads.
fn docstring(doc: &str) -> String {
    let plain = !doc.contains("\"\"\"") && !doc.contains('\\') && !doc.ends_with('"');
    if !plain {
        return format!("    {}\n", str_literal(doc));
    }
    let mut lines = doc.lines();
    let mut out = format!("    \"\"\"{}", lines.next().unwrap_or_default());
    let rest: Vec<&str> = lines.collect();
    for line in &rest {
        out.push('\n');
        if !line.is_empty() {
            out.push_str("    ");
            out.push_str(line);
        }
    }
    if !rest.is_empty() {
        out.push_str("\n    ");
    }
    out.push_str("\"\"\"\n");
    out
}
