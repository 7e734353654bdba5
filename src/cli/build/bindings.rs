//! The Python bindings module (`--emit python`, `[python] bindings`): where
//! it goes, its text, and comparing or writing it like any other output.

use std::path::{Component, Path, PathBuf};

use taskc_core::backend::python::{self, Sources};
use taskc_core::diagnostics::{Code, Diagnostic};
use taskc_core::semantic::Model;
use taskc_core::source::FileSpan;
use taskc_core::workspace::Workspace;
use tempfile::TempPath;

use super::out_dir::{self, Difference, WriteError};

/// Registered in `diagnostics/codes.rs`.
pub const BAD_BINDINGS_PATH: Code = Code::E0926;

/// The file name of the bindings in the out dir when taskc.toml names none.
pub const DEFAULT_FILE: &str = "flyte_tasks.py";

/// Where the bindings go: `[python] bindings` (checked), else the out dir
/// when `--emit python` asks for them; `Ok(None)` when neither.
pub fn target(
    workspace: &Workspace,
    out_dir: &Path,
    emit_python: bool,
) -> Result<Option<PathBuf>, Box<Diagnostic>> {
    // `[python] bindings` is only ever read from a taskc.toml, which is
    // the workspace root.
    let config = &workspace.config;
    let (Some((path, span)), Some(file), Some(root)) =
        (&config.python.bindings, config.source, &workspace.root)
    else {
        return Ok(emit_python.then(|| out_dir.join(DEFAULT_FILE)));
    };
    let problem = |message: String| {
        let diagnostic = Diagnostic::error(BAD_BINDINGS_PATH, FileSpan::new(file, *span), message).with_help(
            "name a `.py` file inside the workspace, outside the out dir, e.g. `bindings = \"pipelines/flyte_tasks.py\"`",
        );
        Box::new(diagnostic)
    };
    let relative = Path::new(path);
    let escapes = relative.is_absolute()
        || relative
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)));
    if escapes {
        return Err(problem(format!(
            "the bindings path `{path}` leads outside the workspace"
        )));
    }
    match relative.extension().and_then(|e| e.to_str()) {
        Some("py") => {}
        Some("task") => {
            return Err(problem(format!(
                "the bindings path `{path}` is a `.task` file"
            )));
        }
        _ => {
            return Err(problem(format!(
                "the bindings path `{path}` is not a `.py` file"
            )));
        }
    }
    let full = root.join(relative);
    if lexical(&full).starts_with(lexical(out_dir)) {
        return Err(problem(format!(
            "the bindings path `{path}` is inside the out dir, whose files the build owns"
        )));
    }
    Ok(Some(full))
}

/// `path` with `.` components dropped (the paths compared never hold `..`
/// below the workspace root).
fn lexical(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// The module's text for the workspace.
pub fn text(workspace: &Workspace, model: &Model, cwd: &Path) -> String {
    let root = workspace
        .root
        .as_deref()
        .and_then(|r| std::fs::canonicalize(r).ok());
    let files = workspace
        .task_files
        .iter()
        .filter_map(|&id| {
            let file = workspace.db.get(id)?;
            let absolute = std::fs::canonicalize(cwd.join(&file.path)).ok();
            let shown = match (&root, &absolute) {
                (Some(root), Some(absolute)) => absolute
                    .strip_prefix(root)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|_| file.path.clone()),
                _ => file.path.clone(),
            };
            let shown: Vec<String> = shown
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Some((id, shown.join("/")))
        })
        .collect();
    let text = |id| workspace.db.get(id).map(|f| f.text.as_str());
    let sources = Sources { files, text: &text };
    let options = taskc_core::backend::BuildOptions::from_config(&workspace.config);
    python::generate(model, &sources, &options)
}

/// The bindings compared with the disk (and staged when building).
#[derive(Debug)]
pub struct Planned {
    pub path: PathBuf,
    pub difference: Option<Difference>,
    staged: Option<TempPath>,
}

pub fn plan(path: PathBuf, text: &str, stage: bool) -> Result<Planned, WriteError> {
    let difference = out_dir::compare(&path, text.as_bytes());
    let staged = match difference {
        Some(difference) if stage => {
            let dir = path
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            std::fs::create_dir_all(&dir).map_err(|error| WriteError {
                path: dir.clone(),
                error,
            })?;
            let replaces = difference == Difference::Stale;
            Some(out_dir::stage_file(&dir, &path, text.as_bytes(), replaces)?)
        }
        _ => None,
    };
    Ok(Planned {
        path,
        difference,
        staged,
    })
}

/// Move the staged module into place; true when the file was written.
pub fn apply(planned: Planned) -> Result<bool, WriteError> {
    let Some(staged) = planned.staged else {
        return Ok(false);
    };
    staged.persist(&planned.path).map_err(|e| WriteError {
        path: planned.path.clone(),
        error: e.error,
    })?;
    Ok(true)
}
