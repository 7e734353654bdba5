//! The formatter: one canonical layout for `.task` files (docs/formatting.md).
//!
//! It prints the syntax tree again, taking from the original text only what
//! the tree does not hold: every comment, the spelling of each literal
//! (`1_000`, `1h30m`, string escapes and triple-quoted strings are copied
//! byte for byte), where the author left blank lines, and whether a list or
//! block was opened with a line break (then it keeps one entry per line).
//!
//! A file with syntax errors is never rewritten. Every result is parsed again
//! before it is returned: if it had a different tree or lost a comment, the
//! file is left as it was and [`FORMAT_CHANGED_MEANING`] is reported, so a
//! formatter bug can cost a reformat but never a file's meaning.

mod equivalence;
mod flat;
mod printer;
mod source;

pub use equivalence::{same_syntax, without_spans};

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, FileSpan, Span};
use crate::syntax;

/// One level of indentation.
pub const INDENT: &str = "  ";

/// Lists, blocks and column sets longer than this (counted in characters,
/// from the start of the line) are spread one entry per line.
pub const MAX_WIDTH: usize = 100;

/// The file has syntax errors and was left as it is.
pub const NOT_FORMATTED_SYNTAX_ERRORS: Code = Code::E0950;
/// The formatted text would not have parsed to the same tree.
pub const FORMAT_CHANGED_MEANING: Code = Code::E0951;

const BYTE_ORDER_MARK: char = '\u{feff}';

/// Format one file's text. See [`format_file`].
pub fn format_source(text: &str) -> Result<String, Vec<Diagnostic>> {
    format_file(FileId(0), text)
}

/// Format the text of `file`: the canonical text, or the diagnostics that
/// explain why the text has to stay as it is (its syntax errors plus an
/// [`NOT_FORMATTED_SYNTAX_ERRORS`] summary, or [`FORMAT_CHANGED_MEANING`]).
/// Warnings of the parser (a misplaced doc comment) do not stop formatting.
pub fn format_file(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let parsed = syntax::parse(file, text);
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(not_formatted(file, parsed.diagnostics));
    }
    let mut formatted = String::new();
    if text.starts_with(BYTE_ORDER_MARK) {
        formatted.push(BYTE_ORDER_MARK);
    }
    formatted
        .push_str(&printer::Printer::new(text, &parsed.file.comments).print_file(&parsed.file));
    verify(file, &parsed.file, &formatted)?;
    Ok(formatted)
}

fn not_formatted(file: FileId, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.retain(Diagnostic::is_error);
    let count = diagnostics.len();
    let first = diagnostics
        .first()
        .map_or(Span::default(), |d| d.primary.span);
    let noun = if count == 1 { "error" } else { "errors" };
    diagnostics.push(
        Diagnostic::error(
            NOT_FORMATTED_SYNTAX_ERRORS,
            FileSpan::new(file, first),
            format!("not formatted: the file has {count} syntax {noun}"),
        )
        .with_help("fix the syntax errors above, then format again; the file was left unchanged"),
    );
    diagnostics
}

/// The formatted text must parse without errors to the same tree, with the
/// same comments in the same order.
fn verify(
    file: FileId,
    original: &syntax::ast::File,
    formatted: &str,
) -> Result<(), Vec<Diagnostic>> {
    let reparsed = syntax::parse(file, formatted);
    let parses = !reparsed.diagnostics.iter().any(Diagnostic::is_error);
    // The tree comparison covers the comments too (text, kind and order).
    if parses && same_syntax(original, &reparsed.file) {
        return Ok(());
    }
    Err(vec![
        Diagnostic::error(
            FORMAT_CHANGED_MEANING,
            FileSpan::new(file, Span::default()),
            "not formatted: the formatted text would not mean the same as the file",
        )
        .with_help(
            "the file was left unchanged; this is a bug in `taskc fmt`, please report it with \
             the file attached",
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_keeps_comments() {
        let text = "// head\nenv a{x=1 // one\n}\n";
        assert_eq!(
            format_source(text).as_deref(),
            Ok("// head\nenv a {\n  x = 1 // one\n}\n")
        );
    }

    #[test]
    fn output_with_another_meaning_is_refused() {
        let original = syntax::parse(FileId(0), "env a { x = 1 } // c").file;
        assert!(verify(FileId(0), &original, "env a {\n  x = 1\n} // c\n").is_ok());
        for wrong in [
            "env a {\n  x = 2\n} // c\n",
            "env a {\n  x = 1\n}\n",
            "env a {\n  x = 1\n} // d\n",
            "env a {\n  x = \n} // c\n",
        ] {
            let Err(diagnostics) = verify(FileId(0), &original, wrong) else {
                panic!("accepted {wrong:?}");
            };
            assert_eq!(diagnostics[0].code, FORMAT_CHANGED_MEANING);
        }
    }

    #[test]
    fn syntax_errors_leave_the_file_alone() {
        let Err(diagnostics) = format_source("env a { x = }") else {
            panic!("a broken file was formatted");
        };
        assert_eq!(
            diagnostics.last().map(|d| d.code),
            Some(NOT_FORMATTED_SYNTAX_ERRORS)
        );
        assert!(diagnostics.len() >= 2);
    }
}
