//! The hooks of `.pre-commit-hooks.yaml`, run by the real `pre-commit` in a
//! temporary git repository with good and bad `.task` files.
//!
//! pre-commit reads hook definitions from a *committed* revision of a hooks
//! repository, so each test commits the working tree's
//! `.pre-commit-hooks.yaml` into a temporary hooks repository and points
//! `repo:` at it: what is tested is the file as it is now, not as it was at
//! the last commit.
//!
//! `pre-commit` is found through `TASKC_PRE_COMMIT` or on `PATH`. Without it
//! the tests print why and pass, except under CI (`CI` set), where a missing
//! `pre-commit` is a failure: `.ci/run` installs it.
//!
//! The `-system` hooks run the `taskc` built for these tests (put first on
//! `PATH`). The `language: rust` hooks make pre-commit build taskc from a
//! copy of this repository with `cargo install`, a release build of the
//! whole compiler; that test runs only with `TASKC_PRE_COMMIT_RUST=1`
//! (`.ci/run` sets it).
//!
//! The `language: python` hooks (`taskc-check-python`, `taskc-fmt-python`)
//! are only validated as part of the manifest, not run: pre-commit would
//! `pip install` the repository, i.e. download maturin and do one more
//! release build of the whole compiler in a fresh clone, too slow for the
//! suite. What they install is the wheel that `tools/wheel/ci.sh` builds,
//! installs and runs in `.ci/run`; they run the same `taskc check` and
//! `taskc fmt --check` entries as the hooks exercised here.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The pre-commit executable, or `None` (after saying why) when the test
/// cannot run here.
fn pre_commit() -> Option<PathBuf> {
    let candidate = std::env::var_os("TASKC_PRE_COMMIT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("pre-commit"));
    let works = Command::new(&candidate)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        return Some(candidate);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "`{}` is not installed; CI must install it (see .ci/run)",
        candidate.display()
    );
    eprintln!(
        "skipped: `{}` is not installed (pip install pre-commit, or set TASKC_PRE_COMMIT)",
        candidate.display()
    );
    None
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=taskc tests",
            "-c",
            "user.email=tests@taskc.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create dirs");
    }
    fs::write(path, text).expect("write file");
}

/// A git repository at `dir` holding `files`, committed; returns HEAD.
fn commit_repo(dir: &Path, files: &[(String, Vec<u8>)]) -> String {
    fs::create_dir_all(dir).expect("create repo dir");
    git(dir, &["init", "--quiet"]);
    for (path, bytes) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create dirs");
        }
        fs::write(path, bytes).expect("write file");
    }
    git(dir, &["add", "--all"]);
    git(dir, &["commit", "--quiet", "--message", "hooks"]);
    git(dir, &["rev-parse", "HEAD"])
}

fn hooks_file() -> (String, Vec<u8>) {
    let bytes = fs::read(Path::new(REPO).join(".pre-commit-hooks.yaml")).expect("read hooks");
    (".pre-commit-hooks.yaml".to_string(), bytes)
}

const CONFIG: &str = "[flyte]\nproject = \"acme\"\n";

const ENVS: &str = "/// Shared runtime.
env base {
  image = \"ghcr.io/acme/etl:1.4\"
}
";

/// Uses `base` from the other file: checking this file alone, without the
/// rest of the namespace, would report an unknown env.
const TRAIN: &str = "/// Train the model.
template train in base {
  module = \"pipelines.train\"
}
";

const BROKEN: &str = "/// Broken on purpose.
template broken in bsae {
  module = \"pipelines.broken\"
}
";

const UNFORMATTED: &str = "/// Train the model.
template train in base {
        module   =   \"pipelines.train\"
}
";

/// A project repository using `hooks` from the hooks repository at `rev`.
fn project(root: &Path, hooks_repo: &Path, rev: &str, hooks: &[&str]) -> PathBuf {
    let dir = root.join("project");
    fs::create_dir_all(&dir).expect("mkdir");
    git(&dir, &["init", "--quiet"]);
    let ids: String = hooks
        .iter()
        .map(|id| format!("      - id: {id}\n"))
        .collect();
    write(
        &dir,
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n{ids}",
            hooks_repo.display()
        ),
    );
    write(&dir, "taskc.toml", CONFIG);
    write(&dir, "envs.task", ENVS);
    write(&dir, "pipelines/train.task", TRAIN);
    write(&dir, "README.md", "not a task file\n");
    git(&dir, &["add", "--all"]);
    dir
}

/// `pre-commit run --all-files` in `dir` with `path_first` before `PATH`
/// and its cache inside `home`.
fn run(
    pre_commit: &Path,
    dir: &Path,
    home: &Path,
    path_first: &Path,
    extra_env: &[(&str, &str)],
) -> Output {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![path_first.to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    let mut command = Command::new(pre_commit);
    command
        .args(["run", "--all-files", "--color", "never"])
        .current_dir(dir)
        .env("PATH", std::env::join_paths(paths).expect("PATH"))
        .env("PRE_COMMIT_HOME", home.join("pre-commit-cache"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    for (key, value) in extra_env {
        command.env(key, value);
    }
    command.output().expect("run pre-commit")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The folder holding the `taskc` built for these tests.
fn taskc_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_taskc"))
        .parent()
        .expect("binary folder")
        .to_path_buf()
}

/// Good files pass both hooks; then an error in one file fails the check
/// hook and an unformatted file fails the fmt hook.
fn exercise(
    pre_commit: &Path,
    root: &Path,
    hooks_repo: &Path,
    rev: &str,
    hooks: [&str; 2],
    path_first: &Path,
    env: &[(&str, &str)],
) {
    let dir = project(root, hooks_repo, rev, &hooks);

    let good = run(pre_commit, &dir, root, path_first, env);
    let out = text(&good);
    assert_eq!(good.status.code(), Some(0), "{out}");
    assert!(
        out.contains("taskc check") && out.contains("taskc fmt"),
        "{out}"
    );
    assert_eq!(out.matches("Passed").count(), 2, "{out}");

    write(&dir, "pipelines/broken.task", BROKEN);
    git(&dir, &["add", "--all"]);
    let bad = run(pre_commit, &dir, root, path_first, env);
    let out = text(&bad);
    assert_eq!(bad.status.code(), Some(1), "{out}");
    assert!(out.contains("E0103") || out.contains("bsae"), "{out}");
    assert!(out.contains("hook id: taskc-check"), "{out}");
    assert!(!out.contains("hook id: taskc-fmt"), "{out}");

    fs::remove_file(dir.join("pipelines/broken.task")).expect("remove");
    write(&dir, "pipelines/train.task", UNFORMATTED);
    git(&dir, &["add", "--all"]);
    let unformatted = run(pre_commit, &dir, root, path_first, env);
    let out = text(&unformatted);
    assert_eq!(unformatted.status.code(), Some(1), "{out}");
    assert!(out.contains("hook id: taskc-fmt"), "{out}");
    assert!(out.contains("train.task"), "{out}");
    assert!(!out.contains("hook id: taskc-check"), "{out}");
}

#[test]
fn system_hooks_check_the_whole_namespace_and_the_layout() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let root = tempfile::tempdir().expect("temp dir");
    let hooks_repo = root.path().join("hooks");
    let rev = commit_repo(&hooks_repo, &[hooks_file()]);
    exercise(
        &pre_commit,
        root.path(),
        &hooks_repo,
        &rev,
        ["taskc-check-system", "taskc-fmt-system"],
        &taskc_dir(),
        &[],
    );
}

#[test]
fn the_check_hook_only_runs_when_task_files_or_taskc_toml_change() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let root = tempfile::tempdir().expect("temp dir");
    let hooks_repo = root.path().join("hooks");
    let rev = commit_repo(&hooks_repo, &[hooks_file()]);
    let dir = project(root.path(), &hooks_repo, &rev, &["taskc-check-system"]);
    let mut command = Command::new(&pre_commit);
    let out = command
        .args(["run", "--files", "README.md", "--color", "never"])
        .current_dir(&dir)
        .env("PRE_COMMIT_HOME", root.path().join("pre-commit-cache"))
        .output()
        .expect("run pre-commit");
    let text = text(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("(no files to check)Skipped"), "{text}");
}

/// Every file of this repository as the working tree has it (tracked or
/// new, not ignored), for a hooks repository that cargo can build.
fn working_tree_files() -> Vec<(String, Vec<u8>)> {
    let listed = git(
        Path::new(REPO),
        &[
            "ls-files",
            "--cached",
            "--others",
            "--exclude-standard",
            "-z",
        ],
    );
    listed
        .split('\0')
        .filter(|p| !p.is_empty())
        .filter_map(|p| Some((p.to_string(), fs::read(Path::new(REPO).join(p)).ok()?)))
        .collect()
}

#[test]
fn rust_hooks_build_taskc_from_the_repository() {
    if std::env::var_os("TASKC_PRE_COMMIT_RUST").is_none() {
        eprintln!("skipped: set TASKC_PRE_COMMIT_RUST=1 to build taskc through pre-commit");
        return;
    }
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let root = tempfile::tempdir().expect("temp dir");
    let hooks_repo = root.path().join("hooks");
    let rev = commit_repo(&hooks_repo, &working_tree_files());
    // Keep the release build between runs; nothing here is on PATH, so
    // only the taskc that pre-commit installs can answer.
    let target = Path::new(REPO).join("target/pre-commit");
    let target = target.to_string_lossy().into_owned();
    exercise(
        &pre_commit,
        root.path(),
        &hooks_repo,
        &rev,
        ["taskc-check", "taskc-fmt"],
        root.path(),
        &[("CARGO_TARGET_DIR", &target)],
    );
}

#[test]
fn the_manifest_passes_pre_commits_own_validation() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let out = Command::new(&pre_commit)
        .args(["validate-manifest", ".pre-commit-hooks.yaml"])
        .current_dir(REPO)
        .output()
        .expect("run pre-commit");
    assert!(out.status.success(), "{}", text(&out));
    let manifest =
        fs::read_to_string(Path::new(REPO).join(".pre-commit-hooks.yaml")).expect("read");
    for id in [
        "taskc-check",
        "taskc-fmt",
        "taskc-check-python",
        "taskc-fmt-python",
        "taskc-check-system",
        "taskc-fmt-system",
    ] {
        assert!(manifest.contains(&format!("- id: {id}\n")), "{id}");
    }
}
