//! Which files the server analyses together.
//!
//! The rules are the compiler's (taskc-core's `workspace` module): a
//! workspace is the folder holding `taskc.toml` and every `*.task` file
//! below it, honouring `.gitignore`; files with no `taskc.toml` above them
//! form one workspace per editor folder. An editor folder may hold several
//! `taskc.toml` files, so it may hold several workspaces.
//!
//! Unlike `taskc check`, the server reads files leniently: one unreadable or
//! non-UTF-8 file is left out (and logged) instead of stopping the whole
//! workspace, since the editor must keep working while the user fixes it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use taskc_core::workspace::{find_config, walk_folder, workspace_order};

/// One workspace's files as found on disk.
#[derive(Debug, Clone)]
pub struct LspWorkspace {
    /// The folder holding `taskc.toml`, or the editor folder for files
    /// without one.
    pub root: PathBuf,
    /// Absolute path of `taskc.toml`, if there is one.
    pub config: Option<PathBuf>,
    /// Absolute paths of the `.task` files, in workspace order (the bytes of
    /// their paths).
    pub files: Vec<PathBuf>,
    /// Text on disk of every file above (and `taskc.toml`).
    /// Shared with every analysis that reads it (no copy per keystroke).
    pub disk: HashMap<PathBuf, Arc<str>>,
    /// Files in this workspace's tree that a nearer `taskc.toml` governs:
    /// they are analysed here too (as `taskc check` would), but their
    /// diagnostics are shown from their own workspace.
    pub foreign: HashSet<PathBuf>,
}

impl LspWorkspace {
    /// A workspace holding only `files` (no `taskc.toml`), e.g. a file
    /// opened from outside every editor folder.
    pub fn loose(root: PathBuf, files: Vec<PathBuf>, problems: &mut Vec<String>) -> Self {
        let mut workspace = LspWorkspace {
            root,
            config: None,
            files: Vec::new(),
            disk: HashMap::new(),
            foreign: HashSet::new(),
        };
        for file in files {
            workspace.add_file(file, problems);
        }
        workspace
    }

    /// The workspace whose `taskc.toml` is `config`.
    pub fn with_config(config: PathBuf, problems: &mut Vec<String>) -> Self {
        let root = config.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut workspace = LspWorkspace {
            root: root.clone(),
            config: None,
            files: Vec::new(),
            disk: HashMap::new(),
            foreign: HashSet::new(),
        };
        if let Some(text) = read_text(&config, problems) {
            workspace.disk.insert(config.clone(), text.into());
        }
        workspace.config = Some(config);
        let (files, _) = walk(&root, problems);
        for file in files {
            workspace.add_file(file, problems);
        }
        workspace
    }

    /// Whether `path` is one of this workspace's files (or its `taskc.toml`).
    pub fn contains(&self, path: &Path) -> bool {
        self.config.as_deref() == Some(path)
            || self.files.binary_search_by(|f| cmp(f, path)).is_ok()
    }

    /// Add a `.task` file (read from disk when it exists there; an editor
    /// buffer for a file not yet saved has no disk text).
    pub fn add_file(&mut self, path: PathBuf, problems: &mut Vec<String>) {
        if let Err(at) = self.files.binary_search_by(|f| cmp(f, &path)) {
            if path.is_file() {
                if let Some(text) = read_text(&path, problems) {
                    self.disk.insert(path.clone(), text.into());
                }
            }
            if self.config.is_some() && find_config(&path) != self.config {
                self.foreign.insert(path.clone());
            }
            self.files.insert(at, path);
        }
    }

    /// Whether diagnostics of `path` are shown from this workspace.
    pub fn owns(&self, path: &Path) -> bool {
        self.contains(path) && !self.foreign.contains(path)
    }

    /// Re-read one file after it changed on disk (a file that is gone has
    /// no disk text; an open editor buffer may still hold it).
    pub fn reread(&mut self, path: &Path, problems: &mut Vec<String>) {
        if !path.is_file() {
            self.disk.remove(path);
            return;
        }
        match read_text(path, problems) {
            Some(text) => {
                self.disk.insert(path.to_path_buf(), text.into());
            }
            None => {
                self.disk.remove(path);
            }
        }
    }
}

/// The workspaces of the editor folders: one per `taskc.toml` that governs
/// a file found below a folder, plus one per folder for files that no
/// `taskc.toml` governs.
pub fn discover(folders: &[PathBuf], problems: &mut Vec<String>) -> Vec<LspWorkspace> {
    let mut with_config: BTreeMap<PathBuf, ()> = BTreeMap::new();
    let mut workspaces = Vec::new();
    for folder in folders {
        let (files, configs) = walk(folder, problems);
        // A folder inside a workspace belongs to the workspace above it.
        if let Some(config) = find_config(folder) {
            with_config.insert(config, ());
        }
        for config in configs {
            with_config.insert(config, ());
        }
        let mut loose = Vec::new();
        for file in files {
            match find_config(&file) {
                Some(config) => {
                    with_config.insert(config, ());
                }
                None => loose.push(file),
            }
        }
        if !loose.is_empty() {
            workspaces.push(LspWorkspace::loose(folder.clone(), loose, problems));
        }
    }
    for config in with_config.into_keys() {
        workspaces.push(LspWorkspace::with_config(config, problems));
    }
    workspaces
}

/// Every `*.task` file and every `taskc.toml` below `dir`, found by the
/// compiler's own walk (so `.gitignore` and hidden entries count the same).
fn walk(dir: &Path, problems: &mut Vec<String>) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let found = walk_folder(dir);
    for error in found.errors {
        problems.push(format!("cannot list `{}`: {error}", dir.display()));
    }
    (found.task_files, found.config_files)
}

/// Workspace order: the bytes of the paths, as the compiler orders them.
pub fn cmp(a: &Path, b: &Path) -> std::cmp::Ordering {
    workspace_order(a, b)
}

fn read_text(path: &Path, problems: &mut Vec<String>) -> Option<String> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(_) => {
                problems.push(format!(
                    "`{}` is not valid UTF-8 and is left out",
                    path.display()
                ));
                None
            }
        },
        Err(error) => {
            problems.push(format!("cannot read `{}`: {error}", path.display()));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn a_folder_splits_into_one_workspace_per_config_and_one_for_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        write(&root.join("a/taskc.toml"), "");
        write(&root.join("a/x.task"), "env x {}\n");
        write(&root.join("a/sub/y.task"), "env y {}\n");
        write(&root.join("b/taskc.toml"), "");
        write(&root.join("b/z.task"), "env z {}\n");
        write(&root.join("loose.task"), "env l {}\n");
        write(&root.join(".gitignore"), "ignored/\n");
        write(&root.join("ignored/w.task"), "env w {}\n");
        let mut problems = Vec::new();
        let workspaces = discover(std::slice::from_ref(&root), &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let summary: Vec<(PathBuf, bool, usize)> = workspaces
            .iter()
            .map(|w| (w.root.clone(), w.config.is_some(), w.files.len()))
            .collect();
        assert_eq!(
            summary,
            [
                (root.clone(), false, 1),
                (root.join("a"), true, 2),
                (root.join("b"), true, 1),
            ]
        );
        assert!(workspaces[1].contains(&root.join("a/sub/y.task")));
        assert!(workspaces[1].contains(&root.join("a/taskc.toml")));
        assert!(!workspaces[0].contains(&root.join("ignored/w.task")));
    }

    #[test]
    fn unreadable_files_are_left_out_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        write(&root.join("good.task"), "env a {}\n");
        std::fs::write(root.join("bad.task"), [0xff, 0xfe]).unwrap();
        let mut problems = Vec::new();
        let workspaces = discover(std::slice::from_ref(&root), &mut problems);
        assert_eq!(workspaces.len(), 1);
        assert_eq!(workspaces[0].disk.len(), 1);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("bad.task"), "{problems:?}");
    }
}
