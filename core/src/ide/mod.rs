//! Editor queries over one analysed snapshot of a workspace: hover,
//! completion, definition, references, rename, symbols, inlay hints, code
//! actions, formatting, folding and selection ranges, and semantic tokens.
//!
//! Like rust-analyzer's `ide` crate, nothing here knows the Language Server
//! Protocol: every position is a byte offset into a file of the
//! [`SourceDb`], every range a byte [`Span`]. The `lsp` crate converts to
//! and from UTF-16 positions in one place and maps these plain values onto
//! protocol types.
//!
//! Every query accepts any offset (past the end, inside a multi-byte
//! character, in a file that does not parse) and answers with "nothing"
//! rather than panicking.
//!
//! Layout: `index` records every declaration, use and attribute key of
//! the workspace (definition, references, rename, hover and symbols are
//! lookups in it); `cursor` reads the position of a completion from the
//! text before the cursor, since half-typed text rarely parses;
//! `catalog` says which attributes each block takes (from the tables
//! the semantic pass checks against) and documents them; the other
//! modules are one query each.

mod catalog;
mod catalog_plugins;
mod code_actions;
mod completion;
mod cursor;
mod folding;
mod formatting;
mod hover;
mod index;
mod inlay_hints;
mod navigation;
mod python;
mod selection;
mod semantic_tokens;
mod symbols;

use crate::check::ParsedFile;
use crate::diagnostics::Diagnostic;
use crate::semantic::Model;
use crate::source::{FileId, FileSpan, SourceDb, Span};
use crate::workspace::Config;

pub use semantic_tokens::{SemanticToken, TokenModifiers, TokenType};

/// Markdown shown when the pointer rests on a name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Hover {
    /// The word the hover is about.
    pub range: Span,
    pub markdown: String,
}

/// What a completion item names; the server maps it to an LSP kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum CompletionKind {
    Keyword,
    Attribute,
    Block,
    Env,
    Template,
    Type,
    BuiltinType,
    EnumMember,
    Field,
    Input,
    Value,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// One line shown beside the label (a type, a kind).
    pub detail: Option<String>,
    /// Markdown shown for the selected item.
    pub documentation: Option<String>,
    /// Text to insert instead of the label, if different.
    pub insert_text: Option<String>,
}

/// One replacement in one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct TextEdit {
    pub file: FileId,
    pub span: Span,
    pub new_text: String,
}

/// Why a rename cannot happen, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RenameError {
    pub message: String,
}

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RenameError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum SymbolKind {
    Env,
    Template,
    Override,
    Record,
    Enum,
    Field,
    EnumMember,
    Input,
    Output,
    Trigger,
    Attribute,
    Block,
}

/// A named declaration for the outline and for workspace symbol search.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Symbol {
    pub name: String,
    pub kind: SymbolKind,
    /// Extra words shown beside the name (a type, `extends base`).
    pub detail: Option<String>,
    pub file: FileId,
    /// The whole declaration.
    pub span: Span,
    /// The name inside it.
    pub selection_span: Span,
    pub children: Vec<Symbol>,
}

/// A grey annotation shown in the text at `offset`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
    pub tooltip: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum CodeActionKind {
    QuickFix,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CodeAction {
    pub title: String,
    pub kind: CodeActionKind,
    pub edits: Vec<TextEdit>,
    /// The code of the diagnostic this action fixes, if any.
    pub diagnostic_code: Option<String>,
    /// Primary place of that diagnostic, so the server can attach it.
    pub diagnostic_span: Option<FileSpan>,
}

/// What a folding range holds; the server maps it to an LSP kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum FoldingKind {
    /// A `{ … }` or `[ … ]` spanning lines.
    Block,
    /// A run of `///` or `//` lines, or a `/* … */` spanning lines.
    Comment,
    /// A triple-quoted string spanning lines.
    String,
}

/// Lines an editor can collapse. Lines are 0-based; `start_line` stays
/// visible and the lines after it up to `end_line` (inclusive) fold away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct FoldingRange {
    pub start_line: usize,
    pub end_line: usize,
    pub kind: FoldingKind,
}

/// One analysed snapshot of a workspace. Build a new one after every edit;
/// queries only read it.
#[derive(Debug)]
pub struct Analysis {
    db: SourceDb,
    config: Config,
    files: Vec<ParsedFile>,
    model: Model,
    diagnostics: Vec<Diagnostic>,
    /// Built on the first query that needs it: diagnostics, which the
    /// editor waits for after every keystroke, do not.
    index: std::sync::OnceLock<index::Index>,
}

impl Analysis {
    /// Parse and check every file of `db` (syntax, semantics and lints).
    pub fn new(db: SourceDb, config: Config) -> Self {
        // `check_workspace` is the one place that decides which stages run
        // (syntax, semantics, lints, `[lint]` levels); the editor sees
        // exactly what `taskc check` reports.
        let output = crate::check::check_workspace(&db, &config);
        Analysis::from_check(db, config, output)
    }

    /// An analysis of what [`check_workspace`](crate::check::check_workspace)
    /// (or [`check_workspace_with`](crate::check::check_workspace_with))
    /// found in `db` under `config`; nothing is analysed again.
    pub fn from_check(db: SourceDb, config: Config, output: crate::check::CheckOutput) -> Self {
        Analysis {
            db,
            config,
            files: output.files,
            model: output.model,
            diagnostics: output.diagnostics,
            index: std::sync::OnceLock::new(),
        }
    }

    /// Declarations, uses and attribute keys of the workspace, built once
    /// on first use.
    fn index(&self) -> &index::Index {
        self.index.get_or_init(|| {
            let asts: Vec<(FileId, &crate::syntax::ast::File)> =
                self.files.iter().map(|f| (f.id, &*f.ast)).collect();
            index::Index::build(&self.db, &asts, &self.model)
        })
    }

    pub fn db(&self) -> &SourceDb {
        &self.db
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The syntax tree of one `.task` file (what survived error recovery).
    pub fn parsed(&self, file: FileId) -> Option<&crate::syntax::ast::File> {
        self.files.iter().find(|f| f.id == file).map(|f| &*f.ast)
    }

    /// Every diagnostic of the workspace, sorted by file then position.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// What the name or attribute at `offset` is, with its documentation
    /// and, for an attribute, its resolved value and where it comes from.
    /// On a function template's name, also the Python function it needs.
    pub fn hover(&self, file: FileId, offset: usize) -> Option<Hover> {
        let mut found = hover::hover(self, file, offset)?;
        let template = match self.index().occurrence_at(file, offset).map(|o| &o.target) {
            Some(index::Target::Template(name)) => Some(name),
            _ => None,
        };
        if let Some(section) = template.and_then(|t| python::signature_section(self, t)) {
            found.markdown = format!("{}\n\n---\n\n{section}", found.markdown);
        }
        Some(found)
    }

    /// What may be written at `offset`, read from the text before it (works
    /// in files that do not parse).
    pub fn completions(&self, file: FileId, offset: usize) -> Vec<CompletionItem> {
        completion::completions(self, file, offset)
    }

    /// Where the name at `offset` is declared. On an attribute key: where
    /// the value it replaces (or inherits) is set. On a function
    /// template's `module` value: the Python module; on its `function`
    /// value (or its name, when `function` is implicit): the `def`, when
    /// the module is part of the workspace.
    pub fn definition(&self, file: FileId, offset: usize) -> Vec<FileSpan> {
        let in_python = python::definition(self, file, offset);
        if !in_python.is_empty() {
            return in_python;
        }
        navigation::definition(self, file, offset)
    }

    /// Every place the name at `offset` is written, sorted.
    pub fn references(
        &self,
        file: FileId,
        offset: usize,
        include_declaration: bool,
    ) -> Vec<FileSpan> {
        navigation::references(self, file, offset, include_declaration)
    }

    /// The span of the renamable name at `offset`.
    pub fn prepare_rename(&self, file: FileId, offset: usize) -> Result<Span, RenameError> {
        navigation::prepare_rename(self, file, offset)
    }

    /// Edits renaming the env, template, override, type or input at
    /// `offset` everywhere, sorted by file and position.
    pub fn rename(
        &self,
        file: FileId,
        offset: usize,
        new_name: &str,
    ) -> Result<Vec<TextEdit>, RenameError> {
        navigation::rename(self, file, offset, new_name)
    }

    /// The outline of one file: declarations with their entries.
    pub fn document_symbols(&self, file: FileId) -> Vec<Symbol> {
        symbols::document_symbols(self, file)
    }

    /// Declarations, inputs and triggers of the whole workspace whose name
    /// matches `query` (exact, prefix, substring, then in-order letters).
    pub fn workspace_symbols(&self, query: &str) -> Vec<Symbol> {
        symbols::workspace_symbols(self, query)
    }

    /// Inherited attribute values of the declarations in `range`.
    pub fn inlay_hints(&self, file: FileId, range: Span) -> Vec<InlayHint> {
        inlay_hints::inlay_hints(self, file, range)
    }

    /// What each word of `file` is, for semantic highlighting: sorted,
    /// never overlapping; with `range`, only the tokens that meet it.
    pub fn semantic_tokens(&self, file: FileId, range: Option<Span>) -> Vec<SemanticToken> {
        semantic_tokens::semantic_tokens(self, file, range)
    }

    /// Quick fixes for the diagnostics whose primary span meets `range`.
    pub fn code_actions(&self, file: FileId, range: Span) -> Vec<CodeAction> {
        code_actions::code_actions(self, file, range)
    }

    /// The regions of one file an editor can collapse, by start line (one
    /// per line: the outermost).
    pub fn folding_ranges(&self, file: FileId) -> Vec<FoldingRange> {
        folding::folding_ranges(self, file)
    }

    /// What "expand selection" grows through from `offset`, innermost
    /// first: the word, the enclosing nodes of the syntax tree, the file.
    pub fn selection_ranges(&self, file: FileId, offset: usize) -> Vec<Span> {
        selection::selection_ranges(self, file, offset)
    }

    /// Edits that format the whole file (empty when it is formatted
    /// already); `None` when it cannot be formatted (it has syntax errors,
    /// or it is `taskc.toml`).
    pub fn format(&self, file: FileId) -> Option<Vec<TextEdit>> {
        formatting::format(self, file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_is_built_by_the_first_query_that_needs_it() {
        let mut db = SourceDb::new();
        let file = db.add("a.task", "env base {}\nenv child extends base {}\n");
        let analysis = Analysis::new(db, Config::default());
        // Diagnostics are ready without it.
        assert!(analysis.diagnostics().is_empty());
        assert!(analysis.index.get().is_none());
        let at = "env base {}\nenv child extends ba".len();
        assert_eq!(analysis.definition(file, at).len(), 1);
        assert!(analysis.index.get().is_some());
    }
}
