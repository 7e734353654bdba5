//! Ray's `runtime_env` as `RayFunctionTask.custom_config` sends it in
//! `runtime_env_yaml`: `yaml.dump(runtime_env)` (PyYAML 6, block style,
//! sorted keys). (The base64 `json.dumps` beside it is
//! `backend::convert::python_json_dumps`.)
//!
//! This follows PyYAML's emitter for what it writes on one line
//! per scalar: plain or single-quoted scalars of printable ASCII. A string
//! PyYAML would write double-quoted (other characters, line breaks) or fold
//! across lines (a space past column 80), an empty key or one of 128
//! characters or more and a fractional number are refused instead of approximated: the
//! semantic pass reports them, so the backend's output is always PyYAML's.

use serde_json::{Map, Value};

/// PyYAML's `best_width`: a single space past this column folds the line.
const BEST_WIDTH: usize = 80;
/// PyYAML's `check_simple_key`: a longer key is written as `? key`.
const SIMPLE_KEY_MAX: usize = 128;

/// `yaml.dump(value)` for a non-empty mapping, or why it is refused.
pub(crate) fn yaml_dump(value: &Map<String, Value>) -> Result<String, String> {
    let mut out = String::new();
    mapping(value, 0, false, &mut out)?;
    Ok(out)
}

/// A block mapping at `indent`; `inline` when its first key follows `- `.
fn mapping(
    map: &Map<String, Value>,
    indent: usize,
    inline: bool,
    out: &mut String,
) -> Result<(), String> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    for (i, (key, value)) in entries.into_iter().enumerate() {
        if i > 0 || !inline {
            out.push_str(&" ".repeat(indent));
        }
        let key_text = scalar_text(key, true, indent)?;
        out.push_str(&key_text);
        out.push(':');
        match value {
            Value::Object(inner) if !inner.is_empty() => {
                out.push('\n');
                mapping(inner, indent + 2, false, out)?;
            }
            // Sequences in a mapping are not indented.
            Value::Array(items) if !items.is_empty() => {
                out.push('\n');
                sequence(items, indent, false, out)?;
            }
            _ => {
                out.push(' ');
                out.push_str(&leaf(value, indent + key_text.len() + 2)?);
                out.push('\n');
            }
        }
    }
    Ok(())
}

fn sequence(items: &[Value], indent: usize, inline: bool, out: &mut String) -> Result<(), String> {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !inline {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str("- ");
        match item {
            Value::Object(inner) if !inner.is_empty() => mapping(inner, indent + 2, true, out)?,
            Value::Array(inner) if !inner.is_empty() => sequence(inner, indent + 2, true, out)?,
            _ => {
                out.push_str(&leaf(item, indent + 2)?);
                out.push('\n');
            }
        }
    }
    Ok(())
}

/// A scalar or an empty collection (flow style) starting at `column`.
fn leaf(value: &Value, column: usize) -> Result<String, String> {
    Ok(match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        Value::Number(n) => return Err(format!("`{n}` is not a whole number")),
        Value::String(s) => scalar_text(s, false, column)?,
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    })
}

/// A string scalar as PyYAML writes it in block context: plain when it
/// reads back as a string and has no indicator, else single-quoted.
fn scalar_text(s: &str, key: bool, column: usize) -> Result<String, String> {
    if let Some(c) = s.chars().find(|c| !(' '..='~').contains(c)) {
        return Err(format!(
            "{:?} holds {c:?}, which PyYAML writes escaped in double quotes",
            s
        ));
    }
    if key && s.is_empty() {
        return Err("PyYAML writes an empty key as `? ''`".into());
    }
    if key && s.len() >= SIMPLE_KEY_MAX {
        return Err(format!(
            "PyYAML writes a key of {} characters as `? key`",
            s.len()
        ));
    }
    let plain = !s.is_empty()
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !block_indicators(s)
        && !resolves_to_other_type(s);
    let text = if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    };
    if !key {
        let body_start = column + usize::from(!plain);
        let body = if plain {
            s.to_string()
        } else {
            s.replace('\'', "''")
        };
        if folds(&body, body_start, plain) {
            return Err(format!(
                "{s:?} reaches past column {BEST_WIDTH}, where PyYAML folds it onto the next line"
            ));
        }
    }
    Ok(text)
}

/// PyYAML breaks a line at a single space when the column before it is
/// past `best_width` (not at either end of a quoted scalar).
fn folds(body: &str, start_column: usize, plain: bool) -> bool {
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b' ' {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        let single = i == run_start + 1;
        let inside = plain || (run_start != 0 && i != bytes.len());
        if single && inside && start_column + run_start > BEST_WIDTH {
            return true;
        }
    }
    false
}

/// `analyze_scalar`'s block indicators (printable ASCII only).
fn block_indicators(s: &str) -> bool {
    let b = s.as_bytes();
    if s.starts_with("---") || s.starts_with("...") {
        return true;
    }
    let followed_by_space = |i: usize| i + 1 >= b.len() || b[i + 1] == b' ';
    for (i, &c) in b.iter().enumerate() {
        let hit = if i == 0 {
            b"#,[]{}&*!|>'\"%@`".contains(&c)
                || (matches!(c, b'?' | b':' | b'-') && followed_by_space(i))
        } else {
            (c == b':' && followed_by_space(i)) || (c == b'#' && b[i - 1] == b' ')
        };
        if hit {
            return true;
        }
    }
    false
}

/// Whether PyYAML's implicit resolvers (YAML 1.1: bool, float, int, merge,
/// null, timestamp, value) read the plain text as something else.
fn resolves_to_other_type(s: &str) -> bool {
    use std::sync::LazyLock;
    static IMPLICIT: LazyLock<Vec<regex::Regex>> = LazyLock::new(|| {
        [
            r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
            r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
            r"^(?:<<)$",
            r"^(?:~|null|Null|NULL|)$",
            r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
            r"^(?:=)$",
            r"^(?:!|&|\*)$",
        ]
        .iter()
        .filter_map(|p| regex::Regex::new(p).ok())
        .collect()
    });
    IMPLICIT.iter().any(|re| re.is_match(s))
}
