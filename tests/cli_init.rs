//! `taskc init` end to end: the real binary in temporary folders.

mod common;

use common::{code, stderr, stdout, taskc};

use std::fs;
use std::path::Path;
use std::process::Command;

#[path = "../core/tests/python_support/venv.rs"]
mod venv;

#[test]
fn a_new_workspace_passes_check_lint_and_fmt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = taskc(dir.path(), &["init", "Acme Pipelines"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    insta::assert_snapshot!(stderr(&out), @r"
    Created Acme Pipelines/taskc.toml, Acme Pipelines/hello.task and Acme Pipelines/workflows/hello.py.
    Next: cd 'Acme Pipelines' && taskc check && taskc build
    ");

    let workspace = dir.path().join("Acme Pipelines");
    let config = fs::read_to_string(workspace.join("taskc.toml")).expect("taskc.toml");
    insta::assert_snapshot!("init_taskc_toml", config);
    let sample = fs::read_to_string(workspace.join("hello.task")).expect("hello.task");
    insta::assert_snapshot!("init_hello_task", sample);

    let check = taskc(&workspace, &["check"]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    assert_eq!(stderr(&check), "Checked 1 file: no problems found.\n");
    let lint = taskc(&workspace, &["lint", "--deny-warnings"]);
    assert_eq!(code(&lint), 0, "{}", stderr(&lint));
    let fmt = taskc(&workspace, &["fmt", "--check"]);
    assert_eq!(code(&fmt), 0, "{}", stderr(&fmt));
    let why = taskc(&workspace, &["why", "hello.resources"]);
    assert_eq!(code(&why), 0, "{}", stderr(&why));
}

#[test]
fn init_without_a_folder_uses_the_current_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let here = dir.path().join("recsys");
    fs::create_dir(&here).expect("mkdir");
    let out = taskc(&here, &["init"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "Created taskc.toml, hello.task and workflows/hello.py.\nNext: taskc check && taskc build\n"
    );
    let config = fs::read_to_string(here.join("taskc.toml")).expect("taskc.toml");
    assert!(config.contains("project = \"recsys\""), "{config}");
}

#[test]
fn existing_files_are_kept_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("taskc.toml"), "# mine\n").expect("write");
    let out = taskc(dir.path(), &["init"]);
    assert_eq!(code(&out), 2);
    insta::assert_snapshot!(stderr(&out), @r"
    error[E0965]: `taskc.toml` already exists; nothing was written
      help: run `taskc init --force` to replace it, or choose another folder
    ");
    assert_eq!(
        fs::read_to_string(dir.path().join("taskc.toml")).expect("read"),
        "# mine\n"
    );
    assert!(!dir.path().join("hello.task").exists());
}

#[test]
fn force_replaces_existing_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("taskc.toml"), "# mine\n").expect("write");
    fs::write(dir.path().join("hello.task"), "env x {}\n").expect("write");
    let out = taskc(dir.path(), &["init", "--force"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let config = fs::read_to_string(dir.path().join("taskc.toml")).expect("read");
    assert!(config.starts_with("# A taskc workspace"), "{config}");
    assert_eq!(code(&taskc(dir.path(), &["check"])), 0);
}

#[test]
fn a_file_where_the_folder_should_be_cannot_be_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("taken"), "").expect("write");
    let out = taskc(dir.path(), &["init", "taken"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("error[E0966]: cannot write `taken`"),
        "{}",
        stderr(&out)
    );
}

/// The sample's Python is checked against its template (drift check), the
/// build writes the bindings it imports, and the task runs: in the SDK's
/// local mode when the Flyte SDK venv is there (tools/oracle/setup.sh).
#[test]
fn a_new_workspace_builds_its_bindings_and_its_task_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let workspace = dir.path();
    assert_eq!(code(&taskc(workspace, &["init"])), 0);
    let python = fs::read_to_string(workspace.join("workflows/hello.py")).expect("hello.py");
    assert!(python.contains("@flyte_tasks.hello\n"), "{python}");
    assert!(workspace.join("workflows/__init__.py").is_file());

    // The drift check reads the sample module: a changed default is found.
    fs::write(
        workspace.join("workflows/hello.py"),
        python.replace("name: str = \"world\"", "name: str = \"you\""),
    )
    .expect("edit");
    let check = taskc(workspace, &["check"]);
    assert_eq!(code(&check), 1, "{}", stderr(&check));
    assert!(stderr(&check).contains("E0806"), "{}", stderr(&check));
    fs::write(workspace.join("workflows/hello.py"), &python).expect("restore");

    let build = taskc(workspace, &["build"]);
    assert_eq!(code(&build), 0, "{}", stderr(&build));
    assert!(workspace.join("workflows/flyte_tasks.py").is_file());

    let Some(venv_python) = venv::venv_python("init sample run") else {
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/oracle/run_local.py");
    let run = Command::new(venv_python)
        .arg(script)
        .args(["workflows.hello", "hello", "{}"])
        .current_dir(workspace)
        .env("PYTHONPATH", workspace)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("FLYTE_CONFIG", "/nonexistent-flyte-config.yaml")
        .output()
        .expect("run python");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        r#"["Hello, world!"]"#
    );
}
