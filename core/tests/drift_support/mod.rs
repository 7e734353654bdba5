//! Workspaces with Python modules, written to a temporary folder and
//! checked as `taskc check` does.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use taskc_core::check::check_workspace;
use taskc_core::diagnostics::Diagnostic;
use taskc_core::diagnostics::render::{HumanOptions, render_human};
use taskc_core::source::FileId;
use taskc_core::workspace::{Workspace, load_workspace};

pub struct Checked {
    pub dir: tempfile::TempDir,
    pub workspace: Workspace,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn rendered(&self) -> String {
        let options = HumanOptions {
            color: false,
            width: 100,
        };
        render_human(&self.workspace.db, &self.diagnostics, options)
    }

    pub fn path(&self, file: FileId) -> PathBuf {
        self.workspace
            .db
            .get(file)
            .map(|f| f.path.clone())
            .unwrap_or_default()
    }
}

pub fn codes(checked: &Checked) -> Vec<&'static str> {
    checked
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

pub fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// `tasks.task` and `pkg/tasks.py` (module `pkg.tasks`, the default
/// module) with bindings at `pkg/flyte_tasks.py`.
pub fn check(tasks: &str, python: &str) -> Checked {
    check_with(
        "[python]\nbindings = \"pkg/flyte_tasks.py\"\n",
        tasks,
        python,
    )
}

/// As [`check`], with `python_section` instead of the bindings line.
pub fn check_with(python_section: &str, tasks: &str, python: &str) -> Checked {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = format!("[flyte]\ndefault_module = \"pkg.tasks\"\n{python_section}");
    write(dir.path(), "taskc.toml", &config);
    write(dir.path(), "tasks.task", tasks);
    write(dir.path(), "pkg/tasks.py", python);
    checked(dir)
}

/// Load and check the workspace in `dir`.
pub fn checked(dir: tempfile::TempDir) -> Checked {
    let workspace =
        load_workspace(&[dir.path().to_path_buf()], dir.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let output = check_workspace(&workspace.db, &workspace.config);
    let mut diagnostics = workspace.diagnostics.clone();
    diagnostics.extend(output.diagnostics);
    Checked {
        dir,
        workspace,
        diagnostics,
    }
}

#[path = "../python_support/venv.rs"]
mod venv;
#[allow(unused_imports)] // not every test binary that shares this module runs the SDK
pub use venv::venv_python;

/// The bindings module of a checked workspace, as `taskc build` writes it.
pub fn bindings_text(checked: &Checked, model: &taskc_core::semantic::Model) -> String {
    use taskc_core::backend::python::{Sources, generate};
    let db = &checked.workspace.db;
    let files = checked
        .workspace
        .task_files
        .iter()
        .filter_map(|&id| Some((id, db.get(id)?.path.to_string_lossy().into_owned())))
        .collect();
    let text = |id| db.get(id).map(|f| &*f.text);
    let sources = Sources {
        files,
        text: &text,
        module_at: None,
    };
    let options = taskc_core::backend::BuildOptions::from_config(&checked.workspace.config);
    generate(model, &sources, &options)
}
