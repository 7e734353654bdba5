//! Lowering one written attribute (`cache = auto`, `resources { … }`, …)
//! into its typed [`Settings`] field, with its origin.

use super::attrs::BAD_MERGE;
use super::cache::lower_cache;
use super::cx::Cx;
use super::image::lower_image;
use super::links::lower_links;
use super::literals::{self, WRONG_VALUE, mismatch};
use super::model::{Settings, Spanned};
use super::pod_template::lower_pod_template;
use super::policies::{lower_retries, lower_timeout};
use super::provenance::{DeclRef, Origin, Setting};
use super::resources::lower_resources;
use super::reusable::lower_reusable;
use super::secrets::{lower_env_vars, lower_secrets};
use crate::syntax::ast::{AssignOp, Attribute, Value, ValueKind};

pub(crate) const BAD_SIZE: crate::diagnostics::Code = crate::diagnostics::Code::E0319;

/// Attributes whose inherited value `+=` merges with (docs/language.md §3.3,
/// §3.4, §9): a child key or `(group, key)` replaces the inherited entry in
/// place, new entries follow the inherited ones.
pub(crate) const MERGEABLE: &[&str] = &["env_vars", "secrets"];

/// The origin of a written attribute.
pub(crate) fn origin(cx: &Cx, decl: &DeclRef, attr: &Attribute) -> Origin {
    Origin {
        decl: decl.clone(),
        entry: cx.at(attr.span),
        key: cx.at(attr.key.span),
        value: cx.at(attr.value.span),
        op: attr.op,
    }
}

/// True when `name` is a [`Settings`] attribute written as `name = value`.
pub(crate) fn is_setting(name: &str) -> bool {
    super::model::SETTING_NAMES.contains(&name) && name != "plugin"
}

/// Lower `attr` into `settings`. The caller has already checked that the
/// attribute is allowed in this declaration. Returns false when the value
/// was rejected.
pub(crate) fn lower_setting(
    cx: &mut Cx,
    decl: &DeclRef,
    attr: &Attribute,
    settings: &mut Settings,
) -> bool {
    let name = attr.key.name.as_str();
    if attr.op == AssignOp::Append && !MERGEABLE.contains(&name) {
        cx.error(
            BAD_MERGE,
            attr.op_span,
            format!("`+=` cannot merge `{name}`: only maps and lists merge"),
            format!(
                "write `{name} = …` to replace the inherited value (`+=` works on {})",
                literals::list_words(MERGEABLE)
            ),
        );
        return false;
    }
    let origin = origin(cx, decl, attr);
    let v = &attr.value;
    fn put<T>(slot: &mut Option<Setting<T>>, value: Option<T>, origin: Origin) -> bool {
        match value {
            Some(value) => {
                *slot = Some(Setting::new(value, origin));
                true
            }
            None => false,
        }
    }
    match name {
        "image" => put(&mut settings.image, lower_image(cx, v), origin),
        "resources" => put(&mut settings.resources, lower_resources(cx, v), origin),
        "env_vars" => put(&mut settings.env_vars, lower_env_vars(cx, v), origin),
        "secrets" => put(&mut settings.secrets, lower_secrets(cx, v), origin),
        "service_account" => put(
            &mut settings.service_account,
            non_empty_string(cx, v, name),
            origin,
        ),
        "cache" => put(&mut settings.cache, lower_cache(cx, v), origin),
        "reusable" => put(&mut settings.reusable, lower_reusable(cx, v), origin),
        "interruptible" => put(
            &mut settings.interruptible,
            literals::boolean(cx, v, name),
            origin,
        ),
        "queue" => put(&mut settings.queue, non_empty_string(cx, v, name), origin),
        "pod_template" => put(
            &mut settings.pod_template,
            lower_pod_template(cx, v),
            origin,
        ),
        "description" => put(
            &mut settings.description,
            literals::string(cx, v, name),
            origin,
        ),
        "depends_on" => put(&mut settings.depends_on, env_names(cx, v), origin),
        "retries" => put(&mut settings.retries, lower_retries(cx, v), origin),
        "timeout" => put(&mut settings.timeout, lower_timeout(cx, v), origin),
        "short_name" => put(
            &mut settings.short_name,
            non_empty_string(cx, v, name),
            origin,
        ),
        "report" => put(&mut settings.report, literals::boolean(cx, v, name), origin),
        "entrypoint" => put(
            &mut settings.entrypoint,
            literals::boolean(cx, v, name),
            origin,
        ),
        "debuggable" => put(
            &mut settings.debuggable,
            literals::boolean(cx, v, name),
            origin,
        ),
        "produces_artifacts" => put(
            &mut settings.produces_artifacts,
            literals::boolean(cx, v, name),
            origin,
        ),
        "max_inline_io_bytes" => put(
            &mut settings.max_inline_io_bytes,
            byte_size(cx, v, name),
            origin,
        ),
        "links" => put(&mut settings.links, lower_links(cx, v), origin),
        _ => false,
    }
}

fn non_empty_string(cx: &mut Cx, v: &Value, what: &str) -> Option<String> {
    let s = literals::string(cx, v, what)?;
    if s.is_empty() {
        cx.error(
            WRONG_VALUE,
            v.span,
            format!("`{what}` cannot be empty"),
            format!("leave `{what}` out to keep the default"),
        );
        return None;
    }
    Some(s)
}

/// `depends_on = [base, other]` (names or strings).
fn env_names(cx: &mut Cx, v: &Value) -> Option<Vec<Spanned<String>>> {
    let items = literals::list(cx, v, "depends_on")?;
    let mut out = Vec::new();
    for item in items {
        match &item.kind {
            ValueKind::Ident(n) => out.push(Spanned::new(n.clone(), cx.at(item.span))),
            ValueKind::Str(s) => out.push(Spanned::new(s.value.clone(), cx.at(item.span))),
            _ => {
                mismatch(cx, item, "depends_on", "a list of env names");
                return None;
            }
        }
    }
    Some(out)
}

/// An integer count of bytes, or a size string: `"10MiB"`, `"512KB"`, `"1Gi"`.
fn byte_size(cx: &mut Cx, v: &Value, what: &str) -> Option<u64> {
    match &v.kind {
        ValueKind::Int(n) => match u64::try_from(*n) {
            Ok(n) => Some(n),
            Err(_) => {
                cx.error(
                    BAD_SIZE,
                    v.span,
                    format!("`{what}` must not be negative, got {n}"),
                    "use a size such as \"10MiB\"",
                );
                None
            }
        },
        ValueKind::Str(s) => match parse_size(&s.value) {
            Some(n) => Some(n),
            None => {
                cx.error(
                    BAD_SIZE,
                    v.span,
                    format!("`{}` is not a size", s.value),
                    "write a number of bytes or a size such as \"10MiB\", \"512KB\" or \"1GiB\"",
                );
                None
            }
        },
        _ => {
            mismatch(
                cx,
                v,
                what,
                "a number of bytes or a size string such as \"10MiB\"",
            );
            None
        }
    }
}

/// `10MiB` → 10485760. Units: B, KB/MB/GB/TB (and k/M/G/T), KiB/MiB/GiB/TiB
/// (and Ki/Mi/Gi/Ti).
pub(crate) fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let unit = unit.trim();
    let multiplier: u64 = match unit {
        "" | "B" => 1,
        "k" | "K" | "KB" | "kB" => 1_000,
        "M" | "MB" => 1_000_000,
        "G" | "GB" => 1_000_000_000,
        "T" | "TB" => 1_000_000_000_000,
        "Ki" | "KiB" => 1 << 10,
        "Mi" | "MiB" => 1 << 20,
        "Gi" | "GiB" => 1 << 30,
        "Ti" | "TiB" => 1 << 40,
        _ => return None,
    };
    if number.is_empty() {
        return None;
    }
    if let Ok(n) = number.parse::<u64>() {
        return n.checked_mul(multiplier);
    }
    let f: f64 = number.parse().ok()?;
    let bytes = f * multiplier as f64;
    (bytes.is_finite() && bytes >= 0.0 && bytes < u64::MAX as f64).then(|| bytes.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_parse_with_binary_and_decimal_units() {
        assert_eq!(parse_size("10MiB"), Some(10 * 1024 * 1024));
        assert_eq!(parse_size("512KB"), Some(512_000));
        assert_eq!(parse_size("1.5Ki"), Some(1536));
        assert_eq!(parse_size("1024"), Some(1024));
        assert_eq!(parse_size("10 MiB"), Some(10 * 1024 * 1024));
        assert_eq!(parse_size("MiB"), None);
        assert_eq!(parse_size("10XB"), None);
    }
}
