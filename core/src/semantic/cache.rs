//! `cache = auto | override | disable` (plus the SDK's aliases) or
//! `cache { behavior, version, serialize, ignored_inputs, salt, max_age }`.

use super::attr_values::{Cache, CacheBehavior, Spanned};
use super::attrs::{CACHE_ATTRS, known_attrs};
use super::cx::Cx;
use super::value_readers::{self, mismatch};
use crate::diagnostics::Code;
use crate::syntax::ast::{Value, ValueKind};

pub(crate) const BAD_CACHE: Code = Code::E0308;

const CANONICAL: &[&str] = &["auto", "override", "disable"];
const AUTO_ALIASES: &[&str] = &["enable", "enabled", "on", "true", "yes"];
const DISABLE_ALIASES: &[&str] = &["off", "false", "no", "none"];

pub(crate) fn lower_cache(cx: &mut Cx, v: &Value) -> Option<Cache> {
    match &v.kind {
        ValueKind::Map(body) => {
            let mut cache = Cache {
                behavior: CacheBehavior::Auto,
                alias: None,
                version: None,
                serialize: None,
                ignored_inputs: Vec::new(),
                salt: None,
                max_age: None,
            };
            let mut behavior_set = false;
            let mut ok = true;
            let before = cx.diags.len();
            for attr in known_attrs(cx, body, "cache", CACHE_ATTRS) {
                let v = &attr.value;
                match attr.key.name.as_str() {
                    "behavior" => match behavior(cx, v) {
                        Some((b, alias)) => {
                            cache.behavior = b;
                            cache.alias = alias;
                            behavior_set = true;
                        }
                        None => ok = false,
                    },
                    "version" => match value_readers::string(cx, v, "cache.version") {
                        Some(s) if s.is_empty() => {
                            cx.error(
                                BAD_CACHE,
                                v.span,
                                "`cache.version` cannot be empty",
                                "leave `version` out to let taskc compute one",
                            );
                            ok = false;
                        }
                        Some(s) => cache.version = Some(s),
                        None => ok = false,
                    },
                    "serialize" => {
                        cache.serialize = value_readers::boolean(cx, v, "cache.serialize")
                    }
                    "salt" => cache.salt = value_readers::string(cx, v, "cache.salt"),
                    "ignored_inputs" => match ignored_inputs(cx, v) {
                        Some(list) => cache.ignored_inputs = list,
                        None => ok = false,
                    },
                    "max_age" => match &v.kind {
                        ValueKind::Int(n) if *n < 0 => {
                            cx.error(
                                BAD_CACHE,
                                v.span,
                                format!(
                                    "Cache.max_age must be greater than or equal to 0, got {n}"
                                ),
                                "use a duration such as `1d`",
                            );
                            ok = false;
                        }
                        _ => cache.max_age = value_readers::duration(cx, v, "cache.max_age", true),
                    },
                    _ => {}
                }
            }
            if !behavior_set {
                if ok && cx.diags.len() == before {
                    cx.error(
                        BAD_CACHE,
                        body.span,
                        "`cache { … }` needs a `behavior`",
                        "add `behavior = auto` (or `override`, `disable`)",
                    );
                }
                return None;
            }
            ok.then_some(cache)
        }
        _ => {
            let (behavior, alias) = behavior(cx, v)?;
            Some(Cache {
                behavior,
                alias,
                version: None,
                serialize: None,
                ignored_inputs: Vec::new(),
                salt: None,
                max_age: None,
            })
        }
    }
}

/// A behaviour word; the second value is the alias as written, if one was used.
fn behavior(cx: &mut Cx, v: &Value) -> Option<(CacheBehavior, Option<Spanned<String>>)> {
    let word = match &v.kind {
        ValueKind::Ident(w) => w.clone(),
        ValueKind::Str(s) => s.value.clone(),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::None => "none".to_string(),
        _ => {
            mismatch(
                cx,
                v,
                "cache",
                "`auto`, `override`, `disable` or a `cache { … }` block",
            );
            return None;
        }
    };
    let lower = word.to_ascii_lowercase();
    let alias = || Some(Spanned::new(word.clone(), cx.at(v.span)));
    let found = match lower.as_str() {
        "auto" if word == "auto" => (CacheBehavior::Auto, None),
        "override" if word == "override" => (CacheBehavior::Override, None),
        "disable" if word == "disable" => (CacheBehavior::Disable, None),
        "auto" => (CacheBehavior::Auto, alias()),
        "override" => (CacheBehavior::Override, alias()),
        "disable" => (CacheBehavior::Disable, alias()),
        w if AUTO_ALIASES.contains(&w) => (CacheBehavior::Auto, alias()),
        w if DISABLE_ALIASES.contains(&w) => (CacheBehavior::Disable, alias()),
        _ => {
            let mut aliases: Vec<&str> = AUTO_ALIASES
                .iter()
                .chain(DISABLE_ALIASES)
                .copied()
                .collect();
            aliases.sort_unstable();
            let quoted = |ws: &[&str]| {
                ws.iter()
                    .map(|w| format!("'{w}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut all: Vec<&str> = CANONICAL.to_vec();
            all.extend(&aliases);
            let help = match super::suggest_name(&word, &all) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "use `auto`, `override` or `disable`".to_string(),
            };
            cx.error(
                BAD_CACHE,
                v.span,
                format!(
                    "Invalid cache behavior: '{word}'. Must be one of [{}] (aliases accepted: [{}]).",
                    quoted(CANONICAL),
                    quoted(&aliases)
                ),
                help,
            );
            return None;
        }
    };
    Some(found)
}

fn ignored_inputs(cx: &mut Cx, v: &Value) -> Option<Vec<Spanned<String>>> {
    match &v.kind {
        ValueKind::Str(s) => Some(vec![Spanned::new(s.value.clone(), cx.at(v.span))]),
        ValueKind::List(items) => {
            let mut out = Vec::new();
            for item in items {
                let name = value_readers::string(cx, item, "cache.ignored_inputs")?;
                out.push(Spanned::new(name, cx.at(item.span)));
            }
            Some(out)
        }
        _ => {
            mismatch(cx, v, "cache.ignored_inputs", "a list of input names");
            None
        }
    }
}
