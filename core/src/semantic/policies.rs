//! `retries` and `timeout`.

use super::attr_values::{Backoff, Retries, Timeout};
use super::attrs::{BACKOFF_ATTRS, RETRIES_ATTRS, TIMEOUT_ATTRS, known_attrs};
use super::cx::Cx;
use super::value_readers::{self, mismatch};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::syntax::ast::{Value, ValueKind};

pub(crate) const BAD_RETRIES: Code = Code::E0309;

/// `retries = 3` or `retries { count, backoff { base, factor, cap } }`.
pub(crate) fn lower_retries(cx: &mut Cx, v: &Value) -> Option<Retries> {
    match &v.kind {
        ValueKind::Int(_) => Some(Retries {
            count: retry_count(cx, v)?,
            backoff: None,
        }),
        ValueKind::Map(body) => {
            let mut count = None;
            let mut backoff = None;
            let mut ok = true;
            let before = cx.diags.len();
            for attr in known_attrs(cx, body, "retries", RETRIES_ATTRS) {
                match attr.key.name.as_str() {
                    "count" => match retry_count(cx, &attr.value) {
                        Some(n) => count = Some(n),
                        None => ok = false,
                    },
                    "backoff" => match lower_backoff(cx, &attr.value) {
                        Some(b) => backoff = Some(b),
                        None => ok = false,
                    },
                    _ => {}
                }
            }
            let Some(count) = count else {
                if ok && cx.diags.len() == before {
                    cx.error(
                        BAD_RETRIES,
                        body.span,
                        "`retries { … }` needs a `count`",
                        "add `count = 3`",
                    );
                }
                return None;
            };
            ok.then_some(Retries { count, backoff })
        }
        _ => {
            mismatch(
                cx,
                v,
                "retries",
                "a count or `{ count = 3, backoff { … } }`",
            );
            None
        }
    }
}

fn retry_count(cx: &mut Cx, v: &Value) -> Option<u32> {
    let n = value_readers::integer(cx, v, "retries.count")?;
    if n < 0 {
        cx.error(
            BAD_RETRIES,
            v.span,
            format!("RetryStrategy.count must be greater than or equal to 0, got {n}"),
            "use `0` for no retries",
        );
        return None;
    }
    match u32::try_from(n) {
        Ok(n) => Some(n),
        Err(_) => {
            cx.error(
                BAD_RETRIES,
                v.span,
                format!("retry count {n} is too large"),
                "use a smaller count",
            );
            None
        }
    }
}

fn lower_backoff(cx: &mut Cx, v: &Value) -> Option<Backoff> {
    let body = value_readers::block(cx, v, "backoff")?;
    let mut base = None;
    let mut factor: Option<(f64, crate::source::Span)> = None;
    let mut cap = None;
    let mut ok = true;
    let before = cx.diags.len();
    for attr in known_attrs(cx, body, "backoff", BACKOFF_ATTRS) {
        let v = &attr.value;
        match attr.key.name.as_str() {
            "base" => match value_readers::duration(cx, v, "backoff.base", true) {
                Some(d) => base = Some(d),
                None => ok = false,
            },
            "cap" => match value_readers::duration(cx, v, "backoff.cap", true) {
                Some(d) => cap = Some(d),
                None => ok = false,
            },
            "factor" => match value_readers::number(cx, v, "backoff.factor") {
                Some(f) if !f.is_finite() => {
                    cx.error(
                        BAD_RETRIES,
                        v.span,
                        format!("Backoff.factor must be a finite number, got {f}"),
                        "use a factor such as `2.0`",
                    );
                    ok = false;
                }
                Some(f) if f < 1.0 => {
                    cx.error(
                        BAD_RETRIES,
                        v.span,
                        format!(
                            "Backoff.factor must be >= 1.0, got {}",
                            super::python_float::python_float_repr(f)
                        ),
                        "use `1.0` for a constant delay or more to grow it",
                    );
                    ok = false;
                }
                Some(f) => factor = Some((f, v.span)),
                None => ok = false,
            },
            _ => {}
        }
    }
    if !ok || cx.diags.len() > before {
        return None;
    }
    let Some(base) = base else {
        cx.error(
            BAD_RETRIES,
            body.span,
            "`backoff { … }` needs a `base` delay",
            "add `base = 10s`",
        );
        return None;
    };
    if let Some((f, span)) = factor {
        if f > 1.0 && cap.is_none() {
            cx.push(
                Diagnostic::error(
                    BAD_RETRIES,
                    cx.at(span),
                    "Backoff.cap is required when factor > 1.0 to prevent unbounded growth",
                )
                .with_help("add `cap = 5m` to the `backoff` block"),
            );
            return None;
        }
    }
    Some(Backoff {
        base,
        factor: factor.map_or(1.0, |(f, _)| f),
        cap,
    })
}

/// `timeout = 1h` (max runtime, also whole seconds) or
/// `timeout { max_runtime, max_queued_time, deadline }`.
pub(crate) fn lower_timeout(cx: &mut Cx, v: &Value) -> Option<Timeout> {
    match &v.kind {
        ValueKind::Map(body) => {
            let mut out = Timeout::default();
            let mut ok = true;
            for attr in known_attrs(cx, body, "timeout", TIMEOUT_ATTRS) {
                let what = format!("timeout.{}", attr.key.name);
                let d = value_readers::duration(cx, &attr.value, &what, true);
                if d.is_none() {
                    ok = false;
                }
                match attr.key.name.as_str() {
                    "max_runtime" => out.max_runtime = d,
                    "max_queued_time" => out.max_queued_time = d,
                    "deadline" => out.deadline = d,
                    _ => {}
                }
            }
            ok.then_some(out)
        }
        ValueKind::Duration(_) | ValueKind::Int(_) => Some(Timeout {
            max_runtime: Some(value_readers::duration(cx, v, "timeout", true)?),
            ..Timeout::default()
        }),
        _ => {
            mismatch(
                cx,
                v,
                "timeout",
                "a duration such as `1h30m` or `{ max_runtime, max_queued_time, deadline }`",
            );
            None
        }
    }
}
