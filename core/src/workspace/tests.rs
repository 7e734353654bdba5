use std::fs;
use std::path::{Path, PathBuf};

use super::*;

/// A temporary folder tree built from `(relative path, content)` pairs.
fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
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

fn shown_paths(ws: &Workspace) -> Vec<String> {
    ws.db
        .iter()
        .map(|(_, f)| f.path.display().to_string())
        .collect()
}

fn load(cwd: &Path, paths: &[&str]) -> Result<Workspace, Vec<LoadError>> {
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    load_workspace(&paths, cwd)
}

#[test]
fn taskc_toml_is_found_upward_and_the_whole_root_is_loaded() {
    let dir = tree(&[
        ("taskc.toml", b"[flyte]\nproject = \"acme\"\n"),
        ("envs.task", b"env a {}\n"),
        ("pipelines/deep/train.task", b""),
        ("pipelines/notes.md", b""),
    ]);
    let ws = load(&dir.path().join("pipelines/deep"), &[]).expect("loads");
    assert_eq!(
        ws.root.as_deref(),
        fs::canonicalize(dir.path()).ok().as_deref()
    );
    assert_eq!(ws.config.flyte.project.as_deref(), Some("acme"));
    // Files above the current folder are shown with absolute paths; the
    // config comes first.
    let shown = shown_paths(&ws);
    assert_eq!(shown.len(), 3);
    assert!(shown[0].ends_with("taskc.toml"));
    assert!(shown[1].ends_with("envs.task"));
    assert_eq!(shown[2], "train.task");
    assert_eq!(ws.task_files.len(), 2);
    assert_eq!(ws.config.source, Some(FileId(0)));
}

#[test]
fn gitignore_is_honoured_outside_git_and_hidden_folders_are_skipped() {
    let dir = tree(&[
        ("taskc.toml", b""),
        (".gitignore", b"generated/\n*.skip.task\n"),
        ("a.task", b""),
        ("b.skip.task", b""),
        ("generated/c.task", b""),
        (".hidden/d.task", b""),
        ("sub/e.task", b""),
    ]);
    let ws = load(dir.path(), &[]).expect("loads");
    assert_eq!(shown_paths(&ws), ["taskc.toml", "a.task", "sub/e.task"]);
}

#[test]
fn a_named_file_is_loaded_even_when_ignored() {
    let dir = tree(&[
        (".gitignore", b"*.task\n"),
        ("x.task", b""),
        ("y.task", b""),
    ]);
    let ws = load(dir.path(), &["x.task"]).expect("loads");
    assert_eq!(shown_paths(&ws), ["x.task"]);
}

#[test]
fn without_taskc_toml_only_the_named_paths_form_the_workspace() {
    let dir = tree(&[
        ("one/a.task", b""),
        ("one/nested/b.task", b""),
        ("two/c.task", b""),
        ("three/d.task", b""),
    ]);
    let ws = load(dir.path(), &["one", "two/c.task", "./two/c.task"]).expect("loads");
    assert_eq!(ws.root, None);
    assert_eq!(ws.config, Config::default());
    assert_eq!(
        shown_paths(&ws),
        ["one/a.task", "one/nested/b.task", "two/c.task"]
    );

    // No path at all: the current folder.
    let ws = load(&dir.path().join("three"), &[]).expect("loads");
    assert_eq!(shown_paths(&ws), ["d.task"]);
}

#[test]
fn named_paths_must_exist_and_be_task_files() {
    let dir = tree(&[("notes.txt", b""), ("ok.task", b"")]);
    let errors = load(dir.path(), &["missing.task", "notes.txt", "ok.task"]).expect_err("fails");
    let messages: Vec<String> = errors.iter().map(|e| format!("{} {e}", e.code())).collect();
    assert_eq!(
        messages,
        [
            "E0901 `missing.task` does not exist",
            "E0904 `notes.txt` is not a `.task` file",
        ]
    );
}

#[test]
fn invalid_utf8_reports_the_first_bad_byte() {
    let dir = tree(&[("bad.task", b"env a {}\n  \xc3\xa9 \xff\xfe\n")]);
    let errors = load(dir.path(), &[]).expect_err("fails");
    assert_eq!(
        errors,
        [LoadError::InvalidUtf8 {
            path: PathBuf::from("bad.task"),
            offset: 14,
            line: 2,
            column: 5,
        }]
    );
}

#[test]
fn paths_in_two_workspaces_are_refused() {
    let dir = tree(&[("a/taskc.toml", b""), ("a/x.task", b""), ("b/y.task", b"")]);
    let errors = load(dir.path(), &["a/x.task", "b/y.task"]).expect_err("fails");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code(), Code::E0905);
}

#[test]
fn problems_in_taskc_toml_are_diagnostics_not_load_errors() {
    let dir = tree(&[
        ("taskc.toml", b"[flyte]\nprojekt = \"x\"\n"),
        ("a.task", b""),
    ]);
    let ws = load(dir.path(), &[]).expect("loads");
    assert_eq!(ws.diagnostics.len(), 1);
    assert_eq!(ws.diagnostics[0].primary.file, FileId(0));
}

#[test]
fn find_config_starts_at_a_files_folder() {
    let dir = tree(&[("taskc.toml", b""), ("sub/a.task", b"")]);
    let found = find_config(&dir.path().join("sub/a.task"));
    assert_eq!(found, Some(dir.path().join("taskc.toml")));
    let none = tree(&[("a.task", b"")]);
    // The temp folder's parents hold no taskc.toml.
    assert_eq!(find_config(none.path()), None);
}

#[test]
fn files_are_in_workspace_order_byte_order_of_paths() {
    let dir = tree(&[
        ("taskc.toml", b""),
        ("a/x.task", b""),
        ("a-b/x.task", b""),
        ("B.task", b""),
        ("a.task", b""),
    ]);
    let ws = load(dir.path(), &[]).expect("loads");
    assert_eq!(
        shown_paths(&ws),
        ["taskc.toml", "B.task", "a-b/x.task", "a.task", "a/x.task"]
    );
    let mut ids = ws.task_files.clone();
    ids.sort();
    assert_eq!(ids, ws.task_files);
}

#[test]
fn naming_one_file_of_a_workspace_loads_the_whole_workspace() {
    let dir = tree(&[
        ("taskc.toml", b""),
        ("sub/a.task", b""),
        ("other/b.task", b""),
    ]);
    let ws = load(dir.path(), &["sub/a.task"]).expect("loads");
    assert_eq!(
        shown_paths(&ws),
        ["taskc.toml", "other/b.task", "sub/a.task"]
    );
}
