//! Default values, compared as values rather than as text: `1.0` and `1.`
//! are one number, `'x'` and `"x"` one string, and an enum member may be
//! reached through any module path.

use tree_sitter::Node;

use super::python::{node_text, with_expression};
use super::spelling::compact;

/// A default as far as it can be known without running Python.
#[derive(Debug, Clone, PartialEq)]
pub enum PyValue {
    Number(f64),
    Str(String),
    Bool(bool),
    None,
    List(Vec<PyValue>),
    Tuple(Vec<PyValue>),
    Dict(Vec<(PyValue, PyValue)>),
    /// `Region.EU`, `bindings.Region.EU`: a dotted name.
    Name(String),
    /// A call or anything else only running Python could evaluate, by its
    /// compacted text.
    Opaque(String),
}

impl PyValue {
    /// Whether the two surely differ. An opaque value (a call such as
    /// `datetime.timedelta(minutes=90)`) is never said to differ: the same
    /// value has many spellings the static check cannot evaluate, and the
    /// bindings' runtime check compares such defaults with `==`.
    pub fn differs(&self, other: &PyValue) -> bool {
        match (self, other) {
            (PyValue::Opaque(_), _) | (_, PyValue::Opaque(_)) => false,
            (PyValue::Number(a), PyValue::Number(b)) => a != b,
            // `True == 1` in Python, and `1 == 1.0`.
            (PyValue::Bool(a), PyValue::Number(b)) | (PyValue::Number(b), PyValue::Bool(a)) => {
                f64::from(u8::from(*a)) != *b
            }
            (PyValue::Name(a), PyValue::Name(b)) => !(same_path(a, b) || same_path(b, a)),
            (PyValue::List(a), PyValue::List(b)) | (PyValue::Tuple(a), PyValue::Tuple(b)) => {
                a.len() != b.len() || a.iter().zip(b).any(|(x, y)| x.differs(y))
            }
            (PyValue::Dict(a), PyValue::Dict(b)) => {
                a.len() != b.len()
                    || a.iter()
                        .any(|(k, v)| !b.iter().any(|(k2, v2)| !k.differs(k2) && !v.differs(v2)))
            }
            (a, b) => a != b,
        }
    }
}

/// Whether dotted name `long` is `short` reached through a longer path.
fn same_path(long: &str, short: &str) -> bool {
    long == short || long.ends_with(&format!(".{short}"))
}

/// The value of a default's expression node.
pub fn value(node: Node<'_>, text: &str) -> PyValue {
    let items = |node: Node<'_>| -> Vec<PyValue> {
        let mut cursor = node.walk();
        node.named_children(&mut cursor)
            .filter(|n| n.kind() != "comment")
            .map(|n| value(n, text))
            .collect()
    };
    let written = node_text(node, text);
    match node.kind() {
        "integer" | "float" => number(written).map_or_else(|| opaque(written), PyValue::Number),
        "true" => PyValue::Bool(true),
        "false" => PyValue::Bool(false),
        "none" => PyValue::None,
        "string" => match string_value(node, text) {
            Some(s) => PyValue::Str(s),
            None => opaque(written),
        },
        "unary_operator" => {
            let operand = node.child_by_field_name("argument").map(|n| value(n, text));
            let negative = written.trim_start().starts_with('-');
            match operand {
                Some(PyValue::Number(n)) => PyValue::Number(if negative { -n } else { n }),
                _ => opaque(written),
            }
        }
        "parenthesized_expression" => node
            .named_child(0)
            .map_or_else(|| opaque(written), |inner| value(inner, text)),
        "list" => PyValue::List(items(node)),
        "tuple" => PyValue::Tuple(items(node)),
        "dictionary" => {
            let mut cursor = node.walk();
            let pairs = node
                .named_children(&mut cursor)
                .filter(|n| n.kind() == "pair")
                .filter_map(|pair| {
                    let key = pair.child_by_field_name("key")?;
                    let v = pair.child_by_field_name("value")?;
                    Some((value(key, text), value(v, text)))
                })
                .collect();
            PyValue::Dict(pairs)
        }
        "identifier" | "attribute" => PyValue::Name(compact(written)),
        _ => opaque(written),
    }
}

/// The value of Python source for one expression (the bindings' spelling
/// of a declared default).
pub fn value_of_source(source: &str) -> PyValue {
    with_expression(source, value).unwrap_or_else(|| opaque(source))
}

fn opaque(written: &str) -> PyValue {
    PyValue::Opaque(compact(written))
}

fn number(written: &str) -> Option<f64> {
    let digits: String = written.chars().filter(|c| *c != '_').collect();
    let lower = digits.to_ascii_lowercase();
    let radix = [("0x", 16), ("0o", 8), ("0b", 2)]
        .into_iter()
        .find_map(|(prefix, radix)| lower.strip_prefix(prefix).map(|rest| (rest, radix)));
    match radix {
        Some((rest, radix)) => i128::from_str_radix(rest, radix).ok().map(|n| n as f64),
        None => lower.parse::<f64>().ok(),
    }
}

/// A plain string literal's value, with the common escapes; `None` for
/// f-strings, byte strings and concatenations, which stay opaque.
fn string_value(node: Node<'_>, text: &str) -> Option<String> {
    let written = node_text(node, text);
    let prefix: String = written
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    if !(prefix.is_empty() || prefix == "r" || prefix == "u") {
        return None;
    }
    let body = &written[prefix.len()..];
    let inner = ["\"\"\"", "'''", "\"", "'"].into_iter().find_map(|quote| {
        body.strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
    })?;
    if prefix == "r" {
        return Some(inner.to_string());
    }
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => {
                if !matches!(other, '\\' | '\'' | '"') {
                    // Escapes beyond the common ones: leave to the runtime.
                    return None;
                }
                out.push(other);
            }
            None => return None,
        }
    }
    Some(out)
}
