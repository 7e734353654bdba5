//! `check`: run every stage that finds problems over a loaded workspace,
//! without producing outputs. The CLI's `taskc check`, `taskc build` and the
//! language server all start here.

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, sort_diagnostics};
use crate::semantic::Model;
use crate::source::{FileId, SourceDb};
use crate::syntax::{self, ast};
use crate::workspace::Config;

/// One parsed `.task` file.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFile {
    pub id: FileId,
    pub ast: ast::File,
}

/// Everything a check found: the parsed files (in [`FileId`] order), the
/// resolved model (what `taskc build` and the editor queries read; always
/// present, but only complete when there are no errors) and all diagnostics
/// in their stable display order.
#[derive(Debug)]
pub struct CheckOutput {
    pub files: Vec<ParsedFile>,
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckOutput {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parse every `.task` file of `db` (all files except `taskc.toml`) in
/// parallel, then run the semantic stages over the whole workspace.
///
/// Problems in `taskc.toml` itself come from loading the workspace
/// ([`Workspace::diagnostics`](crate::workspace::Workspace::diagnostics)),
/// not from here.
pub fn check_workspace(db: &SourceDb, config: &Config) -> CheckOutput {
    let sources: Vec<(FileId, &str)> = db
        .iter()
        .filter(|(id, _)| Some(*id) != config.source)
        .map(|(id, file)| (id, file.text.as_str()))
        .collect();
    let parsed: Vec<(ParsedFile, Vec<Diagnostic>)> = sources
        .into_par_iter()
        .map(|(id, text)| {
            let parsed = syntax::parse(id, text);
            (
                ParsedFile {
                    id,
                    ast: parsed.file,
                },
                parsed.diagnostics,
            )
        })
        .collect();

    let mut files = Vec::with_capacity(parsed.len());
    let mut diagnostics = Vec::new();
    for (file, found) in parsed {
        files.push(file);
        diagnostics.extend(found);
    }

    // Semantic analysis (names, inheritance, types, validations, lints)
    // needs every file of the one shared namespace, so it runs here, after
    // all files are parsed.
    let (model, found) = analyze_workspace(db, config, &files);
    diagnostics.extend(found);

    sort_diagnostics(&mut diagnostics);
    CheckOutput {
        files,
        model,
        diagnostics,
    }
}

/// The semantic stage of [`check_workspace`]: names, inheritance, types
/// and validations over the whole workspace, then the lints at the levels
/// `[lint]` sets (so `taskc check`, `taskc lint` and editors report the
/// same findings at the same severity).
fn analyze_workspace(
    db: &SourceDb,
    config: &Config,
    files: &[ParsedFile],
) -> (Model, Vec<Diagnostic>) {
    let asts: Vec<(FileId, &ast::File)> = files.iter().map(|f| (f.id, &f.ast)).collect();
    let options = crate::semantic::SemanticOptions::from_config(config);
    let (model, mut diagnostics) = crate::semantic::analyze(db, &asts, &options);
    // The lint `value-truncated-on-wire` reports truncation under a code
    // users can set a level for and suppress; semantic analysis's own
    // warning for it would only repeat it.
    diagnostics.retain(|d| d.code != SEMANTIC_TRUNCATION_WARNING);
    let lints = crate::lint::LintContext::new(db, &asts, &model);
    diagnostics.extend(crate::lint::lint_workspace(&lints, config));
    (model, diagnostics)
}

/// `E0320`, superseded by lint `L0004` in [`check_workspace`].
const SEMANTIC_TRUNCATION_WARNING: &str = "E0320";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::parse_config;

    #[test]
    fn every_file_but_the_config_is_parsed_in_file_order() {
        let mut db = SourceDb::new();
        let toml = db.add("taskc.toml", "");
        let (config, _) = parse_config(toml, "");
        let a = db.add("a.task", "env a {}\n");
        let b = db.add("b.task", "env b {}\n");
        let output = check_workspace(&db, &config);
        let ids: Vec<FileId> = output.files.iter().map(|f| f.id).collect();
        assert_eq!(ids, [a, b]);
    }

    #[test]
    fn syntax_errors_of_every_file_are_collected_in_display_order() {
        let mut db = SourceDb::new();
        let a = db.add("a.task", "env a {\n  image = \n}\nenv b { cpu = }\n");
        let b = db.add("b.task", "env c { x = }\n");
        let output = check_workspace(&db, &Config::default());
        let places: Vec<(FileId, usize)> = output
            .diagnostics
            .iter()
            .map(|d| (d.primary.file, d.primary.span.start))
            .collect();
        assert_eq!(places.len(), 3, "{:?}", output.diagnostics);
        assert_eq!(places.iter().filter(|(f, _)| *f == a).count(), 2);
        assert_eq!(places.iter().filter(|(f, _)| *f == b).count(), 1);
        let mut sorted = places.clone();
        sorted.sort();
        assert_eq!(places, sorted);
        assert!(output.has_errors());
    }
}
