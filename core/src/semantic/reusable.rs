//! `reusable { replicas, idle_ttl, concurrency, scaledown_ttl, scope }` or
//! `reusable = off`: the SDK's `ReusePolicy` with its defaults and checks.

use std::time::Duration;

use super::attr_values::{Reusable, ReusePolicy, ReuseScope};
use super::attrs::{REUSABLE_ATTRS, known_attrs};
use super::cx::Cx;
use super::value_readers::{self, mismatch};
use crate::diagnostics::Code;
use crate::syntax::ast::{Value, ValueKind};

pub(crate) const BAD_REUSE_POLICY: Code = Code::E0310;

const MIN_TTL: Duration = Duration::from_secs(30);

pub(crate) fn lower_reusable(cx: &mut Cx, v: &Value) -> Option<Reusable> {
    match &v.kind {
        ValueKind::Map(body) => {
            let mut policy = ReusePolicy {
                min_replicas: 2,
                max_replicas: 2,
                idle_ttl: MIN_TTL,
                concurrency: 1,
                scaledown_ttl: MIN_TTL,
                scope: ReuseScope::Global,
                concurrency_at: None,
            };
            let mut ok = true;
            let before = cx.diags.len();
            for attr in known_attrs(cx, body, "reusable", REUSABLE_ATTRS) {
                let v = &attr.value;
                match attr.key.name.as_str() {
                    "replicas" => match replicas(cx, v) {
                        Some((min, max)) => {
                            policy.min_replicas = min;
                            policy.max_replicas = max;
                        }
                        None => ok = false,
                    },
                    "idle_ttl" => match ttl(cx, v, "idle_ttl") {
                        Some(d) => policy.idle_ttl = d,
                        None => ok = false,
                    },
                    "scaledown_ttl" => match ttl(cx, v, "scaledown_ttl") {
                        Some(d) => policy.scaledown_ttl = d,
                        None => ok = false,
                    },
                    "concurrency" => {
                        match value_readers::count(cx, v, "concurrency", 1, BAD_REUSE_POLICY) {
                            Some(n) => {
                                policy.concurrency = n;
                                policy.concurrency_at = Some(cx.at(v.span));
                            }
                            None => ok = false,
                        }
                    }
                    "scope" => match value_readers::word(cx, v, "scope", &["global", "run"]) {
                        Some("run") => policy.scope = ReuseScope::Run,
                        Some(_) => policy.scope = ReuseScope::Global,
                        None => ok = false,
                    },
                    _ => {}
                }
            }
            let has_replicas = body.entries.iter().any(
                |e| matches!(e, crate::syntax::ast::Entry::Attr(a) if a.key.name == "replicas"),
            );
            if !has_replicas && ok && cx.diags.len() == before {
                cx.error(
                    BAD_REUSE_POLICY,
                    body.span,
                    "`reusable { … }` needs `replicas`",
                    "add `replicas = 2` (a fixed count) or `replicas = [min, max]`",
                );
                return None;
            }
            ok.then_some(Reusable::Policy(policy))
        }
        ValueKind::Ident(w) if w == "off" => Some(Reusable::Off),
        ValueKind::Str(s) if s.value == "off" => Some(Reusable::Off),
        ValueKind::None | ValueKind::Bool(false) => Some(Reusable::Off),
        _ => {
            mismatch(cx, v, "reusable", "a `reusable { … }` block or `off`");
            None
        }
    }
}

fn replicas(cx: &mut Cx, v: &Value) -> Option<(u32, u32)> {
    let (min, max) = match &v.kind {
        ValueKind::Int(_) => {
            let n = replica_count(cx, v)?;
            (n, n)
        }
        ValueKind::List(items) if items.len() == 2 => {
            let min = replica_count(cx, &items[0]);
            let max = replica_count(cx, &items[1]);
            (min?, max?)
        }
        _ => {
            cx.error(
                BAD_REUSE_POLICY,
                v.span,
                "replicas must be an int or a tuple of two ints",
                "write `replicas = 2` or `replicas = [min, max]`",
            );
            return None;
        }
    };
    if min > max {
        cx.error(
            BAD_REUSE_POLICY,
            v.span,
            format!("replicas min ({min}) must be less than or equal to max ({max})"),
            format!("write `replicas = [{max}, {min}]`"),
        );
        return None;
    }
    if max < 1 {
        cx.error(
            BAD_REUSE_POLICY,
            v.span,
            "replicas max must be at least 1",
            "use at least one replica",
        );
        return None;
    }
    Some((min, max))
}

fn replica_count(cx: &mut Cx, v: &Value) -> Option<u32> {
    value_readers::count(cx, v, "replicas", 0, BAD_REUSE_POLICY)
}

fn ttl(cx: &mut Cx, v: &Value, what: &str) -> Option<Duration> {
    let d = value_readers::duration(cx, v, what, true)?;
    if d < MIN_TTL {
        cx.error(
            BAD_REUSE_POLICY,
            v.span,
            format!("{what} must be at least 30 seconds"),
            format!("use `{what} = 30s` or more"),
        );
        return None;
    }
    Some(d)
}
