//! The Python bindings module (`--emit python`, `[python] bindings`): where
//! it goes, its text, and comparing or writing it like any other output.

use std::path::{Component, Path, PathBuf};

use taskc_core::backend::python::{self, Sources};
use taskc_core::diagnostics::{Code, Diagnostic};
use taskc_core::semantic::Model;
use taskc_core::source::FileSpan;
use taskc_core::workspace::Workspace;
use tempfile::TempPath;

use super::commit::{Faults, Op};
use super::lock;
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
    // A folder of the path may be a symbolic link leading out.
    if let Some(leads_to) = super::place::outside(root, &full) {
        return Err(problem(format!(
            "the bindings path `{path}` leads outside the workspace, to `{}`",
            leads_to.display()
        )));
    }
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

/// The module's text for the workspace, to be written at `target`.
pub fn text(workspace: &Workspace, model: &Model, cwd: &Path, target: &Path) -> String {
    let root = workspace
        .root
        .as_deref()
        .and_then(|r| std::fs::canonicalize(r).ok());
    // The module finds the workspace root from its own place: the target's
    // folder is created by the build, so the target is compared as written.
    let module_at = root.as_deref().and_then(|root| {
        let target = cwd.join(target);
        let relative = lexical(&target)
            .strip_prefix(lexical(root))
            .ok()?
            .to_path_buf();
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    });
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
    let text = |id| workspace.db.get(id).map(|f| &*f.text);
    let sources = Sources {
        files,
        text: &text,
        module_at,
    };
    let options = taskc_core::backend::BuildOptions::from_config(&workspace.config);
    python::generate(model, &sources, &options)
}

/// The bindings compared with the disk (and staged when building).
#[derive(Debug)]
pub struct Planned {
    pub path: PathBuf,
    pub difference: Option<Difference>,
    /// Temporary files of killed builds beside the bindings (`--check`
    /// lists them; a build removes them).
    pub leftovers: Vec<PathBuf>,
    staged: Option<TempPath>,
}

impl Planned {
    /// The staged module as a step of the build's commit; `None` when the
    /// file is up to date (or nothing was staged).
    pub fn take_op(&mut self) -> Option<Op> {
        let staged = self.staged.take()?;
        Some(Op::Install {
            target: self.path.clone(),
            staged,
        })
    }
}

/// Compare the bindings at `path` with `text`; with `stage` (a build),
/// stage the new text, first removing the temporary files killed builds
/// left beside them when `locked` (the out dir's lock is held, so no
/// build is running).
pub fn plan(
    path: PathBuf,
    text: &str,
    stage: Option<&dyn Faults>,
    locked: bool,
) -> Result<Planned, WriteError> {
    let difference = out_dir::compare(&path, text.as_bytes());
    let dir = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let staged = match (difference, stage) {
        (Some(difference), Some(faults)) => {
            std::fs::create_dir_all(&dir).map_err(|error| WriteError {
                path: dir.clone(),
                error,
            })?;
            if locked {
                lock::remove_leftovers(&dir)?;
            }
            Some(out_dir::stage_file(
                &dir,
                &path,
                text.as_bytes(),
                difference,
                faults,
            )?)
        }
        (_, Some(_)) => {
            if locked {
                lock::remove_leftovers(&dir)?;
            }
            None
        }
        (_, None) => None,
    };
    let leftovers = match stage {
        Some(_) => Vec::new(),
        None => lock::leftovers(&dir)
            .into_iter()
            .map(|name| dir.join(name))
            .collect(),
    };
    Ok(Planned {
        path,
        difference,
        leftovers,
        staged,
    })
}
