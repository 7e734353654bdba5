//! Small conversions from model values to well-known protobuf types.

use std::time::Duration;

use taskc_wire::wkt;

/// A `google.protobuf.Duration` (non-negative: model durations are).
pub(crate) fn duration(d: Duration) -> wkt::Duration {
    wkt::Duration {
        seconds: i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        nanos: i32::try_from(d.subsec_nanos()).unwrap_or(0),
    }
}

/// A non-zero duration, or nothing: the SDK leaves out bounds of 0.
pub(crate) fn nonzero_duration(d: Option<Duration>) -> Option<wkt::Duration> {
    d.filter(|d| !d.is_zero()).map(duration)
}

/// A JSON object as a `google.protobuf.Struct`.
pub(crate) fn json_struct(map: serde_json::Map<String, serde_json::Value>) -> wkt::Struct {
    wkt::Struct::from(map)
}

/// `str(timedelta)` in Python: `0:00:45`, `1 day, 2:03:04`, `0:00:01.500000`.
pub(crate) fn python_timedelta(d: Duration) -> String {
    let total = d.as_secs();
    let days = total / 86_400;
    let rest = total % 86_400;
    let (h, m, s) = (rest / 3600, (rest % 3600) / 60, rest % 60);
    let micros = d.subsec_micros();
    let mut out = String::new();
    if days > 0 {
        let plural = if days == 1 { "" } else { "s" };
        out.push_str(&format!("{days} day{plural}, "));
    }
    out.push_str(&format!("{h}:{m:02}:{s:02}"));
    if micros > 0 {
        out.push_str(&format!(".{micros:06}"));
    }
    out
}

/// `repr(bytes)` in Python: `b'\n\x14ghcr.io'`.
pub(crate) fn python_bytes_repr(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from("b");
    out.push(quote);
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if char::from(b) == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push(quote);
    out
}

/// `repr(str)` in Python: `'a'`, `"it's"`, `'\n'`; printable non-ASCII
/// text as is, control characters escaped.
pub(crate) fn python_str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ if c == quote => {
                out.push('\\');
                out.push(quote);
            }
            _ if (c as u32) < 0x20 || ('\u{7f}'..='\u{a0}').contains(&c) || c == '\u{ad}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            _ if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            _ => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// A string as Python's `json.dumps` writes it (ASCII only, `\uXXXX` escapes).
pub(crate) fn python_json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON value as Python's `json.dumps(value)` writes it: `", "` and
/// `": "` separators, ASCII only, floats as `repr(float)`, keys in order.
pub(crate) fn python_json_dumps(value: &serde_json::Value) -> String {
    use serde_json::Value as J;
    match value {
        J::Null => "null".to_string(),
        J::Bool(b) => b.to_string(),
        J::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (None, Some(u), _) => u.to_string(),
            (None, None, Some(f)) => crate::semantic::python_float::python_float_repr(f),
            _ => n.to_string(),
        },
        J::String(s) => python_json_string(s),
        J::Array(items) => {
            let items: Vec<String> = items.iter().map(python_json_dumps).collect();
            format!("[{}]", items.join(", "))
        }
        J::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", python_json_string(k), python_json_dumps(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_dumps_matches_cpython() {
        // `json.dumps({"a": [1, 2.5, 1e+20, True, None], "é": {"k": "x\"y"}})`
        let value = serde_json::json!({"a": [1, 2.5, 1e20, true, null], "é": {"k": "x\"y"}});
        assert_eq!(
            python_json_dumps(&value),
            r#"{"a": [1, 2.5, 1e+20, true, null], "\u00e9": {"k": "x\"y"}}"#
        );
    }

    #[test]
    fn python_reprs_match_cpython() {
        assert_eq!(python_timedelta(Duration::from_secs(45)), "0:00:45");
        assert_eq!(python_timedelta(Duration::from_secs(3725)), "1:02:05");
        assert_eq!(
            python_timedelta(Duration::from_secs(86_400 * 2 + 1)),
            "2 days, 0:00:01"
        );
        assert_eq!(
            python_timedelta(Duration::from_millis(1500)),
            "0:00:01.500000"
        );
        assert_eq!(python_bytes_repr(b"\n\x14ab'"), "b\"\\n\\x14ab'\"");
        assert_eq!(python_bytes_repr(b""), "b''");
        assert_eq!(python_bytes_repr(b"a\\b\x7f"), "b'a\\\\b\\x7f'");
        assert_eq!(python_json_string("é\"x"), "\"\\u00e9\\\"x\"");
        // Expected values printed by CPython's `repr`.
        assert_eq!(python_str_repr("it's"), "\"it's\"");
        assert_eq!(python_str_repr("a\"b'c"), "'a\"b\\'c'");
        assert_eq!(
            python_str_repr("é\n\u{1}\u{7f}\u{a0}\\"),
            "'é\\n\\x01\\x7f\\xa0\\\\'"
        );
    }

    #[test]
    fn durations_keep_fractions() {
        let d = duration(Duration::from_millis(120_500));
        assert_eq!((d.seconds, d.nanos), (120, 500_000_000));
        assert!(nonzero_duration(Some(Duration::ZERO)).is_none());
    }
}
