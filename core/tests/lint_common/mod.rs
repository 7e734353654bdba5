//! Shared helpers for the lint tests: check an inline workspace the way
//! `taskc check` does (lints at their levels included) and render the
//! findings as a user sees them.

#![allow(dead_code)]

use taskc_core::check::check_workspace;
use taskc_core::diagnostics::render::{HumanOptions, render_human};
use taskc_core::diagnostics::{Code, Diagnostic, sort_diagnostics};
use taskc_core::source::SourceDb;
use taskc_core::workspace::parse_config;

/// Every conformance case and example sets a default module; lint fixtures
/// do too, so templates need no `module`.
pub const BASE_CONFIG: &str = "[flyte]\ndefault_module = \"tasks\"\n";

pub struct Linted {
    pub db: SourceDb,
    pub diagnostics: Vec<Diagnostic>,
}

impl Linted {
    pub fn codes(&self) -> Vec<Code> {
        self.diagnostics.iter().map(|d| d.code).collect()
    }

    pub fn with_code(&self, code: Code) -> Vec<Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.code == code)
            .cloned()
            .collect()
    }

    /// The rendering of the diagnostics with `code` only.
    pub fn render_code(&self, code: Code) -> String {
        render_human(&self.db, &self.with_code(code), HumanOptions::default())
    }

    pub fn render(&self) -> String {
        render_human(&self.db, &self.diagnostics, HumanOptions::default())
    }
}

/// Check `files` as one workspace with `taskc.toml` = [`BASE_CONFIG`] +
/// `extra_config`.
pub fn lint_files(files: &[(&str, &str)], extra_config: &str) -> Linted {
    let mut db = SourceDb::new();
    let toml = format!("{BASE_CONFIG}{extra_config}");
    let config_id = db.add("taskc.toml", toml.as_str());
    let (config, config_diags) = parse_config(config_id, &toml);
    for (path, text) in files {
        db.add(*path, *text);
    }
    let output = check_workspace(&db, &config);
    let mut diagnostics = config_diags;
    diagnostics.extend(output.diagnostics);
    sort_diagnostics(&mut diagnostics);
    Linted { db, diagnostics }
}

pub fn lint_text(text: &str) -> Linted {
    lint_files(&[("main.task", text)], "")
}

pub fn lint_with_config(text: &str, extra_config: &str) -> Linted {
    lint_files(&[("main.task", text)], extra_config)
}
