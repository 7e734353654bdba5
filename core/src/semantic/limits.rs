//! Length limits Flyte enforces and the SDK's truncation (WIRE.md §1, §5.5).

use crate::diagnostics::{Code, Diagnostic};
use crate::source::FileSpan;

/// E0321 (warning): text cut to a Flyte length limit.
pub(crate) const TRUNCATED: Code = Code::E0320;
/// E0109: a name longer than Flyte accepts.
pub(crate) const NAME_TOO_LONG: Code = Code::E0109;

pub(crate) const ENV_NAME_LIMIT: usize = 63;
pub(crate) const SHORT_NAME_LIMIT: usize = 63;
pub(crate) const TASK_NAME_LIMIT: usize = 255;
pub(crate) const DESCRIPTION_LIMIT: usize = 255;
pub(crate) const SHORT_DOC_LIMIT: usize = 255;
pub(crate) const LONG_DOC_LIMIT: usize = 2048;

const MARK: &str = "...(tr.)";

/// The SDK's `parse_description`: over `max` characters, keep
/// `max - 8` and add `"...(tr.)"`.
pub(crate) fn truncate_description(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let keep = max.saturating_sub(MARK.len());
    let mut out: String = text.chars().take(keep).collect();
    if max >= MARK.len() {
        out.push_str(MARK);
    }
    out
}

/// A hard cut to `max` characters (short names, env names).
pub(crate) fn hard_cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// `text` for a message: at most `max` characters, then `…`.
pub(crate) fn abbreviate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max).collect();
    out.push('…');
    out
}

/// Warn when `text` is longer than `max`; `marked` says whether the SDK
/// appends `...(tr.)`.
pub(crate) fn warn_truncated(
    diags: &mut Vec<Diagnostic>,
    at: FileSpan,
    what: &str,
    text: &str,
    max: usize,
    marked: bool,
) {
    let len = text.chars().count();
    if len <= max {
        return;
    }
    let how = if marked {
        format!("cut to {max} characters ending in \"...(tr.)\"")
    } else {
        format!("cut to its first {max} characters")
    };
    diags.push(
        Diagnostic::warning(
            TRUNCATED,
            at,
            format!("{what} is {len} characters long; Flyte takes at most {max}, so it is {how}"),
        )
        .with_help(format!("shorten it to {max} characters or fewer")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_cut_like_the_sdk() {
        let long = "a".repeat(300);
        let cut = truncate_description(&long, 255);
        assert_eq!(cut.chars().count(), 255);
        assert!(cut.ends_with("...(tr.)"));
        assert_eq!(&cut[..247], "a".repeat(247));
        assert_eq!(truncate_description("short", 255), "short");
        assert_eq!(
            truncate_description(&"d".repeat(3000), 2048)
                .chars()
                .count(),
            2048
        );
    }
}
