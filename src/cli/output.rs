//! Output plumbing shared by the subcommands: formats, exit codes, and where
//! each kind of text goes.
//!
//! Human-readable diagnostics, summaries and I/O errors go to **stderr**
//! (like rustc and cargo), so that stdout carries only a subcommand's
//! product. Machine-readable output (`--format json|sarif|github`) goes to
//! **stdout**.
//!
//! Every line meant for people is written through this module, which shows
//! control characters and bidi overrides from user text (file names,
//! quoted names and values) as visible `\u{…}` escapes
//! ([`escape_for_terminal`]); diagnostics are escaped the same way by the
//! human renderer itself. Products (JSON, SARIF, formatted text, diffs) are
//! written exactly.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use taskc_core::diagnostics::Diagnostic;
use taskc_core::diagnostics::render::{
    HumanOptions, SarifOptions, Summary, escape_for_terminal, render_github, render_human,
    render_json, render_sarif,
};
use taskc_core::source::SourceDb;
use taskc_core::workspace::{LoadError, find_config};

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source snippets with labels and help, for people (stderr).
    Human,
    /// One versioned JSON document, for programs (stdout).
    Json,
    /// A SARIF 2.1.0 log, for code-scanning services (stdout).
    Sarif,
    /// GitHub Actions workflow commands, one annotation per line (stdout).
    Github,
}

/// The process exit status of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// No error diagnostics (warnings allowed).
    Clean,
    /// At least one error diagnostic.
    Errors,
    /// Bad usage or an I/O problem: nothing was checked.
    Failed,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        ExitCode::from(match status {
            Status::Clean => 0,
            Status::Errors => 1,
            Status::Failed => 2,
        })
    }
}

/// Colour only on a terminal and only if `NO_COLOR` is unset or empty
/// (<https://no-color.org>); the width comes from `COLUMNS` when set.
pub fn human_options() -> HumanOptions {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(HumanOptions::default().width);
    HumanOptions {
        color: !no_color && std::io::stderr().is_terminal(),
        width,
    }
}

/// Print `diagnostics` in `format` and return the run's status.
pub fn report_diagnostics(
    db: &SourceDb,
    diagnostics: &[Diagnostic],
    format: Format,
    files_checked: usize,
) -> Status {
    let summary = Summary::of(diagnostics);
    match format {
        Format::Human => {
            let mut text = render_human(db, diagnostics, human_options());
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&summary_line(summary, files_checked));
            write_rendered_stderr(&text);
        }
        Format::Json => write_stdout(&render_json(db, diagnostics)),
        Format::Sarif => {
            let (root, base) = sarif_places(db);
            let lint_rules = taskc_core::lint::docs::sarif_rules();
            let options = SarifOptions {
                root: root.as_deref(),
                base: base.as_deref(),
                lint_rules: &lint_rules,
            };
            write_stdout(&render_sarif(db, diagnostics, options));
        }
        Format::Github => write_stdout(&render_github(db, diagnostics)),
    }
    if summary.errors > 0 {
        Status::Errors
    } else {
        Status::Clean
    }
}

/// The workspace root and the folder the loaded paths are relative to, for
/// SARIF URIs. Loaded paths are relative to the real current folder; the
/// root is the folder of the `taskc.toml` above the files (all files of a
/// run share one), or the current folder when there is none.
fn sarif_places(db: &SourceDb) -> (Option<PathBuf>, Option<PathBuf>) {
    let base = std::env::current_dir()
        .ok()
        .map(|cwd| std::fs::canonicalize(&cwd).unwrap_or(cwd));
    let Some(base) = base else {
        return (None, None);
    };
    let root = db
        .iter()
        .next()
        .and_then(|(_, file)| find_config(&base.join(&file.path)))
        .and_then(|config| config.parent().map(PathBuf::from))
        .unwrap_or_else(|| base.clone());
    (Some(root), Some(base))
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

fn summary_line(summary: Summary, files_checked: usize) -> String {
    let files = plural(files_checked, "file");
    if summary.errors == 0 && summary.warnings == 0 {
        format!("Checked {files}: no problems found.\n")
    } else {
        format!(
            "Checked {files}: {}, {}.\n",
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning")
        )
    }
}

/// Print why the workspace could not be loaded (always to stderr, in every
/// format: there is no document to put them in) and return [`Status::Failed`].
pub fn report_load_errors(errors: &[LoadError]) -> Status {
    let mut text = String::new();
    for error in errors {
        text.push_str(&format!(
            "error[{}]: {error}\n  help: {}\n",
            error.code(),
            error.help()
        ));
    }
    write_stderr(&text);
    Status::Failed
}

/// A one-line warning on stderr.
pub fn warn(message: &str) {
    write_stderr(&format!("warning: {message}\n"));
}

/// A failure outside any file (e.g. no current folder); returns
/// [`Status::Failed`].
pub fn fail(message: &str) -> Status {
    write_stderr(&format!("error: {message}\n"));
    Status::Failed
}

/// A command's product on stdout (JSON, SARIF, formatted text, a diff),
/// byte for byte.
pub fn write_stdout(text: &str) {
    raw_stdout(text);
}

/// Text for people on stdout (`taskc why`, listings of files), escaped.
pub fn write_stdout_human(text: &str) {
    raw_stdout(&escape_for_terminal(text));
}

/// Text for people on stderr (messages, summaries, load errors), escaped.
pub fn write_stderr(text: &str) {
    raw_stderr(&escape_for_terminal(text));
}

/// What [`render_human`] produced: escaped while it was rendered, and
/// possibly coloured, so written as it is.
pub fn write_rendered_stderr(text: &str) {
    raw_stderr(text);
}

// A closed pipe (`taskc check | head`) is not worth a panic; the exit
// status still tells the result.
fn raw_stdout(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn raw_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
