//! How the SDK writes a value held by a `record` (a `@dataclass`): mashumaro
//! packs each field with code generated from the field's type, and taskc
//! must know where that code fails or changes the value (E0222, E0223).
//!
//! The model follows mashumaro 3.x's `pack_union` (the SDK 2.12.1 pins it):
//! each member has a packer expression; members with the same expression
//! share one. `int`, `float`, `bool`, `str`, `bytes`, `struct` and lists or
//! dicts of those pass the value through unchanged (`value`). The
//! pass-through group goes first when its first member is a scalar, and is
//! a class check (`value.__class__ in (int, str, …)`) when its last member
//! is a scalar, else an unconditional `return value`. Every other member is
//! tried in written order (`try: return <packer> except: pass`): a list
//! packer iterates whatever it is given (a string, a dict's keys), a
//! `duration` is `value.total_seconds()`, `date` and `datetime` are
//! `value.isoformat()`, an enum `value.value`. The first packer that does
//! not raise wins, so a value can come out as another member (the SDK
//! changes it) or pass through as a Python object msgpack cannot write (the
//! SDK fails: "can not serialize 'datetime.timedelta' object").

use std::sync::Arc;

use super::TypedValue;
use crate::semantic::types::{RecordDef, RecordFlavor, Type};

/// Which mashumaro dialect packs the value: msgpack for values sent to
/// Flyte, the JSON one for the `default` of a field in the record's schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Msgpack,
    Json,
}

/// What mashumaro does with a value.
#[derive(Debug, PartialEq)]
pub enum Packed {
    /// It writes the value taskc writes.
    Same,
    /// It fails; the text says why.
    Fails(String),
    /// It writes something else; the text says what.
    Changes(String),
}

/// A Python object as the bindings create it.
#[derive(Clone, Debug)]
enum Py {
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(String),
    None,
    Delta(u128),
    Date(String),
    Datetime(String),
    Enum(String),
    Io(String),
    List(Vec<Py>),
    Tuple(Vec<Py>),
    Dict(Vec<(Py, Py)>),
    /// Its fields; a record packer reads them by name, whatever the class.
    Record(Vec<(String, Py)>),
}

/// What a packer hands to msgpack.
#[derive(Clone, Debug, PartialEq)]
enum Out {
    Int(i64),
    Float(u64),
    Bool(bool),
    Str(String),
    Null,
    Io(String),
    List(Vec<Out>),
    Map(Vec<(Out, Out)>),
    /// A Python object msgpack cannot write (a `timedelta`, an enum member…).
    Object(&'static str),
}

/// A packer; two members with equal packers share one, as mashumaro's
/// generated expressions do. Each union packer is a method of its own.
#[derive(Clone, Debug)]
enum Packer {
    Pass,
    /// `value.copy()`: plain lists and dicts in the JSON dialect.
    Copy,
    Seconds,
    Iso,
    EnumValue,
    /// `pack_literal`: the value if it is one of these, else it raises.
    Literal(Vec<String>),
    Base64,
    Io,
    Record(Arc<RecordDef>),
    List(Box<Packer>),
    Dict(Box<Packer>, Box<Packer>),
    Tuple(Vec<Packer>),
    Optional(Box<Packer>),
    Union(Vec<Type>, Dialect),
}

impl PartialEq for Packer {
    fn eq(&self, other: &Packer) -> bool {
        use Packer::*;
        match (self, other) {
            (Pass, Pass) | (Copy, Copy) | (Seconds, Seconds) | (Iso, Iso) => true,
            (EnumValue, EnumValue) => true,
            (Literal(a), Literal(b)) => a == b,
            (Base64, Base64) | (Io, Io) => true,
            (Record(a), Record(b)) => a.name == b.name,
            (List(a), List(b)) | (Optional(a), Optional(b)) => a == b,
            (Dict(a, b), Dict(c, d)) => a == c && b == d,
            (Tuple(a), Tuple(b)) => a == b,
            _ => false,
        }
    }
}

fn packer(ty: &Type, dialect: Dialect) -> Packer {
    match ty {
        Type::Int | Type::Float | Type::Bool | Type::Str | Type::None => Packer::Pass,
        Type::Pickled(_) => Packer::Pass,
        Type::Struct => plain_collection(dialect),
        Type::Bytes => match dialect {
            Dialect::Msgpack => Packer::Pass,
            Dialect::Json => Packer::Base64,
        },
        Type::Duration => Packer::Seconds,
        Type::Date | Type::Datetime => Packer::Iso,
        Type::Enum(_) => Packer::EnumValue,
        Type::Literal(values) => Packer::Literal(values.clone()),
        Type::File | Type::Dir | Type::Dataframe { .. } => Packer::Io,
        Type::Record(def) => Packer::Record(def.clone()),
        Type::List(item) => match packer(item, dialect) {
            Packer::Pass => plain_collection(dialect),
            p => Packer::List(Box::new(p)),
        },
        Type::Dict(key, value) => match (packer(key, dialect), packer(value, dialect)) {
            (Packer::Pass, Packer::Pass) => plain_collection(dialect),
            (k, v) => Packer::Dict(Box::new(k), Box::new(v)),
        },
        Type::Tuple(items) => Packer::Tuple(items.iter().map(|t| packer(t, dialect)).collect()),
        Type::Optional(inner) => optional(inner, dialect),
        Type::Union(members) => match members.as_slice() {
            // `Union[X, None]` is `Optional[X]`, which mashumaro packs inline.
            [Type::None, other] | [other, Type::None] => optional(other, dialect),
            _ => {
                let groups = union_groups(members, dialect);
                if matches!(groups.as_slice(), [(Packer::Pass, _)]) {
                    Packer::Pass
                } else {
                    Packer::Union(members.clone(), dialect)
                }
            }
        },
    }
}

/// A list or dict of pass-through items: the msgpack codec hands it on
/// as-is, the JSON mixin (the schema's defaults) copies it.
fn plain_collection(dialect: Dialect) -> Packer {
    match dialect {
        Dialect::Msgpack => Packer::Pass,
        Dialect::Json => Packer::Copy,
    }
}

fn optional(inner: &Type, dialect: Dialect) -> Packer {
    match packer(inner, dialect) {
        Packer::Pass => Packer::Pass,
        p => Packer::Optional(Box::new(p)),
    }
}

/// `str`, `bytes`, lists and dicts are `Collection`s: a pass-through group
/// ending in one of them returns any value unchecked.
fn is_collection(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Str | Type::Bytes | Type::List(_) | Type::Dict(..) | Type::Struct
    )
}

/// The Python class a pass-through member is checked against.
fn class_of_type(ty: &Type) -> &'static str {
    match ty {
        Type::Int => "int",
        Type::Float => "float",
        Type::Bool => "bool",
        Type::None => "NoneType",
        Type::Str => "str",
        Type::Bytes => "bytes",
        Type::List(_) => "list",
        Type::Dict(..) | Type::Struct => "dict",
        _ => "typing.Any",
    }
}

fn class_of(py: &Py) -> &'static str {
    match py {
        Py::Int(_) => "int",
        Py::Float(_) => "float",
        Py::Bool(_) => "bool",
        Py::Str(_) => "str",
        Py::None => "NoneType",
        Py::Delta(_) => "timedelta",
        Py::Date(_) => "date",
        Py::Datetime(_) => "datetime",
        Py::Enum(_) => "enum",
        Py::Io(_) => "io",
        Py::List(_) => "list",
        Py::Tuple(_) => "tuple",
        Py::Dict(_) => "dict",
        Py::Record(..) => "record",
    }
}

/// The packers of a union in the order mashumaro tries them, each with the
/// members that share it.
fn union_groups(members: &[Type], dialect: Dialect) -> Vec<(Packer, Vec<&Type>)> {
    let mut groups: Vec<(Packer, Vec<&Type>)> = Vec::new();
    for member in members {
        let p = packer(member, dialect);
        if let Some((_, types)) = groups.iter_mut().find(|(q, _)| *q == p) {
            types.push(member);
        } else if p == Packer::Pass && !is_collection(member) {
            groups.insert(0, (p, vec![member]));
        } else {
            groups.push((p, vec![member]));
        }
    }
    groups
}

/// The value as-is: fine for msgpack when it is made of plain data.
fn raw(py: &Py) -> Out {
    match py {
        Py::Int(i) => Out::Int(*i),
        Py::Float(f) => Out::Float(f.to_bits()),
        Py::Bool(b) => Out::Bool(*b),
        Py::Str(s) => Out::Str(s.clone()),
        Py::None => Out::Null,
        Py::List(items) | Py::Tuple(items) => Out::List(items.iter().map(raw).collect()),
        Py::Dict(entries) => Out::Map(entries.iter().map(|(k, v)| (raw(k), raw(v))).collect()),
        Py::Delta(_) => Out::Object("datetime.timedelta"),
        Py::Date(_) => Out::Object("datetime.date"),
        Py::Datetime(_) => Out::Object("datetime.datetime"),
        Py::Enum(_) => Out::Object("enum member"),
        Py::Io(_) => Out::Object("flyte.io object"),
        Py::Record(..) => Out::Object("dataclass"),
    }
}

/// What iterating a Python object yields (`for v in value`).
fn iterate(py: &Py) -> Option<Vec<Py>> {
    match py {
        Py::List(items) | Py::Tuple(items) => Some(items.clone()),
        Py::Str(s) => Some(s.chars().map(|c| Py::Str(c.to_string())).collect()),
        Py::Dict(entries) => Some(entries.iter().map(|(k, _)| k.clone()).collect()),
        _ => None,
    }
}

/// `value[i]`.
fn index(py: &Py, i: usize) -> Option<Py> {
    match py {
        Py::List(items) | Py::Tuple(items) => items.get(i).cloned(),
        Py::Str(s) => s.chars().nth(i).map(|c| Py::Str(c.to_string())),
        Py::Dict(entries) => entries
            .iter()
            .find(|(k, _)| matches!(k, Py::Int(n) if *n as usize == i && *n >= 0))
            .map(|(_, v)| v.clone()),
        _ => None,
    }
}

/// Run a packer; `None` where its expression raises.
fn apply(p: &Packer, py: &Py) -> Option<Out> {
    match (p, py) {
        (Packer::Pass, _) => Some(raw(py)),
        (Packer::Copy, Py::List(_) | Py::Dict(_)) => Some(raw(py)),
        (Packer::Seconds, Py::Delta(nanos)) => Some(Out::Float((*nanos as f64 / 1e9).to_bits())),
        (Packer::Iso, Py::Date(s) | Py::Datetime(s)) => Some(Out::Str(s.clone())),
        (Packer::EnumValue, Py::Enum(v)) => Some(Out::Str(v.clone())),
        (Packer::Literal(values), Py::Str(s)) => values.contains(s).then(|| Out::Str(s.clone())),
        (Packer::Io, Py::Io(uri)) => Some(Out::Io(uri.clone())),
        (Packer::Record(def), Py::Record(fields)) => {
            let mut out = Vec::new();
            for field in &def.fields {
                let (_, value) = fields.iter().find(|(n, _)| *n == field.name)?;
                let p = packer(&field.ty, Dialect::Msgpack);
                out.push((Out::Str(field.name.clone()), apply(&p, value)?));
            }
            Some(Out::Map(out))
        }
        (Packer::List(item), _) => {
            let items = iterate(py)?;
            items
                .iter()
                .map(|v| apply(item, v))
                .collect::<Option<Vec<_>>>()
                .map(Out::List)
        }
        (Packer::Dict(key, value), Py::Dict(entries)) => entries
            .iter()
            .map(|(k, v)| Some((apply(key, k)?, apply(value, v)?)))
            .collect::<Option<Vec<_>>>()
            .map(Out::Map),
        (Packer::Tuple(items), _) => items
            .iter()
            .enumerate()
            .map(|(i, p)| apply(p, &index(py, i)?))
            .collect::<Option<Vec<_>>>()
            .map(Out::List),
        (Packer::Optional(_), Py::None) => Some(Out::Null),
        (Packer::Optional(inner), _) => apply(inner, py),
        (Packer::Union(members, dialect), _) => {
            for (p, types) in union_groups(members, *dialect) {
                let checked = p == Packer::Pass && types.last().is_some_and(|t| !is_collection(t));
                if checked {
                    if types.iter().any(|t| class_of_type(t) == class_of(py)) {
                        return Some(raw(py));
                    }
                } else if let Some(out) = apply(&p, py) {
                    return Some(out);
                }
            }
            None
        }
        _ => None,
    }
}

/// What taskc writes: each union value as the member it was checked as.
fn expected(ty: &Type, value: &TypedValue, py: &Py, dialect: Dialect) -> Option<Out> {
    match (ty, value, py) {
        (_, TypedValue::Union { variant, value }, _) => {
            let member = ty.union_variants()?.get(*variant).copied()?;
            expected(member, value, py, dialect)
        }
        (Type::List(item), TypedValue::List(values), Py::List(pys)) => values
            .iter()
            .zip(pys)
            .map(|(v, p)| expected(item, v, p, dialect))
            .collect::<Option<Vec<_>>>()
            .map(Out::List),
        (Type::Tuple(items), TypedValue::List(values), Py::Tuple(pys)) => items
            .iter()
            .zip(values.iter().zip(pys))
            .map(|(t, (v, p))| expected(t, v, p, dialect))
            .collect::<Option<Vec<_>>>()
            .map(Out::List),
        (Type::Dict(key, item), TypedValue::Map(values), Py::Dict(pys)) => values
            .iter()
            .zip(pys)
            .map(|((_, v), (pk, pv))| {
                Some((
                    apply(&packer(key, dialect), pk)?,
                    expected(item, v, pv, dialect)?,
                ))
            })
            .collect::<Option<Vec<_>>>()
            .map(Out::Map),
        (Type::Record(def), TypedValue::Record { fields, .. }, Py::Record(pys)) => def
            .fields
            .iter()
            .zip(fields.iter().zip(pys))
            .map(|(f, ((_, v), (_, p)))| {
                Some((
                    Out::Str(f.name.clone()),
                    expected(&f.ty, v, p, Dialect::Msgpack)?,
                ))
            })
            .collect::<Option<Vec<_>>>()
            .map(Out::Map),
        _ => apply(&packer(ty, dialect), py),
    }
}

/// The Python object the bindings write for a checked value.
fn python(ty: &Type, value: &TypedValue) -> Py {
    match (value, ty) {
        (TypedValue::Union { variant, value }, _) => {
            match ty.union_variants().and_then(|v| v.get(*variant).copied()) {
                Some(member) => python(member, value),
                None => untyped(value),
            }
        }
        (TypedValue::Str(s), Type::File | Type::Dir | Type::Dataframe { .. }) => Py::Io(s.clone()),
        // The member's value is what mashumaro packs.
        (TypedValue::Enum { member }, Type::Enum(def)) => Py::Enum(def.value_of(member).into()),
        (TypedValue::List(items), Type::List(item)) => {
            Py::List(items.iter().map(|v| python(item, v)).collect())
        }
        (TypedValue::List(items), Type::Tuple(types)) => {
            Py::Tuple(items.iter().zip(types).map(|(v, t)| python(t, v)).collect())
        }
        (TypedValue::Map(entries), Type::Dict(key, item)) => Py::Dict(
            entries
                .iter()
                .map(|(k, v)| (dict_key(key, k), python(item, v)))
                .collect(),
        ),
        (TypedValue::Record { fields, .. }, Type::Record(def)) => Py::Record(
            fields
                .iter()
                .map(|(n, v)| {
                    let py = match def.field(n) {
                        Some(f) => python(&f.ty, v),
                        None => untyped(v),
                    };
                    (n.clone(), py)
                })
                .collect(),
        ),
        _ => untyped(value),
    }
}

fn dict_key(key: &Type, text: &str) -> Py {
    match key {
        Type::Int => text.parse().map(Py::Int).unwrap_or(Py::Str(text.into())),
        Type::Bool => Py::Bool(text == "true" || text == "True"),
        Type::Enum(def) => Py::Enum(def.value_of(text).into()),
        _ => Py::Str(text.into()),
    }
}

fn untyped(value: &TypedValue) -> Py {
    match value {
        TypedValue::Int(i) => Py::Int(*i),
        TypedValue::Float(f) => Py::Float(*f),
        TypedValue::Str(s) => Py::Str(s.clone()),
        TypedValue::Bool(b) => Py::Bool(*b),
        TypedValue::None | TypedValue::TriggerTime => Py::None,
        TypedValue::Datetime(s) => Py::Datetime(s.clone()),
        TypedValue::Date(s) => Py::Date(s.clone()),
        TypedValue::Duration(d) => Py::Delta(d.nanos),
        TypedValue::Enum { member } => Py::Enum(member.clone()),
        TypedValue::List(items) => Py::List(items.iter().map(untyped).collect()),
        TypedValue::Map(entries) => Py::Dict(
            entries
                .iter()
                .map(|(k, v)| (Py::Str(k.clone()), untyped(v)))
                .collect(),
        ),
        TypedValue::Record { fields, .. } => Py::Record(
            fields
                .iter()
                .map(|(n, v)| (n.clone(), untyped(v)))
                .collect(),
        ),
        TypedValue::Union { value, .. } => untyped(value),
    }
}

fn first_object(out: &Out) -> Option<&'static str> {
    match out {
        Out::Object(what) => Some(what),
        Out::List(items) => items.iter().find_map(first_object),
        Out::Map(entries) => entries
            .iter()
            .find_map(|(k, v)| first_object(k).or_else(|| first_object(v))),
        _ => None,
    }
}

fn describe(out: &Out) -> String {
    match out {
        Out::Int(i) => i.to_string(),
        Out::Float(bits) => format!("{:?}", f64::from_bits(*bits)),
        Out::Bool(b) => if *b { "True" } else { "False" }.into(),
        Out::Str(s) => format!("{s:?}"),
        Out::Null => "None".into(),
        Out::Io(uri) => format!("<{uri}>"),
        Out::List(items) => format!(
            "[{}]",
            items.iter().map(describe).collect::<Vec<_>>().join(", ")
        ),
        Out::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{}: {}", describe(k), describe(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Out::Object(what) => format!("a {what}"),
    }
}

/// How mashumaro packs `value`, held by a dataclass field of type `ty`.
pub fn pack_field(ty: &Type, value: &TypedValue, dialect: Dialect) -> Packed {
    let py = python(ty, value);
    let Some(got) = apply(&packer(ty, dialect), &py) else {
        return Packed::Fails("no member of the union can pack it (`ValueError`)".into());
    };
    if let Some(what) = first_object(&got) {
        return Packed::Fails(format!(
            "a union member before its own passes it on unchanged, and msgpack cannot \
             write {what}"
        ));
    }
    match expected(ty, value, &py, dialect) {
        Some(want) if want == got => Packed::Same,
        Some(_) | None => Packed::Changes(format!("it becomes `{}`", describe(&got))),
    }
}

/// The pydantic record a type reaches without passing through another
/// pydantic record: mashumaro cannot pack one (`UnserializableField`), nor
/// pack a plain default of such a type for the schema.
pub fn pydantic_in_type(ty: &Type) -> Option<Arc<RecordDef>> {
    match ty {
        Type::Record(def) if def.flavor == RecordFlavor::Pydantic => Some(def.clone()),
        // Records cannot contain themselves (E0205), so this ends.
        Type::Record(def) => def.fields.iter().find_map(|f| pydantic_in_type(&f.ty)),
        Type::List(t) | Type::Optional(t) => pydantic_in_type(t),
        Type::Dict(k, v) => pydantic_in_type(k).or_else(|| pydantic_in_type(v)),
        Type::Union(items) | Type::Tuple(items) => items.iter().find_map(pydantic_in_type),
        _ => None,
    }
}

#[cfg(test)]
#[path = "mashumaro_tests.rs"]
mod tests;
