//! What every end-to-end test of the `taskc` binary needs: running it on a
//! folder with plain, fixed-width output, and building temporary workspaces.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Run `taskc` in `dir` with plain, fixed-width output.
pub fn taskc(dir: &Path, args: &[&str]) -> Output {
    taskc_with_stdin(dir, args, None)
}

/// Run `taskc` in `dir`, feeding `stdin` (or an empty, closed stdin).
pub fn taskc_with_stdin(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_taskc"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run taskc");
    let mut pipe = child.stdin.take().expect("stdin");
    if let Some(bytes) = stdin {
        pipe.write_all(bytes).expect("write stdin");
    }
    drop(pipe);
    child.wait_with_output().expect("wait for taskc")
}

pub fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary folder holding `files` (paths may name sub-folders).
pub fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (*p, c.as_bytes())).collect();
    workspace_bytes(&bytes)
}

/// [`workspace`] for contents that need not be UTF-8.
pub fn workspace_bytes(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, content) in files {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create dirs");
        }
        fs::write(path, content).expect("write file");
    }
    dir
}

/// Copy the files of folder `from` that git would track to `to`: what a
/// fresh clone holds, whatever earlier commands left in the working tree
/// (e.g. `examples/build/` after README's quick start, Python caches).
pub fn copy_dir(from: &Path, to: &Path) {
    let walk = ignore::WalkBuilder::new(from)
        .hidden(false)
        .require_git(false)
        .build();
    for entry in walk {
        let entry = entry.expect("dir entry");
        let Ok(relative) = entry.path().strip_prefix(from) else {
            continue;
        };
        let target = to.join(relative);
        if entry.file_type().is_some_and(|t| t.is_dir()) {
            fs::create_dir_all(&target).expect("create dir");
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Panics unless `output` names each of `codes` as often as it is listed:
/// every output format names a diagnostic's code once, as a word of its
/// own (a human report's first line, JSON's `"code"`, GitHub's `title=`,
/// SARIF's `ruleId`).
pub fn assert_reports(output: &str, codes: &[taskc_core::diagnostics::Code]) {
    for code in codes {
        let wanted = codes.iter().filter(|c| *c == code).count();
        let found = output
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|word| *word == code.as_str())
            .count();
        assert_eq!(found, wanted, "{code} in:\n{output}");
    }
}
