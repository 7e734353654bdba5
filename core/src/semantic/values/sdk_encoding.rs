//! Values the SDK's type engine cannot send as written: a value held by a
//! `record` (dataclass) that mashumaro fails on (E0222) or turns into
//! another union member (E0223, docs/language.md §11), and trigger inputs,
//! which the SDK converts by the Python value's own type (E0225).

use super::TypedValue;
use super::is_factory_default;
use super::mashumaro::{Dialect, Packed, pack_field, pydantic_in_type};
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::types::{RecordFlavor, Type};
use crate::source::{FileId, FileSpan, Span};

fn cannot_write(at: FileSpan, place: &str, ty: &Type, why: &str) -> Diagnostic {
    Diagnostic::error(
        Code::E0222,
        at,
        format!(
            "the SDK cannot write this value of {place} (`{}`): {why}",
            ty.display()
        ),
    )
    .with_primary_label("the SDK fails on this value")
    .with_help(
        "mashumaro tries the union's members in order and takes the first that does not fail: \
         put the value's own member first, or write a value of a member that comes first",
    )
}

fn changes(at: FileSpan, place: &str, ty: &Type, what: &str) -> Diagnostic {
    Diagnostic::error(
        Code::E0223,
        at,
        format!(
            "the SDK would send this value of {place} (`{}`) as another member: {what}",
            ty.display()
        ),
    )
    .with_primary_label("mashumaro changes this value")
    .with_help(
        "mashumaro tries the union's members in order and an earlier one takes this value: \
         put the value's own member first, or write a value only its own member accepts",
    )
}

fn report(at: FileSpan, place: &str, ty: &Type, packed: Packed) -> Option<Diagnostic> {
    match packed {
        Packed::Same => None,
        Packed::Fails(why) => Some(cannot_write(at, place, ty, &why)),
        Packed::Changes(what) => Some(changes(at, place, ty, &what)),
    }
}

/// The default of dataclass field `record.field`. mashumaro packs a plain
/// default (not a factory) for the record's JSON schema whenever the record
/// is part of a task's interface; a factory runs only when a value leaves
/// the field out, which the bindings never do ([`encoded_default`] checks
/// the values they write). A field type holding a pydantic record is left
/// to the schema, which the SDK then omits.
pub(crate) fn dataclass_field_default(
    file: FileId,
    span: Span,
    place: &str,
    ty: &Type,
    value: &TypedValue,
) -> Option<Diagnostic> {
    if pydantic_in_type(ty).is_some() || is_factory_default(ty, value) {
        return None;
    }
    let at = FileSpan::new(file, span);
    [Dialect::Json, Dialect::Msgpack]
        .into_iter()
        .find_map(|d| report(at, place, ty, pack_field(ty, value, d)))
}

/// The default of a `record pydantic` field. The bindings write a list,
/// dict or record default as is ([`super::is_factory_default_of`]), so the
/// record constructors in it run when the module is imported: pydantic
/// validates their fields there (the default itself it does not validate).
pub(crate) fn pydantic_field_default(
    file: FileId,
    span: Span,
    ty: &Type,
    value: &TypedValue,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !super::is_factory_default_of(RecordFlavor::Pydantic, ty, value) {
        pydantic_io_unions(
            FileSpan::new(file, span),
            ty,
            value,
            Holder::TypeEngine,
            &mut out,
        );
    }
    out
}

/// Dataclass records inside a value the SDK's type engine converts (a task
/// input default, a trigger input): each is packed by mashumaro.
pub(crate) fn encoded_default(
    file: FileId,
    span: Span,
    ty: &Type,
    value: &TypedValue,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = FileSpan::new(file, span);
    walk(at, ty, value, &mut out);
    pydantic_io_unions(at, ty, value, Holder::TypeEngine, &mut out);
    out
}

/// Who turns a value into its literal.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Holder {
    /// The SDK's type engine: lists, dicts and unions of the input's type.
    TypeEngine,
    /// mashumaro, inside a `record` (dataclass).
    Mashumaro,
    /// pydantic, inside a `record pydantic`, a named tuple or a tuple (the
    /// SDK wraps tuples in a pydantic model).
    Pydantic,
}

/// A value pydantic validates (inside a `record pydantic` or a tuple) at a union with
/// a `file` or `dir` member. Pydantic's smart union tries the members in
/// order and stops at an exact match; the SDK's `File` and `Dir` validators
/// crash on anything but a file (`'int' object has no attribute 'get'`,
/// a `KeyError` for a dict) instead of failing validation, so a value whose
/// own member comes after `file`/`dir`, or is a `struct`, fails at import.
fn pydantic_io_unions(
    at: FileSpan,
    ty: &Type,
    value: &TypedValue,
    holder: Holder,
    out: &mut Vec<Diagnostic>,
) {
    match (ty, value) {
        (_, TypedValue::Union { variant, value }) => {
            let Some(members) = ty.union_variants() else {
                return;
            };
            let Some(own) = members.get(*variant).copied() else {
                return;
            };
            let io_before = members[..*variant]
                .iter()
                .find(|m| matches!(m, Type::File | Type::Dir));
            let io_any = members.iter().find(|m| matches!(m, Type::File | Type::Dir));
            let crash = match own {
                Type::None | Type::File | Type::Dir => None,
                Type::Struct => io_any,
                _ => io_before,
            };
            if let (Holder::Pydantic, Some(io)) = (holder, crash) {
                out.push(
                    Diagnostic::error(
                        Code::E0224,
                        at,
                        format!(
                            "pydantic cannot take this `{}` value for `{}`: it tries `{}` \
                             first, and the SDK's validator of `{}` fails on other values",
                            own.display(),
                            ty.display(),
                            io.display(),
                            io.display()
                        ),
                    )
                    .with_primary_label("the SDK fails at import on this value")
                    .with_help(format!(
                        "write `{}` after `{}` in the union, or leave the value out",
                        io.display(),
                        own.display()
                    )),
                );
                return;
            }
            pydantic_io_unions(at, own, value, holder, out);
        }
        (Type::List(item), TypedValue::List(items)) => items
            .iter()
            .for_each(|v| pydantic_io_unions(at, item, v, holder, out)),
        (Type::Tuple(types), TypedValue::List(items)) => {
            let holder = match holder {
                Holder::TypeEngine => Holder::Pydantic,
                other => other,
            };
            types
                .iter()
                .zip(items)
                .for_each(|(t, v)| pydantic_io_unions(at, t, v, holder, out))
        }
        (Type::Dict(_, item), TypedValue::Map(entries)) => entries
            .iter()
            .for_each(|(_, v)| pydantic_io_unions(at, item, v, holder, out)),
        (Type::Record(def), TypedValue::Record { fields, .. }) => {
            // The SDK wraps a named tuple in a pydantic model, built with
            // every field's value: its defaults are validated too.
            let holder = match (holder, def.flavor) {
                (_, RecordFlavor::Pydantic | RecordFlavor::NamedTuple) | (Holder::Pydantic, _) => {
                    Holder::Pydantic
                }
                _ => Holder::Mashumaro,
            };
            for (name, v) in fields {
                if let Some(field) = def.field(name) {
                    pydantic_io_unions(at, &field.ty, v, holder, out);
                }
            }
        }
        _ => {}
    }
}

fn walk(at: FileSpan, ty: &Type, value: &TypedValue, out: &mut Vec<Diagnostic>) {
    match (ty, value) {
        (_, TypedValue::Union { variant, value }) => {
            let members = ty.union_variants().unwrap_or_default();
            if let Some(member) = members.get(*variant).copied() {
                if let Some(d) = record_takes_dict(at, ty, &members, member, value) {
                    out.push(d);
                }
                walk(at, member, value, out);
            }
        }
        (Type::List(item), TypedValue::List(items)) => {
            items.iter().for_each(|v| walk(at, item, v, out));
        }
        (Type::Dict(_, item), TypedValue::Map(entries)) => {
            entries.iter().for_each(|(_, v)| walk(at, item, v, out));
        }
        (Type::Record(def), TypedValue::Record { fields, .. })
            if def.flavor == RecordFlavor::Dataclass =>
        {
            if let Some(model) = pydantic_in_type(ty) {
                out.push(
                    Diagnostic::error(
                        Code::E0222,
                        at,
                        format!(
                            "the SDK cannot write a value of record `{}`: it holds `record \
                             pydantic` `{}`, which mashumaro cannot pack (\"Field … of type {} \
                             … is not serializable\")",
                            def.name, model.name, model.name
                        ),
                    )
                    .with_primary_label("the SDK fails on this default")
                    .with_help(format!(
                        "leave the default out, or make `{}` a `record pydantic`",
                        def.name
                    )),
                );
                return;
            }
            for (name, v) in fields {
                let Some(field) = def.field(name) else {
                    continue;
                };
                // A plain default left as declared was reported there.
                if field.default.as_ref() == Some(v) && !is_factory_default(&field.ty, v) {
                    continue;
                }
                let place = format!("field `{}.{name}`", def.name);
                if let Some(d) = report(
                    at,
                    &place,
                    &field.ty,
                    pack_field(&field.ty, v, Dialect::Msgpack),
                ) {
                    out.push(d);
                }
            }
        }
        _ => {}
    }
}

/// A dict value of a `dict[…]` member that a record member of the same
/// union takes too: the SDK's union transformer tries every member, turns a
/// dict into a record when it holds the record's required fields (other
/// keys are ignored), and refuses the two matches ("Ambiguous choice of
/// variant for union type"). Whether each value would also decode into its
/// field's type is not checked: such a dict is refused either way (§11).
fn record_takes_dict(
    at: FileSpan,
    ty: &Type,
    members: &[&Type],
    own: &Type,
    value: &TypedValue,
) -> Option<Diagnostic> {
    let (Type::Dict(..), TypedValue::Map(entries)) = (own, value) else {
        return None;
    };
    let record = members.iter().find_map(|m| match m {
        Type::Record(def)
            if def
                .fields
                .iter()
                .filter(|f| f.default.is_none())
                .all(|f| entries.iter().any(|(k, _)| *k == f.name)) =>
        {
            Some(def)
        }
        _ => None,
    })?;
    Some(
        Diagnostic::error(
            Code::E0216,
            at,
            format!(
                "the SDK cannot tell which member of `{}` this dict is: it fits `{}` and, \
                 holding every required field, record `{}` (\"Ambiguous choice of variant for \
                 union type\")",
                ty.display(),
                own.display(),
                record.name
            ),
        )
        .with_primary_label("two members take this value")
        .with_help(format!(
            "leave the default out, or use keys that are not all fields of `{}`",
            record.name
        )),
    )
}

/// A trigger's own input value. The SDK converts it with
/// `TypeEngine.to_literal(v, type(v), <the input's type>)`: a list or tuple
/// is `list` or `tuple` to it, which it pickles (taskc refuses the value,
/// §11). A dict is a bare `dict`, written as msgpack only when the input's
/// type is a `struct` (or a dict with non-`str` keys); otherwise it becomes
/// a map of its entries, which fails for any entry, and an empty one is an
/// empty map, which is the value only for a `dict[str, …]` member.
pub(crate) fn trigger_value(
    file: FileId,
    span: Span,
    input: &str,
    ty: &Type,
    value: &TypedValue,
) -> Vec<Diagnostic> {
    let (own, value) = super::unwrap_union(ty, value);
    let at = FileSpan::new(file, span);
    let struct_typed = |t: &Type| match t {
        Type::Struct => true,
        Type::Dict(key, _) => **key != Type::Str,
        _ => false,
    };
    let refused = match (own, value) {
        (Type::List(_) | Type::Tuple(_), _) => Some((
            "a list",
            "the SDK converts a trigger input by its Python type, so a list goes out as a \
             pickle (`Unsupported Type <class 'list'>`) instead of the input's type",
        )),
        (Type::Struct | Type::Dict(..), TypedValue::Map(entries)) if !struct_typed(ty) => {
            let empty_map =
                entries.is_empty() && matches!(own, Type::Dict(key, _) if **key == Type::Str);
            (!empty_map).then_some((
                "this dict",
                "the SDK converts a trigger input by its Python type, and a bare `dict` is sent \
                 as msgpack only for a `struct` input; here it fails (\"Failed to convert \
                 trigger default input\") or, empty, goes out as an empty map",
            ))
        }
        _ => None,
    };
    if let Some((what, why)) = refused {
        return vec![
            Diagnostic::error(
                Code::E0225,
                at,
                format!("trigger input `{input}` cannot be set to {what}: {why}"),
            )
            .with_primary_label("not a value a trigger can send")
            .with_help(format!(
                "leave `{input}` to the task's default, or give the task input a scalar, enum \
                 or record type"
            )),
        ];
    }
    encoded_default(file, span, own, value)
}
