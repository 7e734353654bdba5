//! The one place where protocol positions meet byte offsets.
//!
//! taskc-core speaks byte offsets into UTF-8 text; the Language Server
//! Protocol speaks 0-based lines and UTF-16 code units (the encoding every
//! client supports). Every conversion in the server goes through here, and
//! every conversion accepts any input: a line past the end, a column past
//! the end of its line or between the two halves of a surrogate pair is
//! clamped to the nearest real place instead of failing.

use taskc_core::source::{SourceFile, Span};
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

/// The protocol position of byte `offset` (clamped to the text and moved
/// back to a character boundary).
pub fn position_at(file: &SourceFile, offset: usize) -> Position {
    let text = &*file.text;
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = file.line_index(offset);
    let start = file.line_start(line).unwrap_or(0).min(offset);
    let character = text
        .get(start..offset)
        .map_or(0, |prefix| prefix.encode_utf16().count());
    Position::new(to_u32(line), to_u32(character))
}

/// The byte offset of a protocol position. A line past the end maps to the
/// end of the text; a column past the end of its line maps to the end of
/// that line (before its line break); a column inside a character maps to
/// the start of that character.
pub fn offset_at(file: &SourceFile, position: Position) -> usize {
    let text = &*file.text;
    let Some(start) = file.line_start(position.line as usize) else {
        return text.len();
    };
    let rest = text.get(start..).unwrap_or_default();
    let line = rest.split_inclusive('\n').next().unwrap_or_default();
    let content = line
        .strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(line);
    let wanted = position.character as usize;
    let mut units = 0;
    for (index, ch) in content.char_indices() {
        let next = units + ch.len_utf16();
        if next > wanted {
            return start + index;
        }
        units = next;
    }
    start + content.len()
}

/// The protocol range of a byte span.
pub fn range_of(file: &SourceFile, span: Span) -> Range {
    Range::new(position_at(file, span.start), position_at(file, span.end))
}

/// The byte span of a protocol range (its ends put in order).
pub fn span_of(file: &SourceFile, range: Range) -> Span {
    let start = offset_at(file, range.start);
    let end = offset_at(file, range.end);
    Span::new(start.min(end), start.max(end))
}

/// Apply one `didChange` content change: a ranged one replaces that range,
/// one without a range replaces the whole text.
pub fn apply_change(file: SourceFile, change: TextDocumentContentChangeEvent) -> SourceFile {
    let Some(range) = change.range else {
        return SourceFile::new(file.path, change.text);
    };
    let span = span_of(&file, range);
    let SourceFile { path, text, .. } = file;
    let (Some(before), Some(after)) = (text.get(..span.start), text.get(span.end..)) else {
        // `span_of` gives character boundaries; keep the text if not.
        return SourceFile::new(path, text);
    };
    SourceFile::new(path, [before, &change.text, after].concat())
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("a.task", text)
    }

    #[test]
    fn columns_count_utf16_code_units() {
        // "é" is 2 bytes and 1 unit; "𝄞" is 4 bytes and 2 units.
        let f = file("aé𝄞b\nx");
        assert_eq!(position_at(&f, 0), Position::new(0, 0));
        assert_eq!(position_at(&f, 1), Position::new(0, 1));
        assert_eq!(position_at(&f, 3), Position::new(0, 2));
        assert_eq!(position_at(&f, 7), Position::new(0, 4));
        assert_eq!(position_at(&f, 9), Position::new(1, 0));
        assert_eq!(offset_at(&f, Position::new(0, 2)), 3);
        assert_eq!(offset_at(&f, Position::new(0, 4)), 7);
        assert_eq!(offset_at(&f, Position::new(1, 1)), 10);
    }

    #[test]
    fn offsets_inside_characters_move_back_to_their_start() {
        let f = file("a𝄞b");
        // Byte 2 is inside the 4-byte character; unit 2 is between its halves.
        assert_eq!(position_at(&f, 2), Position::new(0, 1));
        assert_eq!(offset_at(&f, Position::new(0, 2)), 1);
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let f = file("ab\r\ncd");
        assert_eq!(offset_at(&f, Position::new(0, 99)), 2);
        assert_eq!(offset_at(&f, Position::new(1, 99)), 6);
        assert_eq!(offset_at(&f, Position::new(7, 0)), 6);
        assert_eq!(position_at(&f, 1000), Position::new(1, 2));
    }

    #[test]
    fn every_offset_round_trips_through_a_position() {
        let text = "env é {\r\n  x = \"𝄞\"\n}\n";
        let f = file(text);
        for (offset, _) in text.char_indices() {
            // Between `\r` and `\n` is no place in the protocol's terms.
            if text[..offset].ends_with('\r') {
                continue;
            }
            assert_eq!(offset_at(&f, position_at(&f, offset)), offset, "{offset}");
        }
    }

    #[test]
    fn ranged_changes_splice_and_full_changes_replace() {
        let f = file("env a {}\nenv b {}\n");
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(1, 4), Position::new(1, 5))),
            range_length: None,
            text: "é𝄞".to_string(),
        };
        let f = apply_change(f, change);
        assert_eq!(&*f.text, "env a {}\nenv é𝄞 {}\n");
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(1, 4), Position::new(1, 7))),
            range_length: None,
            text: "c".to_string(),
        };
        let f = apply_change(f, change);
        assert_eq!(&*f.text, "env a {}\nenv c {}\n");
        let full = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "x".to_string(),
        };
        assert_eq!(&*apply_change(f, full).text, "x");
    }
}
