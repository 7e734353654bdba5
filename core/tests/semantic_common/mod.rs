//! Shared helpers for the semantic-model tests: parse `.task` sources (inline
//! snippets or a conformance case folder), run `analyze`, render the
//! diagnostics the way a user sees them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use taskc_core::diagnostics::render::{HumanOptions, render_human};
use taskc_core::diagnostics::{Code, Diagnostic, sort_diagnostics};
use taskc_core::semantic::{Model, SemanticOptions, analyze};
use taskc_core::source::{FileId, SourceDb};
use taskc_core::syntax::{ast, parse};
use taskc_core::workspace::parse_config;

/// The result of parsing and analyzing some files.
pub struct Analyzed {
    pub db: SourceDb,
    pub model: Model,
    /// Syntax and semantic diagnostics, in display order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analyzed {
    pub fn render(&self) -> String {
        render_human(&self.db, &self.diagnostics, HumanOptions::default())
    }

    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error()).collect()
    }

    pub fn codes(&self) -> Vec<Code> {
        self.diagnostics.iter().map(|d| d.code).collect()
    }

    pub fn error_codes(&self) -> Vec<Code> {
        self.errors().iter().map(|d| d.code).collect()
    }

    /// Panics with the rendered diagnostics when there is an error.
    pub fn assert_no_errors(&self) {
        assert!(self.errors().is_empty(), "{}", self.render());
    }
}

/// Parse and analyze `(path, text)` files as one workspace.
pub fn analyze_files(files: &[(&str, &str)], options: &SemanticOptions) -> Analyzed {
    let mut db = SourceDb::new();
    let ids: Vec<FileId> = files.iter().map(|(p, t)| db.add(*p, *t)).collect();
    let mut diagnostics = Vec::new();
    let mut parsed: Vec<(FileId, ast::File)> = Vec::new();
    for (id, (_, text)) in ids.iter().zip(files) {
        let p = parse(*id, text);
        diagnostics.extend(p.diagnostics);
        parsed.push((*id, p.file));
    }
    let refs: Vec<(FileId, &ast::File)> = parsed.iter().map(|(id, f)| (*id, f)).collect();
    let (model, found) = analyze(&db, &refs, options);
    diagnostics.extend(found);
    sort_diagnostics(&mut diagnostics);
    Analyzed {
        db,
        model,
        diagnostics,
    }
}

/// One file, with `default_module = "tasks"` (as every conformance case).
pub fn analyze_text(text: &str) -> Analyzed {
    analyze_files(&[("main.task", text)], &tasks_module())
}

pub fn tasks_module() -> SemanticOptions {
    SemanticOptions {
        default_module: Some("tasks".to_string()),
    }
}

/// `tests/conformance/` of the workspace.
pub fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("conformance")
}

/// Every conformance case folder name, sorted.
pub fn conformance_cases() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(conformance_dir())
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Analyze a conformance case: its `.task` files (sorted by name, paths
/// shown relative to the case) under the options of its `taskc.toml`.
pub fn analyze_case(case: &str) -> Analyzed {
    let dir = conformance_dir().join(case);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("case {case}: {e}"))
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".task"))
        .collect();
    names.sort();
    let texts: Vec<(String, String)> = names
        .iter()
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(n)).unwrap_or_default();
            (format!("{case}/{n}"), text)
        })
        .collect();
    let options = match std::fs::read_to_string(dir.join("taskc.toml")) {
        Ok(toml) => {
            let mut scratch = SourceDb::new();
            let id = scratch.add("taskc.toml", toml.clone());
            SemanticOptions::from_config(&parse_config(id, &toml).0)
        }
        Err(_) => tasks_module(),
    };
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    analyze_files(&files, &options)
}

/// `examples/` of the workspace.
pub fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("examples")
}

/// The `(path, text)` of every `.task` file in `dir` (not recursive), sorted.
pub fn task_files_in(dir: &Path) -> Vec<(String, String)> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".task"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(&n)).unwrap_or_default();
            (n, text)
        })
        .collect()
}

/// The examples workspace under its own `taskc.toml`.
pub fn analyze_examples() -> Analyzed {
    let dir = examples_dir();
    let texts = task_files_in(&dir);
    let options = match std::fs::read_to_string(dir.join("taskc.toml")) {
        Ok(toml) => {
            let mut scratch = SourceDb::new();
            let id = scratch.add("taskc.toml", toml.clone());
            SemanticOptions::from_config(&parse_config(id, &toml).0)
        }
        Err(_) => tasks_module(),
    };
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    analyze_files(&files, &options)
}
