//! `check`: run every stage that finds problems over a loaded workspace,
//! without producing outputs. The CLI's `taskc check`, `taskc build` and the
//! language server all start here.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, sort_diagnostics};
use crate::semantic::Model;
use crate::source::{FileId, SourceDb};
use crate::syntax::{self, ast};
use crate::workspace::Config;

/// One parsed `.task` file. The tree is shared, so a [`CheckCache`] can
/// hand the same tree to the next check without copying it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFile {
    pub id: FileId,
    pub ast: Arc<ast::File>,
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

/// What the previous check of one workspace parsed and resolved, so that
/// the next check parses only the files whose text changed and resolves
/// only the templates whose inputs changed. The language server keeps one
/// per workspace: a keystroke changes one file, and the other files and
/// the templates that do not depend on it need not be done again.
///
/// A file's entry is reused when the file has the same path, the same
/// [`FileId`] (syntax diagnostics name it) and exactly the same text: the
/// same shared text (the language server hands out one allocation per
/// unchanged file), else compared in full, which costs less than hashing
/// it would. A
/// file whose text changed is parsed again, but keeps the trees of its
/// unchanged declarations ([`syntax::parse_reusing`]). Resolved templates
/// and overrides are kept by [`AnalysisMemo`](crate::semantic::AnalysisMemo),
/// lint findings per unchanged task, override and file by
/// [`LintMemo`](crate::lint::LintMemo).
#[derive(Debug, Default)]
pub struct CheckCache {
    entries: HashMap<PathBuf, CachedParse>,
    memo: Memo,
}

/// What a check keeps of semantic analysis and lints for the next one.
#[derive(Debug, Default)]
struct Memo {
    analysis: crate::semantic::AnalysisMemo,
    lints: crate::lint::LintMemo,
}

#[derive(Debug)]
struct CachedParse {
    id: FileId,
    text: Arc<str>,
    ast: Arc<ast::File>,
    diagnostics: Vec<Diagnostic>,
    trees: syntax::ChunkTrees,
}

impl CheckCache {
    pub fn new() -> Self {
        CheckCache::default()
    }

    /// How many files' trees are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many templates and overrides the last check took from the cache
    /// instead of resolving them again.
    pub fn reused_declarations(&self) -> usize {
        self.memo.analysis.reused()
    }
}

/// Parse every `.task` file of `db` (all files except `taskc.toml` and the
/// Python modules in `config.python.modules`) in parallel, then run the
/// semantic stages over the whole workspace.
///
/// Problems in `taskc.toml` itself come from loading the workspace
/// ([`Workspace::diagnostics`](crate::workspace::Workspace::diagnostics)),
/// not from here.
pub fn check_workspace(db: &SourceDb, config: &Config) -> CheckOutput {
    let sources = task_sources(db, config);
    let parsed = crate::timings::time("parse", || {
        parse_all(sources.iter().map(|source| (source, None)).collect())
    })
    .into_iter()
    .map(|(parsed, _)| parsed)
    .collect();
    finish_check(db, config, parsed, None)
}

/// [`check_workspace`] that reuses the trees of unchanged files from
/// `cache` and leaves this check's trees in it (files no longer in `db`
/// are forgotten). The result is the same as `check_workspace`'s.
pub fn check_workspace_with(db: &SourceDb, config: &Config, cache: &mut CheckCache) -> CheckOutput {
    let sources = task_sources(db, config);
    let mut parsed: Vec<Option<Parsed>> = sources
        .iter()
        .map(|source| {
            let kept = cache.entries.get(&source.path)?;
            let same_text = Arc::ptr_eq(&kept.text, source.text) || kept.text == *source.text;
            (kept.id == source.id && same_text).then(|| {
                (
                    ParsedFile {
                        id: source.id,
                        ast: kept.ast.clone(),
                    },
                    kept.diagnostics.clone(),
                )
            })
        })
        .collect();
    // Changed files start from the declaration trees of their last parse.
    let missing: Vec<(&Source<'_>, Option<syntax::ChunkTrees>)> = sources
        .iter()
        .zip(&parsed)
        .filter(|(_, kept)| kept.is_none())
        .map(|(source, _)| {
            let trees = cache
                .entries
                .remove(&source.path)
                .filter(|kept| kept.id == source.id)
                .map(|kept| kept.trees);
            (source, Some(trees.unwrap_or_default()))
        })
        .collect();
    let mut fresh = parse_all(missing).into_iter();
    let mut fresh_trees = HashMap::new();
    for (source, slot) in sources.iter().zip(parsed.iter_mut()) {
        if slot.is_none() {
            if let Some((file, trees)) = fresh.next() {
                *slot = Some(file);
                fresh_trees.insert(source.path.clone(), trees.unwrap_or_default());
            }
        }
    }
    let parsed: Vec<Parsed> = parsed.into_iter().flatten().collect();

    let mut entries = HashMap::with_capacity(sources.len());
    for (source, (file, diagnostics)) in sources.iter().zip(&parsed) {
        let entry = match cache.entries.remove(&source.path) {
            // Unchanged: keep the stored copy of the text and the trees.
            Some(kept) => kept,
            None => CachedParse {
                id: source.id,
                text: Arc::clone(source.text),
                ast: file.ast.clone(),
                diagnostics: diagnostics.clone(),
                trees: fresh_trees.remove(&source.path).unwrap_or_default(),
            },
        };
        entries.insert(source.path.clone(), entry);
    }
    cache.entries = entries;
    finish_check(db, config, parsed, Some(&mut cache.memo))
}

/// A `.task` file of the workspace, as handed to the parser.
#[derive(Debug, Clone)]
struct Source<'a> {
    id: FileId,
    path: PathBuf,
    text: &'a Arc<str>,
}

fn task_sources<'a>(db: &'a SourceDb, config: &Config) -> Vec<Source<'a>> {
    let is_python = |id: FileId| config.python.modules.iter().any(|m| m.file == id);
    db.iter()
        .filter(|(id, _)| Some(*id) != config.source && !is_python(*id))
        .map(|(id, file)| Source {
            id,
            path: file.path.clone(),
            text: &file.text,
        })
        .collect()
}

/// A parsed file with its syntax diagnostics.
type Parsed = (ParsedFile, Vec<Diagnostic>);

/// Parse `sources`, in order, each with the declaration trees of its last
/// parse if given (and handed back, updated): in parallel when there are
/// several, on the calling thread when there is one (the language
/// server's usual case after a keystroke: handing one file to another
/// thread only adds a wake-up to the wait).
fn parse_all(
    sources: Vec<(&Source<'_>, Option<syntax::ChunkTrees>)>,
) -> Vec<(Parsed, Option<syntax::ChunkTrees>)> {
    let parse_one = |(source, mut trees): (&Source<'_>, Option<syntax::ChunkTrees>)| {
        let parsed = match &mut trees {
            Some(trees) => syntax::parse_reusing(source.id, source.text, trees),
            None => syntax::parse(source.id, source.text),
        };
        let file = ParsedFile {
            id: source.id,
            ast: Arc::new(parsed.file),
        };
        ((file, parsed.diagnostics), trees)
    };
    if sources.len() <= 1 {
        sources.into_iter().map(parse_one).collect()
    } else {
        sources.into_par_iter().map(parse_one).collect()
    }
}

/// The stages after parsing, shared by both entry points.
fn finish_check(
    db: &SourceDb,
    config: &Config,
    parsed: Vec<Parsed>,
    memo: Option<&mut Memo>,
) -> CheckOutput {
    let mut files = Vec::with_capacity(parsed.len());
    let mut diagnostics = Vec::new();
    for (file, found) in parsed {
        files.push(file);
        diagnostics.extend(found);
    }

    // Semantic analysis (names, inheritance, types, validations, lints)
    // needs every file of the one shared namespace, so it runs here, after
    // all files are parsed.
    let (model, found) = analyze_workspace(db, config, &files, memo);
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
    mut memo: Option<&mut Memo>,
) -> (Model, Vec<Diagnostic>) {
    let asts: Vec<(FileId, &ast::File)> = files.iter().map(|f| (f.id, &*f.ast)).collect();
    let trees: Vec<&Arc<ast::File>> = files.iter().map(|f| &f.ast).collect();
    let options = crate::semantic::SemanticOptions::from_config(config);
    let (model, mut diagnostics) =
        crate::timings::time("resolve (semantic analysis)", || {
            match memo.as_deref_mut() {
                Some(memo) => {
                    let trees: Vec<(FileId, &Arc<ast::File>)> =
                        files.iter().map(|f| (f.id, &f.ast)).collect();
                    crate::semantic::analyze_with_memo(db, &trees, &options, &mut memo.analysis)
                }
                None => crate::semantic::analyze(db, &asts, &options),
            }
        });
    let lint_start = std::time::Instant::now();
    // The lint `value-truncated-on-wire` reports truncation under a code
    // users can set a level for and suppress; semantic analysis's own
    // warning for it would only repeat it.
    diagnostics.retain(|d| d.code != SEMANTIC_TRUNCATION_WARNING);
    let lints = crate::lint::LintContext::new(db, &asts, &model);
    match memo {
        Some(memo) => {
            let previous = std::mem::take(&mut memo.lints);
            let run = crate::lint::MemoRun::new(&previous);
            let lints = lints.with_memo(&run, &trees);
            diagnostics.extend(crate::lint::lint_workspace(&lints, config));
            memo.lints = run.into_memo();
        }
        None => diagnostics.extend(crate::lint::lint_workspace(&lints, config)),
    }
    // The user's Python functions against the templates' interfaces.
    diagnostics.extend(crate::drift::check_python_drift(db, config, &model));
    // What `build` would refuse without writing anything (check = build).
    let options = crate::backend::BuildOptions::from_config(config);
    diagnostics.extend(crate::backend::preflight(&model, &options));
    // Names that cannot be globals of the generated bindings module.
    if config.python.bindings.is_some() {
        diagnostics.extend(crate::backend::python::name_diagnostics(&model));
    }
    crate::timings::record("lints, drift, preflight", lint_start.elapsed());
    (model, diagnostics)
}

/// `E0320`, superseded by lint `L0004` in [`check_workspace`].
const SEMANTIC_TRUNCATION_WARNING: Code = Code::E0320;

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
    fn a_parse_cache_reuses_unchanged_files_and_reports_the_same() {
        let mut db = SourceDb::new();
        let toml = db.add("taskc.toml", "");
        let (config, _) = parse_config(toml, "");
        let a = db.add("a.task", "env a {}\n");
        let b = db.add("b.task", "env b extends a {\n  cpu = 1\n}\n");
        let mut cache = CheckCache::new();
        let first = check_workspace_with(&db, &config, &mut cache);
        assert_eq!(cache.len(), 2);

        db.set_text(b, "env b extends aa {\n  cpu = 1\n}\n");
        let second = check_workspace_with(&db, &config, &mut cache);
        let fresh = check_workspace(&db, &config);
        assert_eq!(second.diagnostics, fresh.diagnostics);
        assert_eq!(second.files, fresh.files);
        assert!(second.has_errors());
        // The unchanged file's tree is the very same one, not parsed again.
        let tree = |output: &CheckOutput, id: FileId| {
            output
                .files
                .iter()
                .find(|f| f.id == id)
                .map(|f| f.ast.clone())
        };
        let (before, after) = (tree(&first, a).unwrap(), tree(&second, a).unwrap());
        assert!(Arc::ptr_eq(&before, &after));
        assert!(!Arc::ptr_eq(
            &tree(&first, b).unwrap(),
            &tree(&second, b).unwrap()
        ));
    }

    #[test]
    fn a_parse_cache_forgets_files_that_are_gone() {
        let mut cache = CheckCache::new();
        let mut db = SourceDb::new();
        db.add("a.task", "env a {}\n");
        db.add("b.task", "env b {}\n");
        check_workspace_with(&db, &Config::default(), &mut cache);
        assert_eq!(cache.len(), 2);
        let mut db = SourceDb::new();
        db.add("b.task", "env b {}\n");
        let output = check_workspace_with(&db, &Config::default(), &mut cache);
        assert_eq!(cache.len(), 1);
        // `b.task` now has id 0: its cached diagnostics and tree name the
        // old id, so it is parsed again rather than reused.
        assert_eq!(output.files.len(), 1);
        assert_eq!(output.files[0].id, FileId(0));
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
