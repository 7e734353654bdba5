//! The workspace: which files belong together, their text, and `taskc.toml`.
//!
//! A workspace is the folder holding `taskc.toml` (found upward from the
//! named paths or the current folder) and every `*.task` file below it,
//! honouring `.gitignore`. Without `taskc.toml`, the files and folders named
//! on the command line form the workspace (LANGUAGE.md §1).
//!
//! Problems that stop a workspace from being loaded at all (a missing path,
//! an unreadable or non-UTF-8 file) are [`LoadError`]s: there is no text to
//! point into. Problems *inside* `taskc.toml` are ordinary diagnostics.

pub mod config;
mod discovery;
pub mod dockerignore;
pub mod python;
pub mod recipe_files;

pub use config::{CONFIG_FILE_NAME, Config, LINT_LEVEL_WORDS, LintSetting, parse_config};
pub use discovery::{FolderWalk, TASK_EXTENSION, find_config, walk_folder, workspace_order};
pub use python::PythonModule;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, SourceDb};

/// A loaded workspace, ready for [`check_workspace`](crate::check::check_workspace).
#[derive(Debug, Clone)]
pub struct Workspace {
    /// Absolute path of the folder holding `taskc.toml`, if there is one.
    pub root: Option<PathBuf>,
    /// `taskc.toml` (first, when present) and every `.task` file, with paths
    /// relative to the current folder when they lie below it.
    pub db: SourceDb,
    pub config: Config,
    /// The `.task` files in workspace order: by the bytes of their path
    /// relative to the root (docs/language.md §1.2). Their ids ascend in the
    /// same order.
    pub task_files: Vec<FileId>,
    /// Problems found in `taskc.toml`.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a workspace could not be loaded. Each is reported as a plain message
/// with a code (`taskc explain` knows them) and ends the run with exit 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// A named path does not exist.
    NotFound { path: PathBuf, reason: String },
    /// A file or folder exists but cannot be read.
    Unreadable { path: PathBuf, reason: String },
    /// A file's bytes are not UTF-8; `offset` is the first invalid byte.
    InvalidUtf8 {
        path: PathBuf,
        offset: usize,
        line: usize,
        column: usize,
    },
    /// A named file does not end in `.task`.
    NotATaskFile { path: PathBuf },
    /// A named path, or `taskc.toml`, exists but is not a regular file
    /// where one is needed (a folder named `x.task`, a FIFO, a device).
    /// `kind` says what it is instead, e.g. "a folder".
    NotARegularFile { path: PathBuf, kind: &'static str },
    /// The named paths lie in different workspaces.
    SeveralWorkspaces {
        first: PathBuf,
        first_config: Option<PathBuf>,
        other: PathBuf,
        other_config: Option<PathBuf>,
    },
    /// Listing a folder failed part-way.
    Walk { dir: PathBuf, reason: String },
}

impl LoadError {
    pub fn code(&self) -> Code {
        match self {
            LoadError::NotFound { .. } => Code::E0901,
            LoadError::Unreadable { .. } | LoadError::Walk { .. } => Code::E0902,
            LoadError::InvalidUtf8 { .. } => Code::E0903,
            LoadError::NotATaskFile { .. } => Code::E0904,
            LoadError::SeveralWorkspaces { .. } => Code::E0905,
            LoadError::NotARegularFile { .. } => Code::E0906,
        }
    }

    pub fn help(&self) -> String {
        match self {
            LoadError::NotFound { .. } => {
                "check the spelling, or run `taskc check` with no path to check the current folder"
                    .to_string()
            }
            LoadError::Unreadable { .. } | LoadError::Walk { .. } => {
                "check the file's permissions".to_string()
            }
            LoadError::InvalidUtf8 { path, .. } if is_config(path) => {
                format!(
                    "`{CONFIG_FILE_NAME}` is TOML, which is UTF-8 text; save it with UTF-8 encoding"
                )
            }
            LoadError::InvalidUtf8 { .. } => {
                "`.task` files are UTF-8 text; save the file with UTF-8 encoding".to_string()
            }
            LoadError::NotARegularFile { path, .. } if is_config(path) => format!(
                "`{CONFIG_FILE_NAME}` must be a file; rename or remove what stands in its place"
            ),
            LoadError::NotARegularFile { .. } => format!(
                "a path ending in `.{TASK_EXTENSION}` must be a file: name the `.{TASK_EXTENSION}` \
                 file itself or the folder holding it"
            ),
            LoadError::NotATaskFile { .. } => {
                format!("name folders or files ending in `.{TASK_EXTENSION}`")
            }
            LoadError::SeveralWorkspaces { .. } => {
                "check one workspace at a time (each `taskc.toml` starts its own)".to_string()
            }
        }
    }
}

/// Whether `path` names the workspace's settings file.
fn is_config(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name == CONFIG_FILE_NAME)
}

fn shown_config(config: &Option<PathBuf>) -> String {
    match config {
        Some(path) => format!("the one at `{}`", path.display()),
        None => "none (no `taskc.toml`)".to_string(),
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NotFound { path, .. } => {
                write!(f, "`{}` does not exist", path.display())
            }
            LoadError::Unreadable { path, reason } => {
                write!(f, "cannot read `{}`: {reason}", path.display())
            }
            LoadError::InvalidUtf8 {
                path,
                offset,
                line,
                column,
            } => write!(
                f,
                "`{}` is not valid UTF-8: the byte at offset {offset} (line {line}, column \
                 {column}) does not start a UTF-8 character",
                path.display()
            ),
            LoadError::NotATaskFile { path } => {
                write!(f, "`{}` is not a `.{TASK_EXTENSION}` file", path.display())
            }
            LoadError::NotARegularFile { path, kind } => {
                write!(f, "`{}` is {kind}, not a regular file", path.display())
            }
            LoadError::SeveralWorkspaces {
                first,
                first_config,
                other,
                other_config,
            } => write!(
                f,
                "`{}` and `{}` belong to different workspaces: the first's taskc.toml is {}, \
                 the second's is {}",
                first.display(),
                other.display(),
                shown_config(first_config),
                shown_config(other_config),
            ),
            LoadError::Walk { dir, reason } => {
                write!(f, "cannot list `{}`: {reason}", dir.display())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Find and read the workspace for `paths` (none = the current folder),
/// resolving relative paths against `cwd`. All load errors are collected,
/// not just the first.
pub fn load_workspace(paths: &[PathBuf], cwd: &Path) -> Result<Workspace, Vec<LoadError>> {
    let discovered = discovery::discover(paths, cwd)?;
    // Shown paths are relative to the real current folder (symlinks
    // resolved, as the discovered paths are).
    let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    let shown = |abs: &Path| -> PathBuf {
        abs.strip_prefix(&cwd)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| abs.to_path_buf())
    };

    let mut db = SourceDb::new();
    let mut errors = Vec::new();
    let mut config = Config::default();
    let mut diagnostics = Vec::new();
    if let Some(config_path) = &discovered.config {
        match read_utf8(config_path, &shown(config_path)) {
            Ok(text) => {
                let file = db.add(shown(config_path), text.clone());
                (config, diagnostics) = parse_config(file, &text);
            }
            Err(error) => errors.push(error),
        }
    }
    let mut task_files = Vec::new();
    for path in &discovered.task_files {
        match read_utf8(path, &shown(path)) {
            Ok(text) => task_files.push(db.add(shown(path), text)),
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if let Some(root) = &discovered.root {
        config.root = Some(root.clone());
        python::read_modules(root, &mut db, &mut config, &task_files, &shown);
    }
    Ok(Workspace {
        root: discovered.root,
        db,
        config,
        task_files,
        diagnostics,
    })
}

/// Read a file as UTF-8 text; `shown` is the path used in messages.
pub(crate) fn read_utf8(path: &Path, shown: &Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|error| LoadError::Unreadable {
        path: shown.to_path_buf(),
        reason: error.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|error| {
        let bytes = error.as_bytes();
        let offset = error.utf8_error().valid_up_to();
        // Everything before `offset` is valid UTF-8 by definition.
        let valid = std::str::from_utf8(bytes.get(..offset).unwrap_or_default()).unwrap_or("");
        let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
        LoadError::InvalidUtf8 {
            path: shown.to_path_buf(),
            offset,
            line: valid.matches('\n').count() + 1,
            column: valid.get(line_start..).map_or(0, |s| s.chars().count()) + 1,
        }
    })
}

#[cfg(test)]
mod tests;
