//! What `taskc build` prints besides diagnostics: the `--check` listing,
//! the one-line summary of a build, and write failures.
//!
//! As everywhere in taskc, stdout carries only a command's product (here
//! the `--check` listing, or the JSON diagnostics document) and everything
//! meant for people goes to stderr.

use std::path::{Path, PathBuf};

use taskc_core::diagnostics::Code;

use super::lock::{LOCK_TIMEOUT, LockError};
use super::names::WRITE_FAILED;
use super::out_dir::{Applied, Difference, Plan};
use crate::cli::output::{Format, Status};

/// `--check`: one `<difference> <path>` line per differing file, sorted by
/// path, on stdout (on stderr when stdout carries the JSON diagnostics),
/// then a summary on stderr. Out of date is exit 1, like an error.
/// `extra` lists outputs outside the out dir (the Python bindings) that
/// differ, with the path shown for them.
pub fn check(plan: &Plan, shown: &Path, extra: &[(PathBuf, Difference)], format: Format) -> Status {
    let mut differences: Vec<(PathBuf, Difference)> = plan
        .differences()
        .into_iter()
        .map(|(name, difference)| (shown.join(name), difference))
        .chain(extra.iter().cloned())
        .collect();
    differences.sort();
    let mut listing = String::new();
    for (path, difference) in &differences {
        listing.push_str(&format!("{:<7} {}\n", difference.as_str(), path.display()));
    }
    if format == Format::Human {
        stdout(&listing);
    } else {
        stderr(&listing);
    }
    let leftovers = differences
        .iter()
        .filter(|(_, d)| *d == Difference::Leftover)
        .count();
    if leftovers > 0 {
        stderr(&format!(
            "{} left by an interrupted build (listed as `leftover`); the next `taskc build` \
             removes {}.\n",
            plural(leftovers, "temporary file"),
            if leftovers == 1 { "it" } else { "them" },
        ));
    }
    if plan.is_up_to_date() && extra.is_empty() {
        if format == Format::Human {
            stderr(&format!("`{}` is up to date.\n", shown.display()));
        }
        Status::Clean
    } else {
        stderr(&format!(
            "`{}` is out of date ({}); run `taskc build` to update it.\n",
            shown.display(),
            plural(differences.len(), "file")
        ));
        Status::Errors
    }
}

/// The summary line of a build that wrote its files.
pub fn built(produced: usize, shown: &Path, applied: Applied) {
    stderr(&format!(
        "Built {} in `{}`: {} written, {} unchanged, {} removed.\n",
        plural(produced, "file"),
        shown.display(),
        applied.written,
        applied.unchanged,
        applied.removed
    ));
}

/// The line about the Python bindings after a build.
pub fn bindings(path: &Path, written: bool) {
    if written {
        stderr(&format!(
            "Wrote the Python bindings `{}`.\n",
            path.display()
        ));
    } else {
        stderr(&format!(
            "The Python bindings `{}` are up to date.\n",
            path.display()
        ));
    }
}

/// A file of the out dir could not be written or removed: exit 2, like a
/// workspace that cannot be read.
pub fn write_failed(path: &Path, error: &std::io::Error) -> Status {
    stderr(&format!(
        "error[{WRITE_FAILED}]: cannot write `{}`: {error}\n  help: check that the out dir is a \
         folder you can write to (`-o DIR` picks another)\n",
        path.display()
    ));
    Status::Failed
}

/// A build of the same out dir is running; this one waits for it.
pub fn waiting(lock: &Path) {
    stderr(&format!(
        "Waiting for another build to finish (it holds `{}`)…\n",
        lock.display()
    ));
}

/// The temporary files of killed builds were removed before building.
pub fn leftovers_removed(out_dir: &Path, count: usize) {
    stderr(&format!(
        "Removed {} left in `{}` by an interrupted build.\n",
        plural(count, "temporary file"),
        out_dir.display()
    ));
}

/// The out dir could not be locked: exit 2, nothing written.
pub fn lock_failed(shown: &Path, error: LockError) -> Status {
    match error {
        LockError::Timeout { lock, waited } => {
            stderr(&format!(
                "error[{LOCK_TIMEOUT}]: another build of `{}` still holds `{}` after {} s; \
                 nothing was written\n  help: let it finish and run again, or wait longer with \
                 `--lock-timeout SECONDS`\n",
                shown.display(),
                lock.display(),
                waited.as_secs()
            ));
            Status::Failed
        }
        LockError::Io(failure) => write_failed(&failure.path, &failure.error),
    }
}

/// A refusal with a code but no place in a file to point at: exit 1, like
/// the error diagnostics it stands for.
pub fn refused(code: Code, message: &str, help: &str) -> Status {
    stderr(&format!("error[{code}]: {message}\n  help: {help}\n"));
    Status::Errors
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

// Paths come from the user's out dir and names: shown escaped.
fn stdout(text: &str) {
    crate::cli::output::write_stdout_human(text);
}

fn stderr(text: &str) {
    crate::cli::output::write_stderr(text);
}

/// `--timings`: each phase's wall time on stderr, in the order the phases
/// ended, then the whole command's. Phases run one after the other, so the
/// rest (reporting diagnostics, the lock) is the total less their sum.
pub fn timings(phases: &[(&str, std::time::Duration)], total: std::time::Duration) {
    let mut text = String::from("timings (wall):\n");
    let mut sum = std::time::Duration::ZERO;
    for (phase, elapsed) in phases {
        sum += *elapsed;
        text.push_str(&format!(
            "  {phase:<28} {:>8.1} ms\n",
            elapsed.as_secs_f64() * 1e3
        ));
    }
    text.push_str(&format!(
        "  {:<28} {:>8.1} ms\n  {:<28} {:>8.1} ms\n",
        "other",
        total.saturating_sub(sum).as_secs_f64() * 1e3,
        "total",
        total.as_secs_f64() * 1e3
    ));
    stderr(&text);
}
