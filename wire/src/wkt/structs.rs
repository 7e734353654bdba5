//! `google.protobuf.Struct`, `Value` and `ListValue`, with JSON `null` kept as a `null_value`.
//!
//! `pbjson_types::Value` deserializes through `Option<Kind>`, so JSON `null` becomes a Value with
//! no kind (influxdata/pbjson#100). Its JSON form is still `null`, but its binary form is an empty
//! message, which Python reads back as a Value that is *not* equal to `null_value` and which
//! Go's protojson refuses to print. Flyte puts `null`s into Structs routinely (the actor
//! `custom.spec.backlog_length`, JSON-schema defaults in `LiteralType.metadata`), so these types
//! parse `null` as `Kind::NullValue`. Struct fields are a `BTreeMap` (pbjson-types uses a
//! `HashMap`) so that JSON and bytes come out in one order every time.
//!
//! Binary layout is the well-known types': Struct `fields` = 1; Value `null_value` = 1,
//! `number_value` = 2, `string_value` = 3, `bool_value` = 4, `struct_value` = 5,
//! `list_value` = 6; ListValue `values` = 1.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON object.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct Struct {
    #[prost(btree_map = "string, message", tag = "1")]
    pub fields: BTreeMap<String, Value>,
}

/// A JSON value. `kind: None` is not valid on the wire; it prints as `null`, like Python does.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct Value {
    #[prost(oneof = "value::Kind", tags = "1, 2, 3, 4, 5, 6")]
    pub kind: Option<value::Kind>,
}

/// A JSON array.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct ListValue {
    #[prost(message, repeated, tag = "1")]
    pub values: Vec<Value>,
}

pub mod value {
    //! The `kind` oneof of [`Value`](super::Value).

    /// Which JSON value a [`Value`](super::Value) holds.
    #[derive(Clone, PartialEq, ::prost::Oneof)]
    pub enum Kind {
        /// Always `0` (`NULL_VALUE`).
        #[prost(enumeration = "::pbjson_types::NullValue", tag = "1")]
        NullValue(i32),
        #[prost(double, tag = "2")]
        NumberValue(f64),
        #[prost(string, tag = "3")]
        StringValue(::prost::alloc::string::String),
        #[prost(bool, tag = "4")]
        BoolValue(bool),
        #[prost(message, tag = "5")]
        StructValue(super::Struct),
        #[prost(message, tag = "6")]
        ListValue(super::ListValue),
    }
}

use value::Kind;

impl Value {
    /// JSON `null`.
    pub fn null() -> Self {
        Self {
            kind: Some(Kind::NullValue(0)),
        }
    }
}

impl From<Kind> for Value {
    fn from(kind: Kind) -> Self {
        Self { kind: Some(kind) }
    }
}

/// JSON numbers become doubles, as in every protobuf runtime (`3` is printed back as `3.0`).
impl From<serde_json::Value> for Value {
    fn from(json: serde_json::Value) -> Self {
        let kind = match json {
            serde_json::Value::Null => Kind::NullValue(0),
            serde_json::Value::Bool(b) => Kind::BoolValue(b),
            serde_json::Value::Number(n) => Kind::NumberValue(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Kind::StringValue(s),
            serde_json::Value::Array(items) => Kind::ListValue(ListValue {
                values: items.into_iter().map(Value::from).collect(),
            }),
            serde_json::Value::Object(map) => Kind::StructValue(Struct::from(map)),
        };
        kind.into()
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for Struct {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        Self {
            fields: map.into_iter().map(|(k, v)| (k, Value::from(v))).collect(),
        }
    }
}

impl Serialize for Struct {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.fields.len()))?;
        for (key, value) in &self.fields {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Serialize for ListValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.values.serialize(serializer)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.kind {
            None | Some(Kind::NullValue(_)) => serializer.serialize_unit(),
            // Python raises here too: JSON has no NaN or Infinity, and the strings "NaN" and
            // "Infinity" would read back as string values.
            Some(Kind::NumberValue(n)) if !n.is_finite() => Err(serde::ser::Error::custom(
                format!("google.protobuf.Value cannot hold {n} in JSON"),
            )),
            Some(Kind::NumberValue(n)) => serializer.serialize_f64(*n),
            Some(Kind::StringValue(s)) => serializer.serialize_str(s),
            Some(Kind::BoolValue(b)) => serializer.serialize_bool(*b),
            Some(Kind::StructValue(s)) => s.serialize(serializer),
            Some(Kind::ListValue(l)) => l.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Struct {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::deserialize(deserializer).map(|fields| Self { fields })
    }
}

impl<'de> Deserialize<'de> for ListValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::deserialize(deserializer).map(|values| Self { values })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::null())
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::null())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Kind::BoolValue(v).into())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Kind::NumberValue(v as f64).into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Kind::NumberValue(v as f64).into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Kind::NumberValue(v).into())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Kind::StringValue(v.to_string()).into())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Kind::StringValue(v).into())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element()? {
            values.push(v);
        }
        Ok(Kind::ListValue(ListValue { values }).into())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut fields = BTreeMap::new();
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            fields.insert(k, v);
        }
        Ok(Kind::StructValue(Struct { fields }).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message;
    use serde_json::json;

    #[test]
    fn json_null_is_a_null_value_on_the_wire() {
        let s: Struct = serde_json::from_value(json!({"backlog_length": null})).unwrap_or_default();
        assert_eq!(s.fields.get("backlog_length"), Some(&Value::null()));
        // field 1 (fields) { key "backlog_length", value Value { null_value (1) = 0 } }
        let bytes = s.encode_to_vec();
        assert!(bytes.ends_with(&[0x12, 0x02, 0x08, 0x00]), "{bytes:02x?}");
    }

    #[test]
    fn round_trips_every_kind_and_prints_sorted_keys() {
        let json = json!({"z": [1.5, "s", true, null, {"b": 2.0, "a": []}], "a": {}});
        let s: Struct = serde_json::from_value(json.clone()).unwrap_or_default();
        assert_eq!(serde_json::to_value(&s).ok(), Some(json));
        assert_eq!(
            serde_json::to_string(&s).unwrap_or_default(),
            r#"{"a":{},"z":[1.5,"s",true,null,{"a":[],"b":2.0}]}"#
        );
        assert_eq!(Struct::decode(s.encode_to_vec().as_slice()).ok(), Some(s));
    }

    #[test]
    fn numbers_are_doubles_and_must_be_finite() {
        assert_eq!(Value::from(json!(3)), Kind::NumberValue(3.0).into());
        assert_eq!(
            serde_json::to_string(&Value::from(json!(3))).unwrap_or_default(),
            "3.0"
        );
        assert!(serde_json::to_string(&Value::from(Kind::NumberValue(f64::NAN))).is_err());
    }

    #[test]
    fn a_kindless_value_prints_null_like_python() {
        assert_eq!(
            serde_json::to_value(Value::default()).ok(),
            Some(serde_json::Value::Null)
        );
    }
}
