//! The Python object a value becomes in the SDK before it is serialized,
//! and its MessagePack bytes as Python's `msgpack.dumps` writes them.
//!
//! Records, `struct`s, non-`str`-keyed dicts and tuples reach Flyte as
//! `Binary { tag: "msgpack" }` literals. The bytes must equal the SDK's, so
//! the encoder follows `msgpack-python`'s choices exactly: the smallest
//! integer form, every float as float64, `str` types (never `bin`) for text,
//! and map entries in insertion order. A dependency-free writer keeps those
//! choices visible in one place.

/// A Python value as the SDK holds it just before `msgpack.dumps` (or, for
/// JSON-schema defaults, before `json.dumps`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PyValue {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<PyValue>),
    /// Insertion order is kept: Python dicts are ordered.
    Dict(Vec<(PyValue, PyValue)>),
}

impl PyValue {
    /// The value as JSON (`json.dumps` semantics): dict keys become strings
    /// the way Python prints them (`1` → `"1"`, `True` → `"true"`).
    pub(crate) fn to_json(&self) -> serde_json::Value {
        match self {
            PyValue::None => serde_json::Value::Null,
            PyValue::Bool(b) => serde_json::Value::Bool(*b),
            PyValue::Int(i) => serde_json::Value::from(*i),
            PyValue::Float(f) => serde_json::Number::from_f64(*f)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            PyValue::Str(s) => serde_json::Value::String(s.clone()),
            PyValue::List(items) => items.iter().map(PyValue::to_json).collect(),
            PyValue::Dict(entries) => {
                let mut map = serde_json::Map::new();
                for (key, value) in entries {
                    map.insert(json_key(key), value.to_json());
                }
                serde_json::Value::Object(map)
            }
        }
    }
}

fn json_key(key: &PyValue) -> String {
    match key {
        PyValue::Str(s) => s.clone(),
        PyValue::Int(i) => i.to_string(),
        PyValue::Bool(true) => "true".into(),
        PyValue::Bool(false) => "false".into(),
        PyValue::None => "null".into(),
        other => other.to_json().to_string(),
    }
}

/// `msgpack.dumps(value)` with the library's defaults (`use_bin_type=True`).
pub(crate) fn encode(value: &PyValue) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out, value);
    out
}

fn write(out: &mut Vec<u8>, value: &PyValue) {
    match value {
        PyValue::None => out.push(0xc0),
        PyValue::Bool(false) => out.push(0xc2),
        PyValue::Bool(true) => out.push(0xc3),
        PyValue::Int(i) => write_int(out, *i),
        PyValue::Float(f) => {
            out.push(0xcb);
            out.extend_from_slice(&f.to_be_bytes());
        }
        PyValue::Str(s) => {
            let len = s.len();
            if len < 32 {
                out.push(0xa0 | len as u8);
            } else {
                write_len(out, len, None, [0xd9, 0xda, 0xdb]);
            }
            out.extend_from_slice(s.as_bytes());
        }
        PyValue::List(items) => {
            write_len(out, items.len(), Some(0x90), [0xdc, 0xdc, 0xdd]);
            for item in items {
                write(out, item);
            }
        }
        PyValue::Dict(entries) => {
            write_len(out, entries.len(), Some(0x80), [0xde, 0xde, 0xdf]);
            for (key, item) in entries {
                write(out, key);
                write(out, item);
            }
        }
    }
}

/// A length header: the fix form (below 16) when there is one, else the
/// 8-, 16- or 32-bit form (`markers`; containers have no 8-bit form and
/// repeat the 16-bit marker there).
fn write_len(out: &mut Vec<u8>, len: usize, fix: Option<u8>, markers: [u8; 3]) {
    match fix {
        Some(base) if len < 16 => out.push(base | len as u8),
        None if len < 256 => {
            out.push(markers[0]);
            out.push(len as u8);
        }
        _ if len < 65_536 => {
            out.push(markers[1]);
            out.extend_from_slice(&(len as u16).to_be_bytes());
        }
        _ => {
            out.push(markers[2]);
            out.extend_from_slice(&(len.min(u32::MAX as usize) as u32).to_be_bytes());
        }
    }
}

fn write_int(out: &mut Vec<u8>, i: i64) {
    if i >= 0 {
        let u = i as u64;
        if u < 128 {
            out.push(u as u8);
        } else if u < 256 {
            out.push(0xcc);
            out.push(u as u8);
        } else if u < 65_536 {
            out.push(0xcd);
            out.extend_from_slice(&(u as u16).to_be_bytes());
        } else if u < 1 << 32 {
            out.push(0xce);
            out.extend_from_slice(&(u as u32).to_be_bytes());
        } else {
            out.push(0xcf);
            out.extend_from_slice(&u.to_be_bytes());
        }
    } else if i >= -32 {
        out.push(i as i8 as u8);
    } else if i >= -128 {
        out.push(0xd0);
        out.push(i as i8 as u8);
    } else if i >= -32_768 {
        out.push(0xd1);
        out.extend_from_slice(&(i as i16).to_be_bytes());
    } else if i >= -(1 << 31) {
        out.push(0xd2);
        out.extend_from_slice(&(i as i32).to_be_bytes());
    } else {
        out.push(0xd3);
        out.extend_from_slice(&i.to_be_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn s(text: &str) -> PyValue {
        PyValue::Str(text.into())
    }

    #[test]
    fn integers_take_the_smallest_form() {
        let cases: &[(i64, &str)] = &[
            (0, "00"),
            (127, "7f"),
            (128, "cc 80"),
            (300, "cd 01 2c"),
            (70_000, "ce 00 01 11 70"),
            (1 << 40, "cf 00 00 01 00 00 00 00 00"),
            (-1, "ff"),
            (-5, "fb"),
            (-32, "e0"),
            (-33, "d0 df"),
            (-200, "d1 ff 38"),
            (-40_000, "d2 ff ff 63 c0"),
            (i64::MIN, "d3 80 00 00 00 00 00 00 00"),
        ];
        for (value, expected) in cases {
            assert_eq!(hex(&encode(&PyValue::Int(*value))), *expected, "{value}");
        }
    }

    #[test]
    fn strings_floats_and_containers_follow_msgpack_python() {
        assert_eq!(hex(&encode(&s("x"))), "a1 78");
        let long = "a".repeat(32);
        assert_eq!(hex(&encode(&s(&long)))[..5], *"d9 20");
        assert_eq!(
            hex(&encode(&PyValue::Float(1.5))),
            "cb 3f f8 00 00 00 00 00 00"
        );
        assert_eq!(
            hex(&encode(&PyValue::List(vec![PyValue::None; 16])))[..8],
            *"dc 00 10"
        );
        // Cfg() of conformance case 09_defaults: {"n": 3, "name": "x"}.
        let cfg = PyValue::Dict(vec![(s("n"), PyValue::Int(3)), (s("name"), s("x"))]);
        assert_eq!(hex(&encode(&cfg)), "82 a1 6e 03 a4 6e 61 6d 65 a1 78");
        let big = PyValue::Dict(
            (0..17)
                .map(|i| (PyValue::Int(i), PyValue::Bool(true)))
                .collect(),
        );
        assert_eq!(hex(&encode(&big))[..8], *"de 00 11");
    }

    #[test]
    fn json_form_prints_keys_like_python() {
        let dict = PyValue::Dict(vec![
            (PyValue::Int(1), s("a")),
            (PyValue::Bool(true), PyValue::Float(2.0)),
        ]);
        assert_eq!(dict.to_json().to_string(), r#"{"1":"a","true":2.0}"#);
    }
}
