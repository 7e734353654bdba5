//! Text to AST: the pest grammar (`grammar/task.pest`), per-declaration error
//! recovery, and the translation of pest errors into plain-word diagnostics.
//! Nothing outside this module sees a pest type.

pub mod ast;
mod parser;

use crate::diagnostics::Diagnostic;
use crate::source::FileId;

/// The result of parsing one file: always a tree (failed declarations become
/// [`ast::Item::Error`]) plus every syntax diagnostic found.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub file: ast::File,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parse one file's text. Never panics; every problem is a diagnostic.
pub fn parse(file: FileId, text: &str) -> Parsed {
    parser::parse_file(file, text)
}
