//! The mashumaro model against what the SDK 2.12.1 does (each case was run
//! through `TypeEngine.to_literal` of a dataclass with the field).

use super::*;
use crate::syntax::ast::DurationLit;

fn union(members: Vec<Type>) -> Type {
    Type::Union(members)
}

fn member(variant: usize, value: TypedValue) -> TypedValue {
    TypedValue::Union {
        variant,
        value: Box::new(value),
    }
}

fn seconds(n: u128) -> TypedValue {
    TypedValue::Duration(DurationLit {
        nanos: n * 1_000_000_000,
    })
}

fn packs(ty: &Type, value: &TypedValue) -> Packed {
    pack_field(ty, value, Dialect::Msgpack)
}

#[test]
fn a_duration_after_a_passing_member_cannot_be_written() {
    // `str | timedelta`: `str` passes any value on, msgpack refuses a timedelta.
    let ty = union(vec![Type::Str, Type::Duration]);
    assert!(matches!(
        packs(&ty, &member(1, seconds(5))),
        Packed::Fails(_)
    ));
    // `None | timedelta | str`: the pass-through group ends in `str`.
    let ty = union(vec![Type::None, Type::Duration, Type::Str]);
    assert!(matches!(
        packs(&ty, &member(1, seconds(5))),
        Packed::Fails(_)
    ));
}

#[test]
fn scalar_members_are_checked_by_class() {
    // `int | timedelta` and `timedelta | str`: the duration finds its packer.
    let ty = union(vec![Type::Int, Type::Duration]);
    assert_eq!(packs(&ty, &member(1, seconds(5))), Packed::Same);
    let ty = union(vec![Type::Duration, Type::Str]);
    assert_eq!(packs(&ty, &member(0, seconds(5))), Packed::Same);
    assert_eq!(
        packs(&ty, &member(1, TypedValue::Str("x".into()))),
        Packed::Same
    );
}

#[test]
fn an_earlier_list_member_takes_a_dict_or_a_string() {
    let list = Type::List(Box::new(Type::Duration));
    let dict = Type::Dict(Box::new(Type::Str), Box::new(Type::Int));
    let ty = union(vec![list.clone(), dict]);
    assert!(matches!(
        packs(&ty, &member(1, TypedValue::Map(vec![]))),
        Packed::Changes(_)
    ));
    let ty = union(vec![list, Type::Str]);
    assert!(matches!(
        packs(&ty, &member(1, TypedValue::Str(String::new()))),
        Packed::Changes(_)
    ));
}

#[test]
fn lists_and_dicts_of_plain_items_pass_through() {
    // `list[int] | dict[str, int]` share one pass-through packer: `{}` stays.
    let ty = union(vec![
        Type::List(Box::new(Type::Int)),
        Type::Dict(Box::new(Type::Str), Box::new(Type::Int)),
    ]);
    assert_eq!(
        packs(&ty, &member(1, TypedValue::Map(vec![]))),
        Packed::Same
    );
}

#[test]
fn the_json_dialect_encodes_bytes() {
    // `bytes | duration`: msgpack passes the timedelta on, JSON tries base64.
    let ty = union(vec![Type::Bytes, Type::Duration]);
    let value = member(1, seconds(1));
    assert!(matches!(
        pack_field(&ty, &value, Dialect::Msgpack),
        Packed::Fails(_)
    ));
    assert_eq!(pack_field(&ty, &value, Dialect::Json), Packed::Same);
}

#[test]
fn the_json_dialect_copies_plain_collections() {
    // `struct | date = "2024-01-02"` in a field's schema default: the JSON
    // mixin's `value.copy()` fails on the date, `isoformat()` takes it
    // (the SDK builds the schema); msgpack's codec passes the date on.
    let ty = union(vec![Type::Struct, Type::Date]);
    let value = member(1, TypedValue::Date("2024-01-02".into()));
    assert_eq!(pack_field(&ty, &value, Dialect::Json), Packed::Same);
    assert!(matches!(
        pack_field(&ty, &value, Dialect::Msgpack),
        Packed::Fails(_)
    ));
}
