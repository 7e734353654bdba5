//! What a rule can read: the sources, the parsed files and the model.

use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::Model;
use crate::source::{FileId, FileSpan, SourceDb};
use crate::syntax::ast;

/// The input of every rule.
pub struct LintContext<'a> {
    pub db: &'a SourceDb,
    /// Every parsed `.task` file, in [`FileId`] order.
    pub files: &'a [(FileId, &'a ast::File)],
    pub model: &'a Model,
}

impl<'a> LintContext<'a> {
    pub fn new(db: &'a SourceDb, files: &'a [(FileId, &'a ast::File)], model: &'a Model) -> Self {
        LintContext { db, files, model }
    }

    /// True when some declaration failed to parse. Rules that conclude
    /// "nothing uses X" stay quiet then: the broken declaration may be the
    /// one that uses it.
    pub fn has_unparsed_declarations(&self) -> bool {
        self.files
            .iter()
            .any(|(_, file)| file.items.iter().any(|i| matches!(i, ast::Item::Error(_))))
    }
}

/// A finding of `code` at `at`; the level decides its final severity.
pub(crate) fn finding(code: Code, at: FileSpan, message: impl Into<String>) -> Diagnostic {
    Diagnostic::warning(code, at, message)
}
