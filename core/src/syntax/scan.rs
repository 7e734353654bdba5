//! The pre-scan: one linear pass over a file, before pest, that
//!
//! - records every comment (for the formatter and for doc comments) and
//!   blanks it out so the grammar never has to skip comments;
//! - finds unterminated strings and comments, and nesting deeper than
//!   [`MAX_NESTING`] (pest is recursive; a 100,000-deep `[[[[` must be a
//!   diagnostic, not a stack overflow);
//! - splits the file into one chunk per declaration, so that a broken
//!   declaration cannot hide the others.
//!
//! A chunk starts at a declaration keyword (`env`, `template`, `override`,
//! `type`) found outside any declaration, and ends at the `}` that brings the
//! bracket depth back to zero. A keyword at the start of a line followed by a
//! name (`template train …`) also starts a new chunk even while braces are
//! open, so a missing `}` does not swallow the rest of the file. Anything
//! else outside a declaration is reported once per run of stray text.
//!
//! The scanner knows the lexical rules of strings exactly as the grammar
//! does: `"""` opens a triple-quoted string, a plain string ends at its
//! closing quote or (unterminated) at the end of the line, and a backslash
//! always takes the next character with it.

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::suggest::did_you_mean;
use crate::source::{FileId, FileSpan, Span};
use crate::syntax::ast::{Comment, CommentKind};

/// The deepest bracket nesting (`{`, `[`, `(` together) the parser accepts.
///
/// Real declarations nest a handful of levels (a `pod_spec` perhaps a dozen).
/// At this limit the recursive parser needs under 256 KiB of stack in an
/// optimized build and under 1 MiB unoptimized, well inside the 2 MiB of a
/// spawned thread (tested in `syntax_errors::nesting_at_the_limit_parses`).
pub const MAX_NESTING: usize = 128;

const DECLARATION_KEYWORDS: [&[u8]; 4] = [b"env", b"template", b"override", b"type"];

/// One declaration's text range.
#[derive(Debug, Clone)]
pub(super) struct Chunk {
    pub span: Span,
    /// A lexical error inside was already reported; do not hand it to pest.
    pub broken: bool,
    /// The innermost `{`/`[`/`(` still open where the chunk ended.
    pub unclosed: Option<usize>,
}

#[derive(Debug)]
pub(super) struct Scan {
    pub comments: Vec<Comment>,
    pub chunks: Vec<Chunk>,
    pub diagnostics: Vec<Diagnostic>,
    /// The text with every comment replaced by spaces (newlines kept): same
    /// length, same offsets, still valid UTF-8.
    pub blanked: String,
}

pub(super) fn scan(file: FileId, text: &str) -> Scan {
    let mut scanner = Scanner {
        file,
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        open: Vec::new(),
        chunk: None,
        stray: false,
        comments: Vec::new(),
        chunks: Vec::new(),
        diagnostics: Vec::new(),
    };
    scanner.run();
    let blanked = blank_comments(text, &scanner.comments);
    Scan {
        comments: scanner.comments,
        chunks: scanner.chunks,
        diagnostics: scanner.diagnostics,
        blanked,
    }
}

fn blank_comments(text: &str, comments: &[Comment]) -> String {
    if comments.is_empty() {
        return text.to_owned();
    }
    let mut bytes = text.as_bytes().to_vec();
    for comment in comments {
        if let Some(range) = bytes.get_mut(comment.span.start..comment.span.end) {
            for b in range.iter_mut().filter(|b| **b != b'\n' && **b != b'\r') {
                *b = b' ';
            }
        }
    }
    // Whole comments (which start and end on character boundaries) were
    // replaced, so the bytes are still UTF-8; fall back to the text anyway.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
}

struct OpenChunk {
    start: usize,
    /// The body's `{` was seen (so the `}` back to depth 0 ends the chunk).
    opened: bool,
    last_token_end: usize,
    broken: bool,
    too_deep_reported: bool,
}

struct Scanner<'a> {
    file: FileId,
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    /// Offsets of open brackets (only the first [`MAX_NESTING`] are kept).
    open: Vec<usize>,
    chunk: Option<OpenChunk>,
    /// Inside a run of stray text already reported.
    stray: bool,
    comments: Vec<Comment>,
    chunks: Vec<Chunk>,
    diagnostics: Vec<Diagnostic>,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'a> Scanner<'a> {
    fn at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(offset).copied()
    }

    fn starts_with(&self, offset: usize, pattern: &[u8]) -> bool {
        self.bytes
            .get(offset..)
            .is_some_and(|rest| rest.starts_with(pattern))
    }

    fn error(&mut self, code: Code, span: Span, message: String, help: &str) {
        self.diagnostics
            .push(Diagnostic::error(code, FileSpan::new(self.file, span), message).with_help(help));
    }

    fn run(&mut self) {
        // A UTF-8 byte order mark (some Windows editors write one) is not text.
        if self.text.starts_with('\u{feff}') {
            self.pos = '\u{feff}'.len_utf8();
        }
        while let Some(b) = self.at(self.pos) {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => self.pos += 1,
                b'/' if self.at(self.pos + 1) == Some(b'/') => self.line_comment(),
                b'/' if self.at(self.pos + 1) == Some(b'*') => self.block_comment(),
                b'"' => self.string(),
                b if is_ident_start(b) => self.word(),
                b'0'..=b'9' => {
                    let start = self.pos;
                    while self.at(self.pos).is_some_and(is_ident_continue) {
                        self.pos += 1;
                    }
                    self.token(Span::new(start, self.pos));
                }
                b'{' | b'[' | b'(' => self.open_bracket(b),
                b'}' | b']' | b')' => self.close_bracket(b),
                _ => {
                    let start = self.pos;
                    let len = self.text[start..].chars().next().map_or(1, char::len_utf8);
                    self.pos += len;
                    self.token(Span::new(start, self.pos));
                }
            }
        }
        self.finish_chunk();
    }

    /// A significant token that is not a declaration keyword.
    fn token(&mut self, span: Span) {
        match &mut self.chunk {
            Some(chunk) => chunk.last_token_end = span.end,
            None => self.stray_token(span),
        }
    }

    fn stray_token(&mut self, span: Span) {
        if self.stray {
            return;
        }
        self.stray = true;
        let found = &self.text[span.start..span.end];
        // A long stray token (a string, a sentence) is never a keyword typo.
        let suggestion = if found.len() <= 16 {
            did_you_mean(
                found,
                DECLARATION_KEYWORDS
                    .iter()
                    .filter_map(|k| std::str::from_utf8(k).ok()),
            )
        } else {
            None
        };
        // A stray string can be long: show its start only.
        let found: String = if found.chars().count() > 24 {
            found.chars().take(20).chain("…".chars()).collect()
        } else {
            found.to_owned()
        };
        let help = match suggestion {
            Some(keyword) => format!("did you mean `{keyword}`?"),
            None => "a file holds only declarations: `env`, `template`, `override` and `type`"
                .to_owned(),
        };
        let message = format!("expected a declaration, found `{found}`");
        self.diagnostics.push(
            Diagnostic::error(Code::E0001, FileSpan::new(self.file, span), message).with_help(help),
        );
    }

    fn line_comment(&mut self) {
        let start = self.pos;
        // A line ends at `\n`, `\r\n` or a lone `\r` (old Mac files), as
        // the line index of `source` counts them.
        let end = self.text[start..]
            .find(['\n', '\r'])
            .map_or(self.text.len(), |i| start + i);
        let kind = if self.starts_with(start, b"///") && !self.starts_with(start, b"////") {
            CommentKind::Doc
        } else {
            CommentKind::Line
        };
        self.push_comment(kind, Span::new(start, end));
        self.pos = end;
    }

    fn block_comment(&mut self) {
        let start = self.pos;
        let mut nesting = 0usize;
        let mut i = start;
        while i < self.bytes.len() {
            if self.starts_with(i, b"/*") {
                nesting += 1;
                i += 2;
            } else if self.starts_with(i, b"*/") {
                nesting -= 1;
                i += 2;
                if nesting == 0 {
                    self.push_comment(CommentKind::Block, Span::new(start, i));
                    self.pos = i;
                    return;
                }
            } else {
                i += 1;
            }
        }
        self.error(
            Code::E0003,
            Span::new(start, start + 2),
            "unterminated block comment".into(),
            "close it with `*/` (block comments nest: every `/*` needs its own `*/`)",
        );
        let resume = self.recovery_point(start);
        self.push_comment(CommentKind::Block, Span::new(start, resume));
        self.break_chunk();
        self.pos = resume;
    }

    fn push_comment(&mut self, kind: CommentKind, span: Span) {
        self.comments.push(Comment {
            kind,
            text: self.text[span.start..span.end].to_owned(),
            span,
        });
    }

    fn string(&mut self) {
        let start = self.pos;
        if self.starts_with(start, b"\"\"\"") {
            let mut i = start + 3;
            while i < self.bytes.len() {
                match self.bytes[i] {
                    b'\\' => i += 2,
                    b'"' if self.starts_with(i, b"\"\"\"") => {
                        self.pos = i + 3;
                        self.token(Span::new(start, self.pos));
                        return;
                    }
                    _ => i += 1,
                }
            }
            self.error(
                Code::E0002,
                Span::new(start, start + 3),
                "unterminated triple-quoted string".into(),
                "close it with `\"\"\"`",
            );
            let resume = self.recovery_point(start);
            self.token(Span::new(start, resume));
            self.break_chunk();
            self.pos = resume;
            return;
        }
        let mut i = start + 1;
        while let Some(b) = self.at(i) {
            match b {
                b'"' => {
                    self.pos = i + 1;
                    self.token(Span::new(start, self.pos));
                    return;
                }
                b'\n' => break,
                b'\\' if self.at(i + 1) != Some(b'\n') => i += 2,
                _ => i += 1,
            }
        }
        let mut end = i.min(self.bytes.len());
        if end > start && self.at(end - 1) == Some(b'\r') {
            end -= 1;
        }
        // Step back onto a character boundary (a backslash may have skipped
        // into the middle of a multi-byte character at the very end).
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        self.error(
            Code::E0002,
            Span::new(start, end),
            "unterminated string".into(),
            "close the string with `\"` on the same line; use `\"\"\"…\"\"\"` for text that spans lines",
        );
        self.token(Span::new(start, end));
        self.break_chunk();
        self.pos = end;
    }

    /// After an unterminated string or comment: the start of the next line
    /// (after `from`) that begins with a declaration, or the end of the file.
    fn recovery_point(&self, from: usize) -> usize {
        let mut line = from;
        while let Some(newline) = self.text[line..].find('\n') {
            line += newline + 1;
            if self.declaration_at_line_start(line) {
                return line;
            }
        }
        self.text.len()
    }

    /// `env x`, `template x`, … at `offset`, a line start.
    fn declaration_at_line_start(&self, offset: usize) -> bool {
        DECLARATION_KEYWORDS.iter().any(|keyword| {
            self.starts_with(offset, keyword) && self.followed_by_name(offset + keyword.len())
        })
    }

    /// Spaces or tabs, then the first character of a name.
    fn followed_by_name(&self, mut offset: usize) -> bool {
        if !matches!(self.at(offset), Some(b' ' | b'\t')) {
            return false;
        }
        while matches!(self.at(offset), Some(b' ' | b'\t')) {
            offset += 1;
        }
        self.at(offset).is_some_and(is_ident_start)
    }

    fn word(&mut self) {
        let start = self.pos;
        let mut end = start;
        while self.at(end).is_some_and(is_ident_continue) {
            end += 1;
        }
        while self.at(end) == Some(b'-') && self.at(end + 1).is_some_and(is_ident_continue) {
            end += 1;
            while self.at(end).is_some_and(is_ident_continue) {
                end += 1;
            }
        }
        self.pos = end;
        let span = Span::new(start, end);
        let word = &self.bytes[start..end];
        if !DECLARATION_KEYWORDS.contains(&word) {
            self.token(span);
            return;
        }
        let line_start = start == 0 || self.at(start - 1) == Some(b'\n');
        let starts_declaration = match &self.chunk {
            None => true,
            // `env a extends type {`: a keyword used as a name stays inside.
            Some(_) => line_start && self.followed_by_name(end),
        };
        if starts_declaration {
            self.finish_chunk();
            self.depth = 0;
            self.open.clear();
            self.stray = false;
            self.chunk = Some(OpenChunk {
                start,
                opened: false,
                last_token_end: end,
                broken: false,
                too_deep_reported: false,
            });
        } else {
            self.token(span);
        }
    }

    fn open_bracket(&mut self, b: u8) {
        let start = self.pos;
        self.pos += 1;
        self.token(Span::new(start, start + 1));
        self.depth += 1;
        if self.open.len() < MAX_NESTING {
            self.open.push(start);
        }
        if let Some(chunk) = &mut self.chunk {
            if b == b'{' {
                chunk.opened = true;
            }
        }
        if self.depth > MAX_NESTING {
            let report = match &mut self.chunk {
                Some(chunk) if !chunk.too_deep_reported => {
                    chunk.too_deep_reported = true;
                    chunk.broken = true;
                    true
                }
                _ => false,
            };
            if report {
                self.error(
                    Code::E0007,
                    Span::new(start, start + 1),
                    format!("nesting is too deep (more than {MAX_NESTING} levels of brackets)"),
                    "flatten the value; no task declaration needs this much nesting",
                );
            }
        }
    }

    fn close_bracket(&mut self, b: u8) {
        let start = self.pos;
        self.pos += 1;
        if self.depth == 0 {
            // An unmatched closer: inside a chunk pest reports it in words.
            self.token(Span::new(start, start + 1));
            return;
        }
        self.depth -= 1;
        if self.open.len() > self.depth {
            self.open.truncate(self.depth);
        }
        self.token(Span::new(start, start + 1));
        if self.depth == 0 && b == b'}' && self.chunk.as_ref().is_some_and(|c| c.opened) {
            self.finish_chunk();
        } else if self.depth == 0 && self.chunk.is_none() {
            // The end of a bracketed stray run: what follows may be fine.
            self.stray = false;
        }
    }

    fn break_chunk(&mut self) {
        if let Some(chunk) = &mut self.chunk {
            chunk.broken = true;
        }
    }

    fn finish_chunk(&mut self) {
        if let Some(chunk) = self.chunk.take() {
            self.chunks.push(Chunk {
                span: Span::new(chunk.start, chunk.last_token_end),
                broken: chunk.broken,
                unclosed: if self.depth > 0 {
                    self.open.last().copied()
                } else {
                    None
                },
            });
        }
        self.depth = 0;
        self.open.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk_texts(text: &str) -> Vec<&str> {
        scan(FileId(0), text)
            .chunks
            .iter()
            .map(|c| &text[c.span.start..c.span.end])
            .collect()
    }

    #[test]
    fn splits_declarations_and_skips_comments_and_strings() {
        let text = "// head\nenv a { x = \"}\" /* } */ }\n/// doc\ntype T = enum { A }";
        assert_eq!(
            chunk_texts(text),
            ["env a { x = \"}\" /* } */ }", "type T = enum { A }"]
        );
        let scan = scan(FileId(0), text);
        let kinds: Vec<_> = scan.comments.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [CommentKind::Line, CommentKind::Block, CommentKind::Doc]
        );
        assert_eq!(scan.blanked.len(), text.len());
        assert!(!scan.blanked.contains("/*") && !scan.blanked.contains("//"));
    }

    #[test]
    fn a_line_start_declaration_ends_an_unclosed_one() {
        let text = "env a {\n  x = 1\n\ntemplate t in a { }\n";
        assert_eq!(
            chunk_texts(text),
            ["env a {\n  x = 1", "template t in a { }"]
        );
        let scan = scan(FileId(0), text);
        assert_eq!(scan.chunks[0].unclosed, Some(6));
    }

    #[test]
    fn keywords_inside_bodies_are_words() {
        let text = "env a {\ntype: str\n  cache { behavior = override }\n}";
        assert_eq!(chunk_texts(text), [text]);
    }

    #[test]
    fn quadruple_slash_is_an_ordinary_comment() {
        let scan = scan(FileId(0), "//// x\n/// y\n");
        let kinds: Vec<_> = scan.comments.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [CommentKind::Line, CommentKind::Doc]);
    }
}
