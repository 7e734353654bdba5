//! What the server knows between messages: the workspaces found on disk,
//! the documents open in the editor (whose text wins over the disk), and
//! the latest analysis of each workspace.
//!
//! Every change bumps a workspace's revision; an analysis ([`Snapshot`]) is
//! built for one revision and is current until the next change. Building
//! happens outside the lock, so messages keep flowing while it runs.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use taskc_core::check::{CheckCache, check_workspace_with};
use taskc_core::diagnostics::Diagnostic;
use taskc_core::ide::Analysis;
use taskc_core::source::{FileId, SourceDb, SourceFile};
use taskc_core::workspace::{Config, find_config, parse_config, python};
use tower_lsp_server::ls_types::Uri;

use crate::workspace::{self, LspWorkspace};

/// A document open in the editor.
#[derive(Debug, Clone)]
pub struct OpenDocument {
    /// The URI exactly as the editor sent it (answers use the same one).
    pub uri: Uri,
    pub version: i32,
    pub file: SourceFile,
}

/// One workspace with its revision and latest analysis.
#[derive(Debug)]
pub struct WorkspaceState {
    pub files: LspWorkspace,
    pub revision: u64,
    pub snapshot: Option<Arc<Snapshot>>,
    /// Syntax trees of the last analysis, so the next one parses only the
    /// files that changed. Used by one build at a time (builds take turns).
    pub parses: Arc<Mutex<CheckCache>>,
}

impl WorkspaceState {
    fn new(files: LspWorkspace) -> Self {
        WorkspaceState {
            files,
            revision: 0,
            snapshot: None,
            parses: Arc::default(),
        }
    }
}

/// The server's whole state, behind one lock.
#[derive(Debug, Default)]
pub struct State {
    /// The editor's workspace folders.
    pub folders: Vec<PathBuf>,
    pub workspaces: Vec<WorkspaceState>,
    pub open: HashMap<PathBuf, OpenDocument>,
    /// Workspaces (by root) whose diagnostics are out of date.
    pub dirty: BTreeSet<PathBuf>,
    /// Counter shared by all workspaces, so a rebuilt workspace list never
    /// reuses a revision number.
    next_revision: u64,
    /// Messages for the editor's log (unreadable files and such).
    pub problems: Vec<String>,
    /// What was last published per file, so unchanged lists of files the
    /// editor does not show are not sent again on every keystroke.
    pub published: HashMap<PathBuf, Vec<tower_lsp_server::ls_types::Diagnostic>>,
    /// Documents whose ignored changes were already logged.
    pub warned: HashSet<String>,
}

/// Everything an analysis needs, copied out of the state under the lock.
#[derive(Debug)]
pub struct Inputs {
    root: PathBuf,
    revision: u64,
    config: Option<(PathBuf, Arc<str>)>,
    /// Absolute path, text, and the editor's version for open documents.
    files: Vec<(PathBuf, Arc<str>, Option<i32>)>,
    parses: Arc<Mutex<CheckCache>>,
}

/// One analysed revision of a workspace, with the mapping between the
/// analysis' [`FileId`]s and the editor's paths.
#[derive(Debug)]
pub struct Snapshot {
    pub root: PathBuf,
    pub revision: u64,
    pub analysis: Analysis,
    /// Problems in `taskc.toml` (they come from reading the config, not
    /// from the analysis).
    pub config_diagnostics: Vec<Diagnostic>,
    /// Absolute path of each file, indexed by [`FileId`].
    pub paths: Vec<PathBuf>,
    /// Editor version of each file the analysis saw, if it was open.
    pub versions: Vec<Option<i32>>,
}

impl Snapshot {
    pub fn build(inputs: Inputs) -> Snapshot {
        let mut db = SourceDb::new();
        let mut paths = Vec::new();
        let mut versions = Vec::new();
        let shown = |path: &Path| {
            path.strip_prefix(&inputs.root)
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| path.to_path_buf())
        };
        let (mut config, config_diagnostics) = match &inputs.config {
            Some((path, text)) => {
                let id = db.add(shown(path), text.clone());
                paths.push(path.clone());
                versions.push(None);
                parse_config(id, text)
            }
            None => (Config::default(), Vec::new()),
        };
        let mut task_files = Vec::new();
        for (path, text, version) in inputs.files {
            task_files.push(db.add(shown(&path), text));
            paths.push(path);
            versions.push(version);
        }
        // The Python modules of function templates, read from disk, so
        // that their drift from the templates is shown in both files.
        config.root = Some(inputs.root.clone());
        let modules = python::read_modules(&inputs.root, &mut db, &mut config, &task_files, &shown);
        for path in modules {
            paths.push(path);
            versions.push(None);
        }
        let checked = {
            let mut parses = inputs.parses.lock().unwrap_or_else(PoisonError::into_inner);
            check_workspace_with(&db, &config, &mut parses)
        };
        Snapshot {
            root: inputs.root,
            revision: inputs.revision,
            analysis: Analysis::from_check(db, config, checked),
            config_diagnostics,
            paths,
            versions,
        }
    }

    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.paths
            .iter()
            .position(|p| p == path)
            .and_then(|i| u32::try_from(i).ok())
            .map(FileId)
    }

    pub fn path(&self, id: FileId) -> Option<&Path> {
        self.paths.get(id.0 as usize).map(PathBuf::as_path)
    }

    pub fn source(&self, id: FileId) -> Option<&SourceFile> {
        self.analysis.db().get(id)
    }

    /// Whether `path` is a Python module this analysis read (for the drift
    /// of its function templates).
    pub fn read_module(&self, path: &Path) -> bool {
        path.extension().is_some_and(|e| e == "py") && self.paths.iter().any(|p| p == path)
    }
}

impl State {
    fn bump(&mut self) -> u64 {
        self.next_revision += 1;
        self.next_revision
    }

    /// Find the workspaces of the editor folders again (at start, and when
    /// files or `taskc.toml` files appear or disappear), then add back the
    /// open documents that belong to none of them.
    pub fn rediscover(&mut self) {
        let found = workspace::discover(&self.folders, &mut self.problems);
        // A workspace found again keeps its parsed trees.
        let mut parses: HashMap<PathBuf, Arc<Mutex<CheckCache>>> = self
            .workspaces
            .drain(..)
            .map(|w| (w.files.root, w.parses))
            .collect();
        self.workspaces = found
            .into_iter()
            .map(|files| {
                let kept = parses.remove(&files.root);
                let mut state = WorkspaceState::new(files);
                if let Some(kept) = kept {
                    state.parses = kept;
                }
                state
            })
            .collect();
        for ws in &mut self.workspaces {
            self.next_revision += 1;
            ws.revision = self.next_revision;
            self.dirty.insert(ws.files.root.clone());
        }
        let open: Vec<PathBuf> = self.open.keys().cloned().collect();
        for path in open {
            self.workspace_for(&path, true);
        }
    }

    /// Index of the workspace `path` belongs to: the one of the nearest
    /// `taskc.toml`, else a workspace without config that holds it. With
    /// `adopt`, a file that belongs to none is added to (or starts) one.
    pub fn workspace_for(&mut self, path: &Path, adopt: bool) -> Option<usize> {
        let is_config = path
            .file_name()
            .is_some_and(|n| n == taskc_core::workspace::CONFIG_FILE_NAME);
        if is_config {
            return self
                .workspaces
                .iter()
                .position(|w| w.files.config.as_deref() == Some(path));
        }
        let config = find_config(path);
        let found = self.workspaces.iter().position(|w| match &config {
            Some(config) => w.files.config.as_ref() == Some(config),
            None => w.files.config.is_none() && w.files.contains(path),
        });
        let found = found.or_else(|| {
            // A file without config inside a folder's loose workspace.
            config.is_none().then(|| {
                self.workspaces
                    .iter()
                    .position(|w| w.files.config.is_none() && path.starts_with(&w.files.root))
            })?
        });
        if !adopt {
            return found.filter(|&i| self.workspaces[i].files.contains(path));
        }
        let index = match found {
            Some(index) => index,
            None => {
                let files = match config {
                    Some(config) => LspWorkspace::with_config(config, &mut self.problems),
                    None => {
                        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
                        LspWorkspace::loose(root, Vec::new(), &mut self.problems)
                    }
                };
                self.workspaces.push(WorkspaceState::new(files));
                self.workspaces.len() - 1
            }
        };
        if !self.workspaces[index].files.contains(path) {
            self.workspaces[index]
                .files
                .add_file(path.to_path_buf(), &mut self.problems);
        }
        self.changed(index);
        Some(index)
    }

    /// Mark a workspace's inputs as changed.
    pub fn changed(&mut self, index: usize) {
        let revision = self.bump();
        if let Some(ws) = self.workspaces.get_mut(index) {
            ws.revision = revision;
            self.dirty.insert(ws.files.root.clone());
        }
    }

    /// Mark every workspace holding `path` as changed (a file may lie in
    /// the tree of an outer workspace too).
    pub fn changed_path(&mut self, path: &Path) {
        let holding: Vec<usize> = (0..self.workspaces.len())
            .filter(|&i| self.workspaces[i].files.contains(path))
            .collect();
        for index in holding {
            self.changed(index);
        }
    }

    /// Re-read a file from disk in every workspace holding it.
    pub fn reread(&mut self, path: &Path) {
        let holding: Vec<usize> = (0..self.workspaces.len())
            .filter(|&i| self.workspaces[i].files.contains(path))
            .collect();
        for index in holding {
            self.workspaces[index]
                .files
                .reread(path, &mut self.problems);
            self.changed(index);
        }
    }

    /// Workspaces whose latest analysis read the Python module `path`.
    fn module_readers(&self, path: &Path) -> Vec<usize> {
        (0..self.workspaces.len())
            .filter(|&i| {
                self.workspaces[i]
                    .snapshot
                    .as_ref()
                    .is_some_and(|s| s.read_module(path))
            })
            .collect()
    }

    /// A Python module was saved: the workspaces that read it analyse
    /// again (modules are read from disk with each analysis).
    pub fn module_saved(&mut self, path: &Path) {
        for index in self.module_readers(path) {
            self.changed(index);
        }
    }

    /// Whether the workspace rooted at `root` publishes the diagnostics of
    /// the Python module `path` (its drift from the templates).
    pub fn reads_module(&self, root: &Path, path: &Path) -> bool {
        self.index_of_root(root)
            .is_some_and(|i| self.module_readers(path).contains(&i))
    }

    /// Whether the workspace rooted at `root` shows the diagnostics of `path`.
    pub fn owns(&self, root: &Path, path: &Path) -> bool {
        self.index_of_root(root)
            .is_some_and(|i| self.workspaces[i].files.owns(path))
    }

    /// URIs of files that had diagnostics published but now have no text
    /// in any workspace (deleted, ignored, closed without ever being
    /// saved); they are forgotten here and must be cleared in the editor.
    pub fn take_orphans(&mut self) -> Vec<Uri> {
        let orphans: Vec<PathBuf> = self
            .published
            .keys()
            .filter(|path| {
                !self.open.contains_key(*path)
                    && self.module_readers(path).is_empty()
                    && !self
                        .workspaces
                        .iter()
                        .any(|w| w.files.disk.contains_key(*path))
            })
            .cloned()
            .collect();
        orphans
            .into_iter()
            .filter_map(|path| {
                self.published.remove(&path);
                Uri::from_file_path(&path)
            })
            .collect()
    }

    pub fn index_of_root(&self, root: &Path) -> Option<usize> {
        self.workspaces.iter().position(|w| w.files.root == root)
    }

    /// The current analysis of a workspace, or what to build it from.
    pub fn current(&self, index: usize) -> Result<Arc<Snapshot>, Inputs> {
        let ws = &self.workspaces[index];
        if let Some(snapshot) = &ws.snapshot {
            if snapshot.revision == ws.revision {
                return Ok(snapshot.clone());
            }
        }
        let text_of = |path: &Path| -> Option<(Arc<str>, Option<i32>)> {
            match self.open.get(path) {
                Some(doc) => Some((doc.file.text.clone(), Some(doc.version))),
                None => ws.files.disk.get(path).map(|t| (t.clone(), None)),
            }
        };
        let config = ws
            .files
            .config
            .as_ref()
            .and_then(|path| Some((path.clone(), text_of(path)?.0)));
        let files = ws
            .files
            .files
            .iter()
            .filter_map(|path| {
                let (text, version) = text_of(path)?;
                Some((path.clone(), text, version))
            })
            .collect();
        Err(Inputs {
            root: ws.files.root.clone(),
            revision: ws.revision,
            config,
            files,
            parses: ws.parses.clone(),
        })
    }

    /// Keep a freshly built analysis unless a newer one is already kept.
    /// Returns the one it replaces: freeing a large analysis takes a while,
    /// so the caller drops it off the path that answers the editor.
    #[must_use]
    pub fn store(&mut self, snapshot: &Arc<Snapshot>) -> Option<Arc<Snapshot>> {
        let index = self.index_of_root(&snapshot.root)?;
        let ws = &mut self.workspaces[index];
        let newer = ws
            .snapshot
            .as_ref()
            .is_none_or(|kept| kept.revision < snapshot.revision);
        if newer && snapshot.revision <= ws.revision {
            ws.snapshot.replace(snapshot.clone())
        } else {
            None
        }
    }

    /// The URI to publish for `path`: the editor's own for open documents.
    pub fn uri_of(&self, path: &Path) -> Option<Uri> {
        match self.open.get(path) {
            Some(doc) => Some(doc.uri.clone()),
            None => Uri::from_file_path(path),
        }
    }
}

/// The path a `file:` URI names, with symlinks resolved the way workspace
/// discovery resolves them (when the file exists).
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme().as_str() != "file" {
        return None;
    }
    let path = uri.to_file_path()?.into_owned();
    if !path.is_absolute() {
        return None;
    }
    Some(std::fs::canonicalize(&path).unwrap_or(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(parses: &Arc<Mutex<CheckCache>>, revision: u64, b: &str) -> Inputs {
        let root = PathBuf::from("/ws");
        Inputs {
            root: root.clone(),
            revision,
            config: None,
            files: vec![
                (root.join("a.task"), "env a {}\n".into(), None),
                (root.join("b.task"), b.into(), Some(revision as i32)),
            ],
            parses: parses.clone(),
        }
    }

    #[test]
    fn a_rebuilt_snapshot_keeps_the_trees_of_unchanged_files() {
        let parses = Arc::default();
        let first = Snapshot::build(inputs(&parses, 1, "env b extends a {}\n"));
        let second = Snapshot::build(inputs(&parses, 2, "env b extends aa {}\n"));
        let tree = |snapshot: &Snapshot, id: u32| {
            snapshot.analysis.parsed(FileId(id)).map(std::ptr::from_ref)
        };
        assert!(tree(&first, 0).is_some());
        assert_eq!(tree(&first, 0), tree(&second, 0));
        assert_ne!(tree(&first, 1), tree(&second, 1));
        assert!(first.analysis.diagnostics().is_empty());
        assert_eq!(second.analysis.diagnostics().len(), 1);
        assert_eq!(second.versions, [None, Some(2)]);
    }

    #[test]
    fn the_python_module_of_a_template_is_read_and_its_drift_reported_in_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path().to_path_buf();
        let python = root.join("tasks.py");
        std::fs::write(&python, "def t(x: str) -> None:\n    pass\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let config = "[flyte]\ndefault_module = \"tasks\"\n[python]\nbindings = \"b.py\"\n";
        let task = "env e {}\ntemplate t in e {\n  inputs {\n    x: int\n  }\n}\n";
        let snapshot = Snapshot::build(Inputs {
            root: root.clone(),
            revision: 1,
            config: Some((root.join("taskc.toml"), config.into())),
            files: vec![(root.join("a.task"), task.into(), None)],
            parses: Arc::default(),
        });
        let id = snapshot
            .file_id(&python)
            .expect("the module is in the snapshot");
        let codes: Vec<&str> = snapshot
            .analysis
            .diagnostics()
            .iter()
            .filter(|d| d.primary.file == id)
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(codes, ["E0803", "E0805"]);
        assert_eq!(snapshot.versions.len(), snapshot.paths.len());
    }
}
