//! One build at a time per out dir, and the temporary files of builds that
//! were killed.
//!
//! A build holds an exclusive advisory lock on `.taskc-lock` in the out dir
//! from before it writes its first temporary file until its last rename;
//! `taskc build --check` holds a shared one while it compares, so it never
//! sees half of a build. A second build waits for the first (saying so on
//! stderr) for up to `--lock-timeout` seconds, then fails with `E0927`.
//!
//! The build removes the lock file before it lets the lock go, so the out
//! dir holds only outputs afterwards. A build that was waiting on the
//! removed file notices, once it gets the lock, that the name no longer
//! leads to the file it locked, and starts over on a new one.
//!
//! While it holds the lock, a build knows that any `.taskc-tmp-*` file in
//! the out dir belongs to no running build: it is the leftover of a killed
//! one, and is removed.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use taskc_core::diagnostics::Code;

use super::commit::{WriteError, is_temp_name};

pub const LOCK_NAME: &str = ".taskc-lock";

/// Registered in `diagnostics/codes.rs`; printed as a plain message (exit
/// 2), like a write failure.
pub const LOCK_TIMEOUT: Code = Code::E0927;

/// How often a waiting build tries the lock again.
const POLL: Duration = Duration::from_millis(50);

/// A held lock on an out dir; dropping it releases the lock.
#[derive(Debug)]
pub struct OutDirLock {
    // Held for the lock it carries.
    _file: File,
    out_dir: PathBuf,
    created_dir: bool,
    /// Exclusive (a build): the lock file is removed on release.
    exclusive: bool,
}

impl Drop for OutDirLock {
    fn drop(&mut self) {
        if self.exclusive {
            let _ = std::fs::remove_file(self.out_dir.join(LOCK_NAME));
        }
    }
}

/// Why the lock was not taken.
#[derive(Debug)]
pub enum LockError {
    /// Another build held it for the whole timeout.
    Timeout {
        lock: PathBuf,
        waited: Duration,
    },
    Io(WriteError),
}

impl OutDirLock {
    /// Release the lock after a failed build, removing the out dir too
    /// when this build created it (and it is empty again).
    pub fn release_after_failure(self) {
        let out_dir = self.out_dir.clone();
        let created_dir = self.created_dir;
        drop(self);
        if created_dir {
            let _ = std::fs::remove_dir(out_dir);
        }
    }
}

/// Take the out dir for a build: create it if needed, then wait for the
/// exclusive lock. `on_wait` is called once if another build holds it.
pub fn lock_for_build(
    out_dir: &Path,
    timeout: Duration,
    on_wait: &dyn Fn(&Path),
) -> Result<OutDirLock, LockError> {
    let io_error = |path: &Path, error: io::Error| {
        LockError::Io(WriteError {
            path: path.to_path_buf(),
            error,
        })
    };
    let created_dir = !out_dir.is_dir();
    if created_dir {
        std::fs::create_dir_all(out_dir).map_err(|error| io_error(out_dir, error))?;
    }
    let path = out_dir.join(LOCK_NAME);
    let started = Instant::now();
    let mut told = false;
    loop {
        let opened = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path);
        let file = match opened {
            Ok(file) => file,
            // Windows refuses to open a file that is being removed: the
            // build that held it is letting go.
            Err(error)
                if cfg!(windows)
                    && error.kind() == io::ErrorKind::PermissionDenied
                    && started.elapsed() < timeout =>
            {
                std::thread::sleep(POLL);
                continue;
            }
            Err(error) => return Err(io_error(&path, error)),
        };
        wait(
            &file,
            Exclusive(true),
            &path,
            started,
            timeout,
            &mut told,
            on_wait,
        )?;
        // A failed build may have removed the file while this one waited
        // on it: the lock is only good on the file that is still there.
        if same_file(&file, &path) {
            return Ok(OutDirLock {
                _file: file,
                out_dir: out_dir.to_path_buf(),
                created_dir,
                exclusive: true,
            });
        }
    }
}

/// Take the shared lock for `--check`, if the out dir has a lock file (no
/// file means no build has written there; `--check` creates nothing).
pub fn lock_for_check(
    out_dir: &Path,
    timeout: Duration,
    on_wait: &dyn Fn(&Path),
) -> Result<Option<OutDirLock>, LockError> {
    let path = out_dir.join(LOCK_NAME);
    let started = Instant::now();
    let mut told = false;
    loop {
        // No lock file that can be opened (none, or the out dir is not a
        // folder): the comparison itself reports what it finds.
        let Ok(file) = File::open(&path) else {
            return Ok(None);
        };
        wait(
            &file,
            Exclusive(false),
            &path,
            started,
            timeout,
            &mut told,
            on_wait,
        )?;
        if same_file(&file, &path) {
            return Ok(Some(OutDirLock {
                _file: file,
                out_dir: out_dir.to_path_buf(),
                created_dir: false,
                exclusive: false,
            }));
        }
    }
}

struct Exclusive(bool);

// `File::try_lock` is std's since Rust 1.89. The declared rust-version
// predates it, but the workspace already needs 1.88 (`if let` chains), and
// raising it would turn on lints the rest of the code is not written for.
#[allow(clippy::incompatible_msrv)]
fn wait(
    file: &File,
    exclusive: Exclusive,
    path: &Path,
    started: Instant,
    timeout: Duration,
    told: &mut bool,
    on_wait: &dyn Fn(&Path),
) -> Result<(), LockError> {
    loop {
        let tried = if exclusive.0 {
            file.try_lock()
        } else {
            file.try_lock_shared()
        };
        match tried {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(error)) => {
                return Err(LockError::Io(WriteError {
                    path: path.to_path_buf(),
                    error,
                }));
            }
        }
        let waited = started.elapsed();
        if waited >= timeout {
            return Err(LockError::Timeout {
                lock: path.to_path_buf(),
                waited,
            });
        }
        if !*told {
            *told = true;
            on_wait(path);
        }
        std::thread::sleep(POLL.min(timeout.saturating_sub(waited)));
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
        _ => false,
    }
}

// Without file ids in std: a removed file cannot be opened again while a
// build still has it open, so a file that is there is the one locked.
#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// The temporary files in `dir` (names, sorted): leftovers of killed
/// builds once the lock is held.
pub fn leftovers(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| !t.is_dir()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| is_temp_name(name))
        .collect();
    names.sort();
    names
}

/// Remove the leftovers in `dir`; how many there were.
pub fn remove_leftovers(dir: &Path) -> Result<usize, WriteError> {
    let names = leftovers(dir);
    for name in &names {
        let path = dir.join(name);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(WriteError { path, error }),
        }
    }
    Ok(names.len())
}
