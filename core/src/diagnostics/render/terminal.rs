//! Text from user files made safe to show on a terminal.
//!
//! Source text, names and strings quoted in messages, and file names all
//! come from files taskc did not write. Printed raw, an escape sequence in
//! them (`ESC [ 2 J`, an OSC hyperlink, a C1 `CSI`) would be executed by the
//! terminal, and a bidi override (U+202E) would make the line read
//! differently from what the file holds. Every character that could do so
//! is shown as a visible Rust-style escape, `\u{1b}`, so the output shows
//! what the file really contains and cannot drive the terminal.
//!
//! Only human output is escaped: the JSON, SARIF and GitHub renderers keep
//! the text exact (their formats escape control characters themselves).

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` would act on a terminal or reorder the text around it
/// instead of showing as itself. Tab and newline are plain layout and pass.
pub fn is_unsafe_for_terminal(c: char) -> bool {
    match c {
        '\t' | '\n' => false,
        // C0 controls, DEL and C1 controls (U+0080–U+009F, where U+009B
        // is a one-character CSI on some terminals).
        c if c.is_control() => true,
        // Bidi embeddings, overrides and isolates, and the implicit marks
        // (the "Trojan Source" set), plus the Unicode line and paragraph
        // separators, which some terminals treat as line breaks.
        '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{2028}'
        | '\u{2029}' => true,
        _ => false,
    }
}

/// `text` with every [unsafe](is_unsafe_for_terminal) character written as
/// `\u{…}` (lower-case hex, as Rust's `escape_unicode` writes it). Borrowed
/// when there is nothing to escape, which is almost always.
pub fn escape_for_terminal(text: &str) -> Cow<'_, str> {
    if !may_hold_unsafe(text) || !text.chars().any(is_unsafe_for_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_shown(&mut out, c);
    }
    Cow::Owned(out)
}

/// A quick byte scan that rules out most texts: every unsafe character is
/// a byte below 0x20 or 0x7f, or starts with 0xc2 (C1 controls), 0xd8
/// (U+061C) or 0xe2 (the U+2xxx marks). Every message, label and snippet
/// window goes through it, so the common all-safe case must stay cheap.
fn may_hold_unsafe(text: &str) -> bool {
    text.bytes()
        .any(|b| (b < 0x20 && b != b'\t' && b != b'\n') || matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2))
}

fn push_shown(out: &mut String, c: char) {
    if is_unsafe_for_terminal(c) {
        // Writing into a String cannot fail.
        let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
    } else {
        out.push(c);
    }
}

/// A file's text as a snippet shows it: unsafe characters escaped and a
/// lone `\r` (an old Mac line ending) turned into `\n`, so the snippet
/// breaks lines where [`SourceFile`](crate::source::SourceFile) does. The
/// shown text is longer than the original wherever a character was
/// escaped, so byte offsets are translated both ways.
#[derive(Debug, Clone)]
pub(crate) struct ShownText<'a> {
    pub text: Cow<'a, str>,
    /// The length of the original text.
    original_len: usize,
    /// Each escaped character, in text order: its offset in the original
    /// text, its length there and the length of its escape.
    escapes: Vec<Escape>,
}

#[derive(Debug, Clone, Copy)]
struct Escape {
    original: usize,
    original_len: usize,
    shown_len: usize,
}

impl<'a> ShownText<'a> {
    pub fn new(original: &'a str) -> Self {
        let changes = |(i, c): (usize, char)| snippet_char(original, i, c) != SnippetChar::Kept;
        if !may_hold_unsafe(original) || !original.char_indices().any(changes) {
            return ShownText {
                text: Cow::Borrowed(original),
                original_len: original.len(),
                escapes: Vec::new(),
            };
        }
        let mut text = String::with_capacity(original.len() + 8);
        let mut escapes = Vec::new();
        for (i, c) in original.char_indices() {
            match snippet_char(original, i, c) {
                SnippetChar::Kept => text.push(c),
                // Same length, so no offset changes.
                SnippetChar::LineBreak => text.push('\n'),
                SnippetChar::Escaped => {
                    let before = text.len();
                    push_shown(&mut text, c);
                    escapes.push(Escape {
                        original: i,
                        original_len: c.len_utf8(),
                        shown_len: text.len() - before,
                    });
                }
            }
        }
        ShownText {
            text: Cow::Owned(text),
            original_len: original.len(),
            escapes,
        }
    }

    /// The length of the original text.
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// The shown offset of original offset `offset`. An offset inside an
    /// escaped character (never produced for clamped spans) maps to the
    /// start of its escape.
    pub fn to_shown(&self, offset: usize) -> usize {
        let mut shift = 0;
        for escape in &self.escapes {
            if escape.original >= offset {
                break;
            }
            if offset < escape.original + escape.original_len {
                return escape.original + shift;
            }
            shift += escape.shown_len - escape.original_len;
        }
        offset + shift
    }

    /// The original offset of shown offset `offset`; an offset inside an
    /// escape maps to the escaped character.
    pub fn to_original(&self, offset: usize) -> usize {
        let mut shift = 0;
        for escape in &self.escapes {
            let shown_start = escape.original + shift;
            if shown_start >= offset {
                break;
            }
            if offset < shown_start + escape.shown_len {
                return escape.original;
            }
            shift += escape.shown_len - escape.original_len;
        }
        offset - shift
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SnippetChar {
    Kept,
    LineBreak,
    Escaped,
}

/// How a snippet shows character `c` at byte `at` of `text`: the `\r` of a
/// `\r\n` is part of the line break and kept, a lone `\r` is a line break.
fn snippet_char(text: &str, at: usize, c: char) -> SnippetChar {
    if c == '\r' {
        if text.as_bytes().get(at + 1) == Some(&b'\n') {
            SnippetChar::Kept
        } else {
            SnippetChar::LineBreak
        }
    } else if is_unsafe_for_terminal(c) {
        SnippetChar::Escaped
    } else {
        SnippetChar::Kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_become_visible_escapes() {
        assert_eq!(
            escape_for_terminal("a\u{1b}[31mb\u{202e}c\u{9b}d\u{7f}\r"),
            "a\\u{1b}[31mb\\u{202e}c\\u{9b}d\\u{7f}\\u{d}"
        );
        // Layout and ordinary text, including non-Latin scripts, pass.
        assert!(matches!(
            escape_for_terminal("a\tb\nc é ☕ שלום"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn shown_text_keeps_offsets_translatable() {
        let original = "ab\u{1b}c\u{202e}d";
        let shown = ShownText::new(original);
        assert_eq!(shown.text, "ab\\u{1b}c\\u{202e}d");
        // `a`, `b`, the escape, `c`, the second escape, `d`, the end.
        for (from, to) in [(0, 0), (2, 2), (3, 8), (4, 9), (7, 17), (8, 18)] {
            assert_eq!(shown.to_shown(from), to, "to_shown({from})");
            assert_eq!(shown.to_original(to), from, "to_original({to})");
        }
        // Inside an escape: its character.
        assert_eq!(shown.to_original(5), 2);
        assert_eq!(shown.to_original(12), 4);
    }

    #[test]
    fn lone_carriage_returns_become_line_breaks_of_the_same_length() {
        let shown = ShownText::new("a\rb\r\nc");
        assert_eq!(shown.text, "a\nb\r\nc");
        assert_eq!(shown.to_shown(5), 5);
        assert!(matches!(ShownText::new("a\r\nb").text, Cow::Borrowed(_)));
    }
}
