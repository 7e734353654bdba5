//! Where each byte of a string literal's value is written, so a later stage
//! that finds something inside the value (a SQL placeholder, a container
//! input) can point at it in the file. Follows the decoding of
//! `literal_text::unescape` and `literal_text::triple_string` exactly.

use super::literal_text::{escape, is_blank, triple_layout};

/// For a string literal as written (`"…"` or `"""…"""`, quotes included),
/// the offset in that text of every byte of its value, in order; `None`
/// when `written` is not a string literal.
pub fn value_offsets(written: &str) -> Option<Vec<usize>> {
    let mut out = Vec::with_capacity(written.len());
    if let Some(inner) = triple_inner(written) {
        let (lines, indent) = triple_layout(inner, 3);
        for (i, (line_offset, line)) in lines.iter().enumerate() {
            if i > 0 {
                // The newline that ends the line before this one.
                out.push(line_offset - 1);
            }
            if is_blank(line) {
                continue;
            }
            let body = line.get(indent..).unwrap_or("");
            unescape_offsets(body, line_offset + indent, &mut out);
        }
    } else {
        let inner = written.strip_prefix('"')?.strip_suffix('"')?;
        unescape_offsets(inner, 1, &mut out);
    }
    Some(out)
}

fn triple_inner(written: &str) -> Option<&str> {
    let inner = written.strip_prefix("\"\"\"")?.strip_suffix("\"\"\"")?;
    Some(inner)
}

/// The offsets `literal_text::unescape` gives the bytes it produces from `raw`
/// (which starts at `start`): an escape's bytes all sit at its backslash.
fn unescape_offsets(raw: &str, start: usize, out: &mut Vec<usize>) {
    let mut i = 0;
    while let Some(c) = raw[i..].chars().next() {
        if c == '\\' {
            let (consumed, produced) = escape(&raw[i + 1..], 0, &mut Vec::new());
            let bytes = produced.map_or(1 + consumed, char::len_utf8);
            out.extend(std::iter::repeat_n(start + i, bytes));
            i += 1 + consumed;
        } else {
            out.extend((0..c.len_utf8()).map(|k| start + i + k));
            i += c.len_utf8();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::value_offsets;

    /// The written text at each value byte, which must spell the value.
    fn spelled(written: &str) -> String {
        let offsets = value_offsets(written).unwrap_or_default();
        offsets
            .iter()
            .map(|&o| written[o..].chars().next().unwrap_or('?'))
            .collect()
    }

    #[test]
    fn plain_strings_map_through_escapes() {
        assert_eq!(value_offsets("\"ab\""), Some(vec![1, 2]));
        assert_eq!(value_offsets("\"a\\\"b\""), Some(vec![1, 2, 4]));
        assert_eq!(spelled("\"x @id y\""), "x @id y");
        assert_eq!(value_offsets("nope"), None);
    }

    #[test]
    fn triple_strings_map_through_indentation() {
        let written = "\"\"\"\n    SELECT @a\n      FROM t\n  \"\"\"";
        let offsets = value_offsets(written).unwrap_or_default();
        assert_eq!(offsets.len(), "SELECT @a\n  FROM t".len());
        assert_eq!(&written[offsets[7]..offsets[8] + 1], "@a");
        assert_eq!(spelled(written), "SELECT @a\n  FROM t");
    }
}
