//! `taskc fmt` end to end: the real binary on temporary folders.

mod common;

use common::{code, stderr, stdout, taskc, taskc_with_stdin, workspace as folder};

use std::fs;
use std::path::Path;

fn read(dir: &tempfile::TempDir, path: &str) -> String {
    fs::read_to_string(dir.path().join(path)).expect("read file")
}

const UGLY: &str = "env base{image=\"x\"   // the image\nresources{cpu=1,memory=\"2Gi\"}}\n";
const PRETTY: &str =
    "env base {\n  image     = \"x\" // the image\n  resources { cpu = 1, memory = \"2Gi\" }\n}\n";
const BROKEN: &str = "env a {\n  x = \n}\n";

#[test]
fn rewrites_unformatted_files_in_place() {
    let dir = folder(&[("a.task", UGLY), ("sub/b.task", PRETTY), ("taskc.toml", "")]);
    let out = taskc(dir.path(), &["fmt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(read(&dir, "a.task"), PRETTY);
    assert_eq!(read(&dir, "sub/b.task"), PRETTY);
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "Formatted 2 files: 1 changed.\n");
    // No temporary file is left behind.
    let names: Vec<_> = fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".taskc-fmt")),
        "{names:?}"
    );
}

#[test]
fn already_formatted_files_are_not_rewritten() {
    let dir = folder(&[("a.task", PRETTY)]);
    let path = dir.path().join("a.task");
    let before = fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = taskc(dir.path(), &["fmt", "a.task"]);
    assert_eq!(code(&out), 0);
    let after = fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after);
}

#[cfg(unix)]
#[test]
fn a_rewritten_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder(&[("a.task", UGLY)]);
    let path = dir.path().join("a.task");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
    let out = taskc(dir.path(), &["fmt", "a.task"]);
    assert_eq!(code(&out), 0);
    let mode = fs::metadata(&path).expect("metadata").permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    assert_eq!(read(&dir, "a.task"), PRETTY);
}

#[test]
fn check_lists_unformatted_files_and_writes_nothing() {
    let dir = folder(&[("a.task", UGLY), ("b.task", PRETTY)]);
    let out = taskc(dir.path(), &["fmt", "--check", "."]);
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "a.task\n");
    assert_eq!(stderr(&out), "Checked 2 files: 1 file not formatted.\n");
    assert_eq!(read(&dir, "a.task"), UGLY);
}

#[test]
fn check_passes_on_formatted_files() {
    let dir = folder(&[("a.task", PRETTY)]);
    let out = taskc(dir.path(), &["fmt", "--check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "Checked 1 file: all formatted.\n");
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let dir = folder(&[("a.task", UGLY)]);
    let out = taskc(dir.path(), &["fmt", "--diff", "a.task"]);
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!(stdout(&out));
    assert_eq!(read(&dir, "a.task"), UGLY);
    let checked = taskc(dir.path(), &["fmt", "--diff", "--check", "a.task"]);
    assert_eq!(code(&checked), 1);
    assert_eq!(stdout(&checked), stdout(&out));
}

#[test]
fn stdin_is_formatted_to_stdout() {
    let dir = folder(&[]);
    let out = taskc_with_stdin(dir.path(), &["fmt", "-"], Some(UGLY.as_bytes()));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), PRETTY);
    assert_eq!(stderr(&out), "");

    // Already formatted: printed whole all the same (editors replace the buffer).
    let out = taskc_with_stdin(dir.path(), &["fmt", "-"], Some(PRETTY.as_bytes()));
    assert_eq!((code(&out), stdout(&out)), (0, PRETTY.to_owned()));

    let out = taskc_with_stdin(dir.path(), &["fmt", "--check", "-"], Some(UGLY.as_bytes()));
    assert_eq!((code(&out), stdout(&out)), (1, "<stdin>\n".to_owned()));
    let out = taskc_with_stdin(
        dir.path(),
        &["fmt", "--check", "-"],
        Some(PRETTY.as_bytes()),
    );
    assert_eq!((code(&out), stdout(&out)), (0, String::new()));
}

#[test]
fn stdin_with_syntax_errors_prints_nothing_on_stdout() {
    let dir = folder(&[]);
    let out = taskc_with_stdin(dir.path(), &["fmt", "-"], Some(BROKEN.as_bytes()));
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("E0950"), "{}", stderr(&out));
    assert!(stderr(&out).contains("<stdin>:3:"), "{}", stderr(&out));
}

#[test]
fn stdin_must_be_utf8() {
    let dir = folder(&[]);
    let out = taskc_with_stdin(dir.path(), &["fmt", "-"], Some(b"env a { x = \"\xff\" }"));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).starts_with("error[E0953]"), "{}", stderr(&out));
}

#[test]
fn stdin_cannot_be_mixed_with_paths() {
    let dir = folder(&[("a.task", PRETTY)]);
    let out = taskc_with_stdin(dir.path(), &["fmt", "-", "a.task"], Some(b""));
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot be combined"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn files_with_syntax_errors_are_left_untouched() {
    let dir = folder(&[("bad.task", BROKEN), ("ugly.task", UGLY)]);
    let out = taskc(dir.path(), &["fmt"]);
    assert_eq!(code(&out), 1);
    assert_eq!(read(&dir, "bad.task"), BROKEN);
    // The other files are still formatted.
    assert_eq!(read(&dir, "ugly.task"), PRETTY);
    let err = stderr(&out);
    assert!(err.contains("E0950"), "{err}");
    assert!(err.contains("bad.task:3:"), "{err}");
    assert!(
        err.ends_with(
            "Formatted 2 files: 1 changed, 1 file left unchanged because of syntax errors.\n"
        ),
        "{err}"
    );
}

#[test]
fn gitignored_files_are_skipped_but_named_files_are_not() {
    let dir = folder(&[
        (".gitignore", "generated/\n"),
        ("generated/x.task", UGLY),
        ("a.task", UGLY),
    ]);
    let out = taskc(dir.path(), &["fmt", "."]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(read(&dir, "generated/x.task"), UGLY);
    assert_eq!(read(&dir, "a.task"), PRETTY);
    let out = taskc(dir.path(), &["fmt", "generated/x.task"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(read(&dir, "generated/x.task"), PRETTY);
}

#[test]
fn a_named_folder_limits_the_run_to_that_folder() {
    let dir = folder(&[("taskc.toml", ""), ("a/x.task", UGLY), ("b/y.task", UGLY)]);
    let out = taskc(dir.path(), &["fmt", "a"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(read(&dir, "a/x.task"), PRETTY);
    assert_eq!(read(&dir, "b/y.task"), UGLY);
}

#[test]
fn paths_of_different_workspaces_can_be_formatted_together() {
    let dir = folder(&[
        ("one/taskc.toml", ""),
        ("one/x.task", UGLY),
        ("two/taskc.toml", ""),
        ("two/y.task", UGLY),
    ]);
    let out = taskc(dir.path(), &["fmt", "--check", "one", "two"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stdout(&out), "one/x.task\ntwo/y.task\n");
}

#[test]
fn missing_paths_are_usage_errors() {
    let dir = folder(&[]);
    let out = taskc(dir.path(), &["fmt", "nope.task"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("E0901"), "{}", stderr(&out));
    let out = taskc(dir.path(), &["fmt", "--bogus"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn the_shipped_examples_are_formatted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = taskc(root, &["fmt", "--check", "examples"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
}
