//! Which files make up the workspace: find `taskc.toml` upward from each
//! named path, then collect the `.task` files below the root (or below the
//! named folders when there is no `taskc.toml`), honouring `.gitignore`.

use std::path::{Path, PathBuf};

use super::LoadError;
use super::config::CONFIG_FILE_NAME;

/// The extension of source files.
pub const TASK_EXTENSION: &str = "task";

/// The files to load, as absolute paths in workspace order (the order fixes
/// the [`FileId`](crate::source::FileId)s, the order of diagnostics and of
/// cross-file outputs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Discovered {
    /// The folder holding `taskc.toml`, if any.
    pub root: Option<PathBuf>,
    /// `taskc.toml`, if any.
    pub config: Option<PathBuf>,
    pub task_files: Vec<PathBuf>,
}

/// Decide the workspace for `paths` (relative ones are taken from `cwd`;
/// no paths means `cwd`).
pub(super) fn discover(paths: &[PathBuf], cwd: &Path) -> Result<Discovered, Vec<LoadError>> {
    // (as the user wrote it, as found from `cwd`)
    let named: Vec<(PathBuf, PathBuf)> = if paths.is_empty() {
        vec![(PathBuf::from("."), cwd.to_path_buf())]
    } else {
        paths.iter().map(|p| (p.clone(), cwd.join(p))).collect()
    };

    // Every named path must exist and be a folder or a `.task` file.
    let mut errors = Vec::new();
    let mut resolved = Vec::new();
    for (shown, path) in named {
        let abs = match std::fs::canonicalize(&path) {
            Ok(abs) => abs,
            Err(error) => {
                errors.push(LoadError::NotFound {
                    path: shown,
                    reason: error.to_string(),
                });
                continue;
            }
        };
        // The type comes from the metadata, so a FIFO is never opened (and
        // cannot block the run).
        let file_type = std::fs::metadata(&abs).map(|m| m.file_type());
        // As written: `.` run inside a folder named `x.task` is a folder.
        let named_task = is_task_file(&shown);
        match file_type {
            Err(error) => errors.push(LoadError::Unreadable {
                path: shown,
                reason: error.to_string(),
            }),
            Ok(t) if t.is_file() && !is_task_file(&abs) => {
                errors.push(LoadError::NotATaskFile { path: shown })
            }
            Ok(t) if t.is_file() || (t.is_dir() && !named_task) => resolved.push((shown, abs)),
            Ok(t) => errors.push(LoadError::NotARegularFile {
                path: shown,
                kind: describe(t),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    // All named paths must agree on the workspace they belong to.
    let configs: Vec<(PathBuf, Option<PathBuf>)> = resolved
        .iter()
        .map(|(shown, abs)| (shown.clone(), find_config(abs)))
        .collect();
    let (first, config) = match configs.first() {
        Some((first, config)) => (first.clone(), config.clone()),
        None => (PathBuf::from("."), None),
    };
    if let Some((other, other_config)) = configs.iter().find(|(_, c)| *c != config) {
        return Err(vec![LoadError::SeveralWorkspaces {
            first,
            first_config: config,
            other: other.clone(),
            other_config: other_config.clone(),
        }]);
    }

    // A `taskc.toml` that is a folder, a FIFO or a device would be passed
    // over by `find_config`, silently checking the files without their
    // settings (or under a workspace further up).
    let real_cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    for (_, abs) in &resolved {
        if let Some((path, t)) = nearest_config_entry(abs).filter(|(_, t)| !t.is_file()) {
            let shown = path.strip_prefix(&real_cwd).unwrap_or(&path).to_path_buf();
            let error = LoadError::NotARegularFile {
                path: shown,
                kind: describe(t),
            };
            if !errors.contains(&error) {
                errors.push(error);
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let root = config
        .as_ref()
        .and_then(|c| c.parent().map(Path::to_path_buf));
    let mut task_files = Vec::new();
    // With `taskc.toml`, the whole root is the workspace (one namespace);
    // without it, only what was named.
    let walk_roots: Vec<&Path> = match &root {
        Some(root) => vec![root.as_path()],
        None => resolved
            .iter()
            .map(|(_, abs)| abs.as_path())
            .filter(|abs| abs.is_dir())
            .collect(),
    };
    for dir in walk_roots {
        collect_task_files(dir, &mut task_files, &mut errors);
    }
    // A file named on the command line is checked even when ignored.
    task_files.extend(
        resolved
            .iter()
            .map(|(_, abs)| abs.clone())
            .filter(|abs| abs.is_file()),
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    // Workspace order (docs/language.md §1.2). All paths share the root's
    // prefix, so this is the order of the paths relative to the root.
    task_files.sort_by(|a, b| workspace_order(a, b));
    task_files.dedup();
    Ok(Discovered {
        root,
        config,
        task_files,
    })
}

fn is_task_file(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == TASK_EXTENSION)
}

/// The nearest `taskc.toml` in `start` (a folder) or its parent folders;
/// for a file, the search starts in its folder.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let first = if start.is_dir() {
        start
    } else {
        start.parent()?
    };
    first
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// The nearest entry named `taskc.toml` of any type, searched like
/// [`find_config`], with its type (symlinks followed).
fn nearest_config_entry(start: &Path) -> Option<(PathBuf, std::fs::FileType)> {
    let first = if start.is_dir() {
        start
    } else {
        start.parent()?
    };
    first.ancestors().find_map(|dir| {
        let candidate = dir.join(CONFIG_FILE_NAME);
        let file_type = std::fs::metadata(&candidate).ok()?.file_type();
        Some((candidate, file_type))
    })
}

/// What a path that is not a regular file is, for messages.
fn describe(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// Workspace order: the bytes of the paths (`Path`'s own order compares
/// components, which puts `a/x.task` before `a-b/x.task`).
pub fn workspace_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    a.as_os_str()
        .as_encoded_bytes()
        .cmp(b.as_os_str().as_encoded_bytes())
}

/// What one walk below a folder finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FolderWalk {
    /// Every `*.task` file, in workspace order.
    pub task_files: Vec<PathBuf>,
    /// Every `taskc.toml`, in the order the walk met them.
    pub config_files: Vec<PathBuf>,
    /// Why a part of the folder could not be listed.
    pub errors: Vec<String>,
}

/// Every `*.task` file and `taskc.toml` below `dir`, skipping what
/// `.gitignore`, `.ignore` and git's exclude files leave out and hidden
/// entries (as git tools do). `.gitignore` counts even when `dir` is not
/// inside a git repository. `taskc check` and the language server both
/// walk with this.
pub fn walk_folder(dir: &Path) -> FolderWalk {
    let mut found = FolderWalk::default();
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                let path = entry.path();
                if is_task_file(path) {
                    found.task_files.push(path.to_path_buf());
                } else if path.file_name().is_some_and(|n| n == CONFIG_FILE_NAME) {
                    found.config_files.push(path.to_path_buf());
                }
            }
            Ok(_) => {}
            Err(error) => found.errors.push(error.to_string()),
        }
    }
    found.task_files.sort_by(|a, b| workspace_order(a, b));
    found
}

fn collect_task_files(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<LoadError>) {
    let found = walk_folder(dir);
    files.extend(found.task_files);
    errors.extend(found.errors.into_iter().map(|reason| LoadError::Walk {
        dir: dir.to_path_buf(),
        reason,
    }));
}
