//! Where a cursor is, read from the text before it.
//!
//! Completion runs while the user is typing, when the file rarely parses.
//! So instead of the AST this module scans the text up to the cursor with
//! a small tokenizer that knows strings and comments, keeps a stack of the
//! blocks still open (with the words that opened each one), and the tokens
//! of the entry being written. That is enough to tell "an attribute of
//! `resources`" from "a type after `:`" from "an env name after `extends`"
//! in any half-written file.

use super::catalog::BlockKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    Word(String),
    /// A string literal (contents not kept).
    Str,
    Punct(char),
    /// `+=`.
    Append,
}

impl Tok {
    pub(crate) fn word(&self) -> Option<&str> {
        match self {
            Tok::Word(w) => Some(w),
            _ => None,
        }
    }
}

/// An open `{` or `[` and the tokens of the entry that opened it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Frame {
    pub opener: char,
    pub header: Vec<Tok>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct CursorContext {
    /// The word being typed (possibly empty), and where it starts.
    pub prefix: String,
    pub prefix_start: usize,
    /// Open blocks, outermost first.
    pub frames: Vec<Frame>,
    /// Tokens of the current entry before the word being typed.
    pub entry: Vec<Tok>,
    /// The cursor is inside a string or a comment.
    pub in_literal: bool,
    /// The cursor is inside a string (then `entry` is the entry the
    /// string belongs to).
    pub in_string: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Read the context of `offset` in `text` (clamped to the text and moved
/// back to a character boundary).
pub(crate) fn context_at(text: &str, offset: usize) -> CursorContext {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    // The word under the cursor ends the scan; it is not a token yet.
    let prefix_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map_or(end, |(i, _)| i);
    let mut cx = CursorContext {
        prefix: before[prefix_start..].to_string(),
        prefix_start,
        ..CursorContext::default()
    };
    let scanned = &before[..prefix_start];
    let bytes = scanned.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &scanned[i..];
        let c = bytes[i];
        if rest.starts_with("//") {
            match rest.find('\n') {
                Some(n) => i += n,
                None => {
                    cx.in_literal = true;
                    return cx;
                }
            }
        } else if rest.starts_with("/*") {
            // Block comments nest.
            let mut depth = 0usize;
            let mut j = 0;
            let rb = rest.as_bytes();
            // Bytes, not `str` slices: `j` may step into a multi-byte
            // character inside the comment.
            while j < rb.len() {
                if rb[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if rb[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            if depth > 0 {
                cx.in_literal = true;
                return cx;
            }
            i += j;
        } else if let Some(after) = rest.strip_prefix("\"\"\"") {
            match after.find("\"\"\"") {
                Some(n) => {
                    i += 3 + n + 3;
                    cx.entry.push(Tok::Str);
                }
                None => {
                    cx.in_literal = true;
                    cx.in_string = true;
                    return cx;
                }
            }
        } else if c == b'"' {
            let mut j = 1;
            let rb = rest.as_bytes();
            let mut closed = false;
            while j < rb.len() {
                match rb[j] {
                    b'\\' => j += 2,
                    b'"' => {
                        closed = true;
                        j += 1;
                        break;
                    }
                    b'\n' => break,
                    _ => j += 1,
                }
            }
            if !closed && j >= rb.len() {
                cx.in_literal = true;
                cx.in_string = true;
                return cx;
            }
            i += j.min(rb.len());
            cx.entry.push(Tok::Str);
        } else if c == b'\n' || c == b',' {
            cx.entry.clear();
            i += 1;
        } else if c == b'{' || c == b'[' {
            cx.frames.push(Frame {
                opener: c as char,
                header: std::mem::take(&mut cx.entry),
            });
            i += 1;
        } else if c == b'}' || c == b']' {
            // The closed block becomes one token of the entry that opened
            // it, so `x: list[Mode] = ` still reads as a field default.
            cx.entry = cx.frames.pop().map(|f| f.header).unwrap_or_default();
            cx.entry.push(Tok::Punct(c as char));
            i += 1;
        } else if rest.starts_with("+=") {
            cx.entry.push(Tok::Append);
            i += 2;
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else if is_word_char(c as char) {
            let len = rest
                .find(|ch: char| !is_word_char(ch))
                .unwrap_or(rest.len());
            cx.entry.push(Tok::Word(rest[..len].to_string()));
            i += len;
        } else {
            let ch = rest.chars().next().unwrap_or(' ');
            if ch.is_ascii_punctuation() {
                cx.entry.push(Tok::Punct(ch));
            }
            i += ch.len_utf8();
        }
    }
    cx
}

/// What the open blocks are, outermost first, with the name of the
/// enclosing template (for trigger inputs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlockPath {
    pub kinds: Vec<BlockKind>,
    /// The declaration the cursor is in: (keyword, name).
    pub decl: Option<(String, String)>,
    /// For a `[` in a type position, and blocks inside it: the cursor is in
    /// a type expression.
    pub in_type: bool,
    /// The key of the innermost block's opening entry (`resources`).
    pub keys: Vec<Option<String>>,
    /// The declaration is an env with `extends`.
    pub child_env: bool,
}

impl BlockPath {
    pub(crate) fn current(&self) -> BlockKind {
        self.kinds.last().cloned().unwrap_or(BlockKind::TopLevel)
    }
}

/// Classify every open frame.
pub(crate) fn block_path(frames: &[Frame]) -> BlockPath {
    let mut path = BlockPath {
        kinds: Vec::new(),
        decl: None,
        in_type: false,
        keys: Vec::new(),
        child_env: false,
    };
    for (depth, frame) in frames.iter().enumerate() {
        let words: Vec<&str> = frame.header.iter().filter_map(Tok::word).collect();
        let has_colon = frame.header.contains(&Tok::Punct(':'));
        let first = words.first().copied().unwrap_or("");
        let (kind, key) = if depth == 0 {
            let kind = match first {
                "env" => BlockKind::Env,
                "template" => BlockKind::Template,
                "override" => BlockKind::Override,
                "type" if words.contains(&"enum") => BlockKind::Enum,
                "type" => BlockKind::Record,
                _ => BlockKind::Unknown,
            };
            path.child_env = first == "env" && words.contains(&"extends");
            if let Some(name) = words.get(1) {
                path.decl = Some((first.to_string(), name.to_string()));
            }
            (kind, None)
        } else {
            let parent = path.kinds.last().cloned().unwrap_or(BlockKind::Unknown);
            if path.in_type
                || first == "returns"
                || (has_colon
                    && matches!(
                        parent,
                        BlockKind::Inputs | BlockKind::Outputs | BlockKind::Record
                    ))
            {
                // `list[`, `dict[`, `dataframe[{ … }]` inside a field's type,
                // or a record literal as a default: types, not attributes.
                let type_position = frame.header.last() != Some(&Tok::Punct('='));
                path.in_type = type_position;
                (
                    if type_position {
                        BlockKind::Record
                    } else {
                        BlockKind::Unknown
                    },
                    None,
                )
            } else if words.is_empty() {
                // `[ {` — an element of the enclosing list.
                match parent {
                    BlockKind::List(of) => ((*of).clone(), None),
                    _ => (BlockKind::Unknown, None),
                }
            } else if words.len() >= 2 && !frame.header.contains(&Tok::Punct('=')) && !has_colon {
                (
                    parent.labeled_child(words[0], words[1]),
                    Some(words[0].to_string()),
                )
            } else {
                (parent.child(first), Some(first.to_string()))
            }
        };
        path.kinds.push(kind);
        path.keys.push(key);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_byte_characters_inside_comments_and_strings() {
        assert!(context_at("/*- →: ", 9).in_literal);
        assert!(!context_at("/* → */ env", 11).in_literal);
        let cx = context_at("x = \"\\é\"\nenv a {\n  ", 21);
        assert_eq!(cx.frames.len(), 1);
    }

    #[test]
    fn closed_blocks_become_one_token_of_their_entry() {
        let cx = context_at("type T = record {\n  x: list[int] = ", 35);
        assert_eq!(
            cx.entry,
            [
                Tok::Word("x".into()),
                Tok::Punct(':'),
                Tok::Word("list".into()),
                Tok::Punct(']'),
                Tok::Punct('='),
            ]
        );
    }
}
