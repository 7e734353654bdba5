//! Reading literal values (`"…"`, `42`, `5m`, `[…]`, `{…}`, bare words) with
//! a diagnostic when the shape is not the one an attribute needs.

use std::time::Duration;

use super::cx::Cx;
use super::suggest_name;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{AssignOp, Body, Entry, Key, Value, ValueKind};

/// E0302: a value of the wrong kind.
pub(crate) const WRONG_VALUE: Code = Code::E0302;

/// How the readers below report a value of the wrong kind ([`Cx::wording`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wording {
    /// [`WRONG_VALUE`]: "`what` must be …, found …", and a help line saying
    /// what the attribute takes.
    Shared,
    /// `code`, with the value labelled by what it is and a help line showing
    /// the corrected `what = …`. Trigger blocks report this way (E0402):
    /// their diagnostics were published in this form and stay so.
    Assignment { code: Code },
}

const BOOLEAN: &str = "`true` or `false`";

/// Report that `what` needs `expected` but got `v`.
pub(crate) fn mismatch(cx: &mut Cx, v: &Value, what: &str, expected: &str) {
    let help = match cx.wording {
        Wording::Shared => match (&v.kind, expected) {
            (ValueKind::Ident(word), e) if e.contains("string") => {
                format!("write it as a string: `\"{word}\"`")
            }
            (ValueKind::Int(n), e) if e.contains("string") => {
                format!("write it as a string: `\"{n}\"`")
            }
            _ => format!("`{what}` takes {expected}"),
        },
        Wording::Assignment { .. } => assignment_help(v, what, expected),
    };
    mismatch_with_help(cx, v, what, expected, help);
}

/// [`mismatch`] with the caller's help line.
pub(crate) fn mismatch_with_help(
    cx: &mut Cx,
    v: &Value,
    what: &str,
    expected: &str,
    help: impl Into<String>,
) {
    match cx.wording {
        Wording::Shared => cx.error(
            WRONG_VALUE,
            v.span,
            format!("`{what}` must be {expected}, found {}", v.kind.describe()),
            help,
        ),
        Wording::Assignment { code } => {
            let found = match &v.kind {
                ValueKind::Ident(word) => format!("the name `{word}`"),
                other => other.describe().to_string(),
            };
            let diagnostic = Diagnostic::error(
                code,
                cx.at(v.span),
                format!("`{what}` must be {expected}, found {found}"),
            )
            .with_primary_label(format!("this is {found}"))
            .with_help(help);
            cx.push(diagnostic);
        }
    }
}

/// The help of [`Wording::Assignment`]: `what = …` written the way it
/// should be.
fn assignment_help(v: &Value, what: &str, expected: &str) -> String {
    match (&v.kind, expected) {
        (ValueKind::Ident(word), "a string") => format!("quote it: `{what} = \"{word}\"`"),
        (ValueKind::Int(n), "a string") => format!("quote it: `{what} = \"{n}\"`"),
        (ValueKind::Bool(b), "a string") => format!("quote it: `{what} = \"{b}\"`"),
        (_, "a string") => format!("write `{what} = \"…\"`"),
        (ValueKind::Str(s), BOOLEAN) if matches!(s.value.as_str(), "true" | "false") => {
            format!("remove the quotes: `{what} = {}`", s.value)
        }
        (_, BOOLEAN) => format!("write `{what} = true` or `{what} = false`"),
        _ => format!("`{what}` takes {expected}"),
    }
}

pub(crate) fn string(cx: &mut Cx, v: &Value, what: &str) -> Option<String> {
    match &v.kind {
        ValueKind::Str(s) => Some(s.value.clone()),
        _ => {
            mismatch(cx, v, what, "a string");
            None
        }
    }
}

pub(crate) fn boolean(cx: &mut Cx, v: &Value, what: &str) -> Option<bool> {
    match &v.kind {
        ValueKind::Bool(b) => Some(*b),
        _ => {
            mismatch(cx, v, what, BOOLEAN);
            None
        }
    }
}

pub(crate) fn integer(cx: &mut Cx, v: &Value, what: &str) -> Option<i64> {
    match &v.kind {
        ValueKind::Int(n) => Some(*n),
        _ => {
            mismatch(cx, v, what, "an integer");
            None
        }
    }
}

/// A number (integer or float) as f64.
pub(crate) fn number(cx: &mut Cx, v: &Value, what: &str) -> Option<f64> {
    match &v.kind {
        ValueKind::Int(n) => Some(*n as f64),
        ValueKind::Float(f) => Some(*f),
        _ => {
            mismatch(cx, v, what, "a number");
            None
        }
    }
}

/// A non-negative integer that fits `u32`; `min` is the smallest allowed.
pub(crate) fn count(cx: &mut Cx, v: &Value, what: &str, min: u32, code: Code) -> Option<u32> {
    let n = integer(cx, v, what)?;
    if n < i64::from(min) {
        cx.error(
            code,
            v.span,
            format!("`{what}` must be at least {min}, got {n}"),
            format!("use a value of {min} or more"),
        );
        return None;
    }
    match u32::try_from(n) {
        Ok(n) => Some(n),
        Err(_) => {
            cx.error(
                code,
                v.span,
                format!("`{what}` is too large: {n}"),
                "use a smaller number",
            );
            None
        }
    }
}

/// A duration literal; with `int_seconds`, an integer counts seconds (as the
/// SDK accepts `idle_ttl=60`).
pub(crate) fn duration(cx: &mut Cx, v: &Value, what: &str, int_seconds: bool) -> Option<Duration> {
    match &v.kind {
        ValueKind::Duration(d) => match u64::try_from(d.seconds()) {
            Ok(secs) => Some(Duration::new(secs, d.subsec_nanos())),
            Err(_) => {
                cx.error(
                    WRONG_VALUE,
                    v.span,
                    format!("`{what}` is too long a duration"),
                    "use a shorter duration",
                );
                None
            }
        },
        ValueKind::Int(n) if int_seconds => match u64::try_from(*n) {
            Ok(secs) => Some(Duration::from_secs(secs)),
            Err(_) => {
                cx.error(
                    WRONG_VALUE,
                    v.span,
                    format!("`{what}` must not be negative, got {n}"),
                    "use a duration such as `30s` or `5m`",
                );
                None
            }
        },
        _ => {
            let expected = if int_seconds {
                "a duration such as `90s` or `1h30m` (or whole seconds)"
            } else {
                "a duration such as `90s` or `1h30m`"
            };
            mismatch(cx, v, what, expected);
            None
        }
    }
}

/// A bare word (or a string) from a fixed set; reports the choices with a
/// did-you-mean otherwise.
pub(crate) fn word<'v>(cx: &mut Cx, v: &'v Value, what: &str, choices: &[&str]) -> Option<&'v str> {
    let text = match &v.kind {
        ValueKind::Ident(w) => w.as_str(),
        ValueKind::Str(s) => s.value.as_str(),
        ValueKind::Bool(true) => "true",
        ValueKind::Bool(false) => "false",
        ValueKind::None => "none",
        _ => {
            mismatch(cx, v, what, &format!("one of {}", list_words(choices)));
            return None;
        }
    };
    if choices.contains(&text) {
        return Some(text);
    }
    let help = match suggest_name(text, choices) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("use one of {}", list_words(choices)),
    };
    cx.error(
        WRONG_VALUE,
        v.span,
        format!(
            "`{what}` must be one of {}, found `{text}`",
            list_words(choices)
        ),
        help,
    );
    None
}

/// `a`, `b` or `c` for messages.
pub(crate) fn list_words(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

pub(crate) fn list<'v>(cx: &mut Cx, v: &'v Value, what: &str) -> Option<&'v [Value]> {
    match &v.kind {
        ValueKind::List(items) => Some(items),
        _ => {
            mismatch(cx, v, what, "a list `[…]`");
            None
        }
    }
}

pub(crate) fn block<'v>(cx: &mut Cx, v: &'v Value, what: &str) -> Option<&'v Body> {
    match &v.kind {
        ValueKind::Map(body) => Some(body),
        _ => {
            mismatch(cx, v, what, "a block `{ … }`");
            None
        }
    }
}

/// The `key = value` pairs of a free-form map (`env_vars`, `labels`, …).
/// Entries of another form are reported; a repeated key is reported and the
/// later one kept out.
pub(crate) fn map_pairs<'b>(cx: &mut Cx, body: &'b Body, what: &str) -> Vec<(&'b Key, &'b Value)> {
    let mut out: Vec<(&Key, &Value)> = Vec::new();
    for entry in &body.entries {
        match entry {
            Entry::Attr(a) if a.op != AssignOp::Append => {
                if let Some((first, _)) = out.iter().find(|(k, _)| k.name == a.key.name) {
                    let first_at = cx.at(first.span);
                    cx.push(
                        Diagnostic::error(
                            super::attrs::DUPLICATE_KEY,
                            cx.at(a.key.span),
                            format!("`{}` is set twice in `{what}`", a.key.name),
                        )
                        .with_label(first_at, "first set here")
                        .with_help("remove one of the two entries"),
                    );
                    continue;
                }
                out.push((&a.key, &a.value));
            }
            Entry::Attr(a) => cx.error(
                super::attrs::BAD_MERGE,
                a.op_span,
                format!("`+=` cannot be used inside `{what}`"),
                "write `key = value`",
            ),
            other => cx.error(
                super::attrs::UNEXPECTED_ENTRY,
                other.span(),
                format!("`{what}` holds `key = value` entries only"),
                "write `key = value`",
            ),
        }
    }
    out
}

/// A string map (`env_vars`, `labels`, `annotations`), order kept.
pub(crate) fn string_map(
    cx: &mut Cx,
    v: &Value,
    what: &str,
) -> Option<Vec<(String, String, crate::source::Span)>> {
    let body = block(cx, v, what)?;
    let mut out = Vec::new();
    for (key, value) in map_pairs(cx, body, what) {
        if let (Wording::Assignment { code }, false) =
            (cx.wording, matches!(value.kind, ValueKind::Str(_)))
        {
            // One message for the whole map, the fix written for the entry.
            let help = assignment_help(value, &key.name, "a string");
            cx.error(
                code,
                value.span,
                format!("values in `{what}` must be strings"),
                help,
            );
            continue;
        }
        let item = format!("{what}.{}", key.name);
        if let Some(s) = string(cx, value, &item) {
            out.push((key.name.clone(), s, key.span.cover(value.span)));
        }
    }
    Some(out)
}

/// Any literal as JSON (free-form configs: `pod_spec`, `query_job_config`).
/// Durations become strings such as `"90s"`; bare words become strings.
pub(crate) fn to_json(cx: &mut Cx, v: &Value, what: &str) -> Option<serde_json::Value> {
    use serde_json::Value as J;
    Some(match &v.kind {
        ValueKind::Str(s) => J::String(s.value.clone()),
        ValueKind::Int(n) => J::from(*n),
        ValueKind::Float(f) => match serde_json::Number::from_f64(*f) {
            Some(n) => J::Number(n),
            None => {
                mismatch(cx, v, what, "a finite number");
                return None;
            }
        },
        ValueKind::Bool(b) => J::Bool(*b),
        ValueKind::None => J::Null,
        ValueKind::Ident(w) => J::String(w.clone()),
        ValueKind::Duration(d) => {
            let secs = d.seconds();
            let nanos = d.subsec_nanos();
            if nanos == 0 {
                J::String(format!("{secs}s"))
            } else {
                let frac = format!("{nanos:09}");
                J::String(format!("{secs}.{}s", frac.trim_end_matches('0')))
            }
        }
        ValueKind::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            let mut ok = true;
            for item in items {
                match to_json(cx, item, what) {
                    Some(j) => out.push(j),
                    None => ok = false,
                }
            }
            if !ok {
                return None;
            }
            J::Array(out)
        }
        ValueKind::Map(body) => {
            let mut out = serde_json::Map::new();
            let mut ok = true;
            for (key, value) in map_pairs(cx, body, what) {
                match to_json(cx, value, what) {
                    Some(j) => {
                        out.insert(key.name.clone(), j);
                    }
                    None => ok = false,
                }
            }
            if !ok {
                return None;
            }
            J::Object(out)
        }
    })
}

/// A free-form block as a JSON object (`query_job_config`, `databricks_conf`).
pub(crate) fn json_block(
    cx: &mut Cx,
    value: &Value,
    key: &str,
) -> Option<serde_json::Map<String, serde_json::Value>> {
    match to_json(cx, value, key) {
        Some(serde_json::Value::Object(map)) => Some(map),
        Some(_) => {
            mismatch(cx, value, key, "a block `{ … }`");
            None
        }
        None => None,
    }
}
