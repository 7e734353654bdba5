//! What a rule can read: the sources, the parsed files and the model.

use std::sync::Arc;

use super::memo::{MemoRun, Units};
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
    /// The findings of the last run, when the check keeps them.
    memo: Option<&'a MemoRun<'a>>,
    /// The shared trees of `files`, in the same order (empty without a memo).
    trees: &'a [&'a Arc<ast::File>],
}

impl<'a> LintContext<'a> {
    pub fn new(db: &'a SourceDb, files: &'a [(FileId, &'a ast::File)], model: &'a Model) -> Self {
        LintContext {
            db,
            files,
            model,
            memo: None,
            trees: &[],
        }
    }

    /// Rules take the findings of unchanged units from `memo` and leave
    /// this run's in it; `trees` are the shared trees of the files.
    pub(crate) fn with_memo(
        mut self,
        memo: &'a MemoRun<'a>,
        trees: &'a [&'a Arc<ast::File>],
    ) -> Self {
        self.memo = Some(memo);
        self.trees = trees;
        self
    }

    /// The memo of rule `code` for this run.
    pub(crate) fn units(&self, code: Code) -> Units<'_, 'a> {
        Units::new(self.memo, code)
    }

    /// The shared tree of the `index`-th file, when the run has them.
    pub(crate) fn tree(&self, index: usize) -> Option<&Arc<ast::File>> {
        self.trees.get(index).copied()
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
