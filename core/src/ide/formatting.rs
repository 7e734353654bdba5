//! Formatting as edits: the formatter's canonical text (`crate::fmt`),
//! turned into one edit that replaces only the part that changed, so the
//! editor keeps the cursor and undo history of the untouched text.

use super::{Analysis, TextEdit};
use crate::source::{FileId, Span};

pub(crate) fn format(analysis: &Analysis, file: FileId) -> Option<Vec<TextEdit>> {
    if analysis.config.source == Some(file) {
        // `taskc.toml` is not a `.task` file.
        return None;
    }
    let text = &analysis.db.get(file)?.text;
    let formatted = crate::fmt::format_file(file, text).ok()?;
    Some(minimal_edit(file, text, &formatted).into_iter().collect())
}

/// One edit turning `old` into `new`: the differing middle, after the
/// longest common prefix and suffix (cut at character boundaries).
fn minimal_edit(file: FileId, old: &str, new: &str) -> Option<TextEdit> {
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Some(TextEdit {
        file,
        span: Span::new(prefix, old.len() - suffix),
        new_text: new[prefix..new.len() - suffix].to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(old: &str, new: &str) -> String {
        let mut text = old.to_string();
        if let Some(e) = minimal_edit(FileId(0), old, new) {
            text.replace_range(e.span.start..e.span.end, &e.new_text);
        }
        text
    }

    #[test]
    fn the_edit_reproduces_the_new_text() {
        for (old, new) in [
            ("env a {}\n", "env a {}\n"),
            ("env a {  }\n", "env a {}\n"),
            ("aaa", "aa"),
            ("aa", "aaa"),
            ("é→x", "é→→x"),
            ("→", "é"),
            ("", "x"),
        ] {
            assert_eq!(apply(old, new), new);
        }
        assert_eq!(
            minimal_edit(FileId(0), "env a {  }\n", "env a {}\n").map(|e| e.span),
            Some(Span::new(7, 9))
        );
    }
}
