//! Reading the files an image recipe names, in the order and form the
//! Flyte SDK feeds them to an image's hash (`flyte._utils.file_handling`):
//! a file's bytes (`filehash_update`), or a file or folder as its files'
//! bytes each followed by its path relative to the folder without
//! separators (`update_hasher_for_source`, walking folders as `os.walk`
//! does: each folder's files in name order, then its subfolders in
//! directory order, without following links to folders).

use std::path::{Path, PathBuf};

use super::dockerignore::DockerIgnore;

/// Why a recipe path could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecipeReadError {
    /// The workspace was not loaded from a folder (no `taskc.toml`).
    NoRoot,
    Missing,
    /// A file where a folder is needed, or the other way round.
    WrongKind {
        expected: &'static str,
    },
    Unreadable(String),
}

impl std::fmt::Display for RecipeReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecipeReadError::NoRoot => {
                write!(f, "the workspace has no root folder (no taskc.toml)")
            }
            RecipeReadError::Missing => write!(f, "it does not exist"),
            RecipeReadError::WrongKind { expected } => write!(f, "it is not a {expected}"),
            RecipeReadError::Unreadable(reason) => write!(f, "it cannot be read: {reason}"),
        }
    }
}

/// An ignore file and the folder its patterns are relative to.
pub struct Ignore<'a> {
    pub patterns: &'a DockerIgnore,
    pub folder: &'a Path,
}

impl Ignore<'_> {
    fn ignores(&self, path: &Path) -> bool {
        let Ok(relative) = path.strip_prefix(self.folder) else {
            return false;
        };
        self.patterns.matches(&slashed(relative))
    }
}

/// `<root>/<relative>`, or why there is no root.
pub fn resolve(root: Option<&Path>, relative: &str) -> Result<PathBuf, RecipeReadError> {
    let root = root.ok_or(RecipeReadError::NoRoot)?;
    Ok(root.join(relative))
}

/// The bytes of a regular file (`filehash_update`).
pub fn file_bytes(path: &Path) -> Result<Vec<u8>, RecipeReadError> {
    let meta = std::fs::metadata(path).map_err(not_found_or)?;
    if !meta.is_file() {
        return Err(RecipeReadError::WrongKind { expected: "file" });
    }
    std::fs::read(path).map_err(|e| RecipeReadError::Unreadable(e.to_string()))
}

/// Whether `path` is a folder (following links), or why it cannot be
/// looked at.
pub fn is_folder(path: &Path) -> Result<bool, RecipeReadError> {
    std::fs::metadata(path)
        .map(|m| m.is_dir())
        .map_err(not_found_or)
}

fn not_found_or(error: std::io::Error) -> RecipeReadError {
    if error.kind() == std::io::ErrorKind::NotFound {
        RecipeReadError::Missing
    } else {
        RecipeReadError::Unreadable(error.to_string())
    }
}

/// `update_hasher_for_source(path)`: a file as its bytes and its name; a
/// folder as each file's bytes and relative path, minus what `ignore`
/// ignores. Each piece goes to `sink` in the SDK's order.
pub fn source_input(
    path: &Path,
    ignore: Option<&Ignore<'_>>,
    sink: &mut dyn FnMut(&[u8]),
) -> Result<(), RecipeReadError> {
    if !is_folder(path)? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return file_input(path, &name, ignore, sink);
    }
    walk(path, path, ignore, sink)
}

/// One file: skipped when it no longer exists (a dangling link) or is
/// ignored; else its bytes, then its relative path without separators.
fn file_input(
    path: &Path,
    relative: &str,
    ignore: Option<&Ignore<'_>>,
    sink: &mut dyn FnMut(&[u8]),
) -> Result<(), RecipeReadError> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    if is_socket(&meta) || ignore.is_some_and(|i| i.ignores(path)) {
        return Ok(());
    }
    let bytes = std::fs::read(path).map_err(|e| RecipeReadError::Unreadable(e.to_string()))?;
    sink(&bytes);
    sink(relative.replace('/', "").as_bytes());
    Ok(())
}

#[cfg(unix)]
fn is_socket(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_socket()
}

#[cfg(not(unix))]
fn is_socket(_meta: &std::fs::Metadata) -> bool {
    false
}

/// `os.walk(top)`: the files of `folder` sorted by name, then each
/// subfolder (in directory order, not ignored, links to folders not
/// followed).
fn walk(
    top: &Path,
    folder: &Path,
    ignore: Option<&Ignore<'_>>,
    sink: &mut dyn FnMut(&[u8]),
) -> Result<(), RecipeReadError> {
    let entries =
        std::fs::read_dir(folder).map_err(|e| RecipeReadError::Unreadable(e.to_string()))?;
    let mut files: Vec<String> = Vec::new();
    let mut folders: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| RecipeReadError::Unreadable(e.to_string()))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        // `os.walk` sorts an entry by `is_dir()`, which follows links.
        if path.is_dir() {
            let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
            folders.push((path, is_link));
        } else {
            files.push(name);
        }
    }
    files.sort();
    for name in files {
        let path = folder.join(&name);
        let relative = relative_to(top, &path);
        file_input(&path, &relative, ignore, sink)?;
    }
    for (path, is_link) in folders {
        if is_link || ignore.is_some_and(|i| i.ignores(&path)) {
            continue;
        }
        walk(top, &path, ignore, sink)?;
    }
    Ok(())
}

/// `path` relative to `top`, `/`-separated.
fn relative_to(top: &Path, path: &Path) -> String {
    slashed(path.strip_prefix(top).unwrap_or(path))
}

/// A relative path with `/` between its components.
fn slashed(relative: &Path) -> String {
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}
