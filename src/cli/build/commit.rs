//! Putting a build's files in place all together or not at all.
//!
//! Every output is first written to a temporary file beside its target
//! (`.taskc-tmp-<pid>-<n>`, see [`stage`]). Only when all of them were
//! written does [`commit`] move them into place, and if any step of that
//! fails it undoes the steps already done, so the out dir is left as it
//! was:
//!
//! - a target that exists is first hard-linked to a backup temp, then the
//!   staged file is renamed over it: the target always holds the old or the
//!   new bytes, even if the process is killed in between, and undoing is
//!   renaming the backup back;
//! - a file to remove is renamed to a backup temp (undone by renaming it
//!   back);
//! - only when every step succeeded are the backups deleted.
//!
//! A build killed part-way leaves temps behind; the next build removes
//! them and `taskc build --check` reports them ([`super::lock`]).
//!
//! Every step that changes the disk first asks a [`Faults`], which the
//! binary answers with [`NoFaults`] and tests with injected failures.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use tempfile::TempPath;

/// The start of every temporary file name taskc writes into an out dir.
pub const TEMP_PREFIX: &str = ".taskc-tmp-";

/// A step of writing the output that may fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Creating and writing a temporary file with an output's new bytes.
    Stage,
    /// Keeping the file about to be replaced or removed as a backup.
    Backup,
    /// Renaming a staged file over its target.
    Install,
    /// Moving a file that is no longer produced out of the way.
    Remove,
}

/// Asked before each step that changes the disk; an error stops the
/// build there, as if the operating system had refused the step.
pub trait Faults: Sync {
    fn before(&self, step: Step, path: &Path) -> io::Result<()>;
}

/// The real build: no step fails on purpose.
pub struct NoFaults;

impl Faults for NoFaults {
    fn before(&self, _step: Step, _path: &Path) -> io::Result<()> {
        Ok(())
    }
}

/// An I/O failure, with the path it happened on.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub error: io::Error,
}

/// Numbers the temporary files of this process: with the process id, the
/// name says which run wrote it.
static NEXT_TEMP: AtomicU64 = AtomicU64::new(0);

/// A fresh temporary file name in `dir`.
fn temp_name(dir: &Path) -> PathBuf {
    let n = NEXT_TEMP.fetch_add(1, Ordering::Relaxed);
    dir.join(format!("{TEMP_PREFIX}{}-{n}", std::process::id()))
}

/// Whether `name` is one of taskc's temporary files.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX)
}

/// Try `make` with fresh temp names until one is not taken (a leftover of
/// an earlier process with the same id may hold one).
fn with_fresh_name<T>(dir: &Path, make: impl Fn(&Path) -> io::Result<T>) -> io::Result<T> {
    loop {
        let path = temp_name(dir);
        match make(&path) {
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            result => return result,
        }
    }
}

/// Write `bytes` to a temporary file in `dir`, closed and ready to be
/// renamed over `target`. A new file gets the mode a new file gets (0666
/// less the umask); a replaced regular file keeps its own. `replaces` is
/// false when `target` was just found missing (its mode is not looked up
/// again).
pub fn stage(
    dir: &Path,
    target: &Path,
    bytes: &[u8],
    replaces: bool,
    faults: &dyn Faults,
) -> Result<TempPath, WriteError> {
    let failed = |error: io::Error| WriteError {
        path: target.to_path_buf(),
        error,
    };
    faults.before(Step::Stage, target).map_err(failed)?;
    let (file, path) = with_fresh_name(dir, |path| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o666);
        }
        options.open(path).map(|file| (file, path.to_path_buf()))
    })
    .map_err(failed)?;
    // From here on the temp is deleted again if anything fails.
    let temp = guard(path).map_err(failed)?;
    let mut file = file;
    file.write_all(bytes).map_err(failed)?;
    if replaces
        && let Ok(meta) = target.symlink_metadata()
        && meta.is_file()
    {
        file.set_permissions(meta.permissions()).map_err(failed)?;
    }
    Ok(temp)
}

/// One change to the disk, in the order [`commit`] makes them.
#[derive(Debug)]
pub enum Op {
    /// Rename a staged file over `target`.
    Install { target: PathBuf, staged: TempPath },
    /// Remove `target` (a file an earlier build wrote).
    Remove { target: PathBuf },
}

/// A step [`commit`] made, and how to undo it.
#[derive(Debug)]
enum Done {
    /// `target` holds the new bytes; its old file, if it had one, is kept
    /// in `backup`.
    Installed {
        target: PathBuf,
        backup: Option<TempPath>,
    },
    /// `target` was moved to `backup`.
    Removed { target: PathBuf, backup: TempPath },
}

impl Done {
    /// Put the old file back (best effort: this runs after a failure, and
    /// the first failure is the one reported).
    fn undo(self) {
        match self {
            Done::Installed {
                target,
                backup: Some(backup),
            }
            | Done::Removed { target, backup } => {
                if let Err(error) = backup.persist(&target) {
                    // Keep the old bytes on disk rather than lose them.
                    let _ = error.path.keep();
                }
            }
            Done::Installed {
                target,
                backup: None,
            } => {
                let _ = std::fs::remove_file(target);
            }
        }
    }
}

/// Make every change of `groups`, group after group. If any fails, every
/// change already made is undone and the first failure is returned; the
/// staged files are deleted either way.
///
/// One change at a time: renames and unlinks in one folder take the
/// folder's lock, so worker threads only queue on it (on tmpfs two threads
/// took three times as long as one for 10,951 files; on ext4 about as long).
pub fn commit(groups: Vec<Vec<Op>>, faults: &dyn Faults) -> Result<(), WriteError> {
    let mut done: Vec<Done> = Vec::new();
    let mut failure = None;
    for group in groups {
        if failure.is_some() {
            // Dropping the group deletes its staged files.
            continue;
        }
        for op in group {
            match apply_one(op, faults) {
                Ok(step) => done.push(step),
                Err(error) => {
                    failure.get_or_insert(error);
                }
            }
        }
    }
    match failure {
        Some(error) => {
            done.into_iter().for_each(Done::undo);
            Err(error)
        }
        None => {
            // The backups are no longer needed; dropping one deletes it.
            drop(done);
            Ok(())
        }
    }
}

fn apply_one(op: Op, faults: &dyn Faults) -> Result<Done, WriteError> {
    match op {
        Op::Install { target, staged } => {
            let failed = |error: io::Error| WriteError {
                path: target.clone(),
                error,
            };
            let backup = match target.symlink_metadata() {
                Ok(meta) if meta.is_dir() => {
                    return Err(failed(folder_in_the_way()));
                }
                Ok(meta) => Some(backup(&target, meta.is_symlink(), faults).map_err(failed)?),
                Err(error) if error.kind() == io::ErrorKind::NotFound => None,
                Err(error) => return Err(failed(error)),
            };
            let installed = faults
                .before(Step::Install, &target)
                .and_then(|()| std::fs::rename(&staged, &target));
            match installed {
                Ok(()) => {
                    // The staged path is now the target's name: nothing to
                    // delete any more.
                    let _ = staged.keep();
                    Ok(Done::Installed { target, backup })
                }
                Err(error) => {
                    // The target was not replaced. A backup that is a
                    // second name of it goes with the staged file; one
                    // that was moved aside is put back.
                    if let Some(backup) = backup
                        && target.symlink_metadata().is_err()
                    {
                        Done::Installed {
                            target: target.clone(),
                            backup: Some(backup),
                        }
                        .undo();
                    }
                    Err(failed(error))
                }
            }
        }
        Op::Remove { target } => {
            let failed = |error: io::Error| WriteError {
                path: target.clone(),
                error,
            };
            faults.before(Step::Remove, &target).map_err(failed)?;
            let dir = target.parent().unwrap_or(Path::new("."));
            let backup = with_fresh_name(dir, |path| {
                if path.symlink_metadata().is_ok() {
                    return Err(io::Error::from(io::ErrorKind::AlreadyExists));
                }
                std::fs::rename(&target, path).map(|()| path.to_path_buf())
            })
            .map_err(failed)?;
            match guard(backup.clone()) {
                Ok(backup) => Ok(Done::Removed { target, backup }),
                Err(error) => {
                    let _ = std::fs::rename(&backup, &target);
                    Err(failed(error))
                }
            }
        }
    }
}

pub fn folder_in_the_way() -> io::Error {
    io::Error::other("a folder is in the way of the output file")
}

/// A second name for the file at `target`, so that it can be put back.
/// A hard link costs nothing and leaves `target` in place; where links are
/// not possible, a regular file is copied and a symlink moved aside.
fn backup(target: &Path, is_symlink: bool, faults: &dyn Faults) -> io::Result<TempPath> {
    faults.before(Step::Backup, target)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let linked = with_fresh_name(dir, |path| {
        std::fs::hard_link(target, path).map(|()| path.to_path_buf())
    });
    let path = match linked {
        Ok(path) => path,
        Err(_) if is_symlink => with_fresh_name(dir, |path| {
            if path.symlink_metadata().is_ok() {
                return Err(io::Error::from(io::ErrorKind::AlreadyExists));
            }
            std::fs::rename(target, path).map(|()| path.to_path_buf())
        })?,
        Err(_) => with_fresh_name(dir, |path| {
            if path.symlink_metadata().is_ok() {
                return Err(io::Error::from(io::ErrorKind::AlreadyExists));
            }
            std::fs::copy(target, path).map(|_| path.to_path_buf())
        })?,
    };
    guard(path)
}

/// A temporary file that is deleted when dropped (unless kept); deleted
/// at once if that cannot be arranged.
fn guard(path: PathBuf) -> io::Result<TempPath> {
    TempPath::try_from_path(&path).inspect_err(|_| {
        let _ = std::fs::remove_file(&path);
    })
}
