//! Lowering of the attributes whose value is a plain scalar or list: a
//! non-empty string, a list of env names, a byte size.

use super::attr_values::Spanned;
use super::cx::Cx;
use super::value_readers::{self, WRONG_VALUE, mismatch};
use crate::diagnostics::Code;
use crate::syntax::ast::{Value, ValueKind};

pub(crate) const BAD_SIZE: Code = Code::E0319;

pub(crate) fn non_empty_string(cx: &mut Cx, v: &Value, what: &str) -> Option<String> {
    let s = value_readers::string(cx, v, what)?;
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
pub(crate) fn env_names(cx: &mut Cx, v: &Value) -> Option<Vec<Spanned<String>>> {
    let items = value_readers::list(cx, v, "depends_on")?;
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
pub(crate) fn byte_size(cx: &mut Cx, v: &Value, what: &str) -> Option<u64> {
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
