//! `check`: run every stage that finds problems over a loaded workspace,
//! without producing outputs. The CLI's `taskc check`, `taskc build` and the
//! language server all start here.

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, sort_diagnostics};
use crate::source::{FileId, SourceDb};
use crate::syntax::{self, ast};
use crate::workspace::Config;

/// One parsed `.task` file.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFile {
    pub id: FileId,
    pub ast: ast::File,
}

/// Everything a check found: the parsed files (in [`FileId`] order) and all
/// diagnostics in their stable display order.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOutput {
    pub files: Vec<ParsedFile>,
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
    diagnostics.extend(analyze_workspace(db, config, &files));

    sort_diagnostics(&mut diagnostics);
    CheckOutput { files, diagnostics }
}

/// The semantic stage of [`check_workspace`]: names, inheritance, types
/// and validations over the whole workspace (`[lint]` levels are applied
/// once lints exist).
fn analyze_workspace(db: &SourceDb, config: &Config, files: &[ParsedFile]) -> Vec<Diagnostic> {
    let asts: Vec<(FileId, &ast::File)> = files.iter().map(|f| (f.id, &f.ast)).collect();
    let options = crate::semantic::SemanticOptions::from_config(config);
    let (_model, diagnostics) = crate::semantic::analyze(db, &asts, &options);
    diagnostics
}

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
