//! Source files, file ids and byte spans, plus line/column lookup.
//!
//! Every node and diagnostic points into a [`SourceDb`] through a
//! [`FileId`] and a byte [`Span`]; line and column numbers are computed only
//! when something is shown to a person.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Index of a file in a [`SourceDb`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct FileId(pub u32);

/// A half-open byte range `[start, end)` in one file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    /// Shift by `offset` bytes: used when a slice of a file is parsed on its own.
    pub fn shifted(self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }
}

/// A span in a particular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct FileSpan {
    pub file: FileId,
    pub span: Span,
}

impl FileSpan {
    pub const fn new(file: FileId, span: Span) -> Self {
        FileSpan { file, span }
    }
}

/// One loaded file: its path as shown to the user and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Shared: the language server hands every analysis the texts it
    /// holds, and an unchanged file is the same allocation (no copy, and
    /// "unchanged" is a pointer comparison first).
    pub text: Arc<str>,
    /// Found on the first question about lines: the language server loads
    /// every file of the workspace per analysis and asks about the lines of
    /// the few with diagnostics.
    line_starts: OnceLock<Vec<usize>>,
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| line_starts(&self.text))
    }

    /// 0-based line index holding `offset` (clamped to the text).
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        match self.line_starts().binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset where 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts().get(line).copied()
    }

    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }

    /// 1-based line and column of a byte offset (clamped, and moved back to a
    /// character boundary so a bad offset can never panic).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_index(offset);
        let start = self.line_starts().get(line).copied().unwrap_or(0);
        LineCol {
            line: line + 1,
            column: self.text[start..offset].chars().count() + 1,
        }
    }
}

/// Byte offsets where lines start. A line ends at `\n`, `\r\n` or a lone
/// `\r` (old Mac files), the three line breaks editors and the Language
/// Server Protocol recognise; counting only `\n` would put a whole
/// CR-only file on one line.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(line_break_ends(text)).collect()
}

/// The offset just after each line break of `text` (`\n`, `\r\n` or a
/// lone `\r`): where the lexer ends a line comment, the line index counts
/// a line and the formatter sees one.
pub fn line_break_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().filter_map(move |(i, byte)| {
        let ends_line = match byte {
            b'\n' => true,
            b'\r' => bytes.get(i + 1) != Some(&b'\n'),
            _ => false,
        };
        ends_line.then_some(i + 1)
    })
}

/// All files of a workspace, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct SourceDb {
    files: Vec<SourceFile>,
}

impl SourceDb {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile::new(path, text));
        id
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// Replace a file's text (editor buffers); the id stays valid.
    pub fn set_text(&mut self, id: FileId, text: impl Into<Arc<str>>) {
        if let Some(file) = self.files.get_mut(id.0 as usize) {
            let path = std::mem::take(&mut file.path);
            *file = SourceFile::new(path, text);
        }
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .map(|i| FileId(i as u32))
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let f = SourceFile::new("a.task", "ab\ncé d\n");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        // 'é' is two bytes; the space after it is column 3.
        assert_eq!(f.line_col(6), LineCol { line: 2, column: 3 });
        // Inside a multi-byte character: moved back, never a panic.
        assert_eq!(f.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(f.line_col(999), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn lone_carriage_returns_end_lines_like_newlines() {
        // Old Mac line endings, Windows ones and Unix ones in one text.
        let f = SourceFile::new("a.task", "a\rb\r\nc\nd");
        assert_eq!(f.line_count(), 4);
        assert_eq!(f.line_col(2), LineCol { line: 2, column: 1 });
        // `\r\n` is one line break: `c` starts line 3, not line 4.
        assert_eq!(f.line_col(5), LineCol { line: 3, column: 1 });
        assert_eq!(f.line_col(7), LineCol { line: 4, column: 1 });
        // The `\r` of `\r\n` still belongs to line 2.
        assert_eq!(f.line_index(4), 1);
    }
}
