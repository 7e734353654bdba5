//! Text to AST: the pest grammar (`grammar/task.pest`), per-declaration error
//! recovery, and the translation of pest errors into plain-word diagnostics.
//! Nothing outside this module sees a pest type.

pub mod ast;
mod build;
mod docs;
mod errors;
mod grammar;
mod literal_text;
mod parser;
mod reuse;
mod scan;
mod string_offsets;

use crate::diagnostics::Diagnostic;
use crate::source::FileId;

pub use reuse::ChunkTrees;
pub use scan::MAX_NESTING;
pub use string_offsets::value_offsets;

/// The result of parsing one file: always a tree (failed declarations become
/// [`ast::Item::Error`]) plus every syntax diagnostic found.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub file: ast::File,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parse one file's text. Never panics; every problem is a diagnostic.
pub fn parse(file: FileId, text: &str) -> Parsed {
    parser::parse_file(file, text, None)
}

/// [`parse`] a new text of a file whose last parse left `trees`: the
/// declarations whose text (with the comments before them) did not change
/// keep their trees, moved to where they now are, and `trees` then holds
/// this parse's. The result equals `parse(file, text)`.
pub fn parse_reusing(file: FileId, text: &str, trees: &mut ChunkTrees) -> Parsed {
    parser::parse_file(file, text, Some(trees))
}

/// Run only the pest grammar over a whole comment-free text (no pre-scan, no
/// tree): the baseline of the parse throughput benchmark.
#[doc(hidden)]
pub fn recognize_without_tree(comment_free_text: &str) -> bool {
    parser::recognize(comment_free_text)
}

/// `text` with comments replaced by spaces, as the grammar sees it.
#[doc(hidden)]
pub fn blank_comments(text: &str) -> String {
    scan::scan(FileId(0), text).blanked
}
