//! Image recipes that name files of the workspace: their content is part
//! of the image tag (the SDK's hash, compared with the SDK in conformance
//! case `35_image_files`), what `.dockerignore` leaves out is not, and a
//! file that cannot be read is `E0907` in `check` and `build` alike.

mod backend_support;
mod expect_code;

use std::path::Path;

use backend_support::{Compiled, compile_dir, emitted_json};
use taskc_core::diagnostics::Code;

const TOML: &str = "[flyte]\nproject = \"p\"\ndomain = \"development\"\nversion = \"v1\"\ndefault_module = \"tasks\"\n";

const TASKS: &str = "env app {\n  image {\n    registry      = \"ghcr.io/acme\"\n    name          = \"app\"\n    requirements  = \"requirements.txt\"\n    source_folder = \"src\"\n  }\n}\ntemplate t in app {}\n";

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A workspace with a requirements file and a source folder.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "taskc.toml", TOML);
    write(dir.path(), "main.task", TASKS);
    write(dir.path(), "requirements.txt", "pandas==2.2.3\n");
    write(dir.path(), "src/app/main.py", "print('hi')\n");
    write(dir.path(), "src/app/cache.pyc", "v1");
    dir
}

/// The messages of the E0907 reports of `check`.
fn e0907_messages(compiled: &Compiled) -> Vec<String> {
    compiled
        .check
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::E0907)
        .map(|d| d.message.clone())
        .collect()
}

fn image(compiled: &Compiled) -> String {
    compiled.assert_no_errors();
    let json = emitted_json(&compiled.artifact("app.t").emitted);
    json["spec"]["taskTemplate"]["container"]["image"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_tag_follows_the_files_but_not_what_dockerignore_leaves_out() {
    let dir = workspace();
    let first = image(&compile_dir(dir.path()));
    assert!(first.starts_with("ghcr.io/acme/app:"), "{first}");

    // Without a `.dockerignore`, every file of the folder counts.
    write(dir.path(), "src/app/cache.pyc", "v2");
    let changed = image(&compile_dir(dir.path()));
    assert_ne!(first, changed, "a copied file changed");

    // The root's `.dockerignore` leaves the file out: its content no
    // longer matters, but leaving it out changes the tag.
    write(dir.path(), ".dockerignore", "**/*.pyc\n");
    let ignored = image(&compile_dir(dir.path()));
    write(dir.path(), "src/app/cache.pyc", "v3");
    assert_eq!(
        ignored,
        image(&compile_dir(dir.path())),
        "an ignored file changed"
    );
    assert_ne!(ignored, changed);

    // The requirements file is read whole.
    write(dir.path(), "requirements.txt", "pandas==2.2.4\n");
    assert_ne!(
        ignored,
        image(&compile_dir(dir.path())),
        "the requirements changed"
    );
}

#[test]
fn e0907_a_recipe_file_that_cannot_be_read() {
    let dir = workspace();
    std::fs::remove_file(dir.path().join("requirements.txt")).expect("rm");
    std::fs::remove_dir_all(dir.path().join("src")).expect("rm");
    write(dir.path(), "src", "a file where a folder is named");
    let compiled = compile_dir(dir.path());
    expect_code::assert_named_after("e0907_a_recipe_file_that_cannot_be_read", Code::E0907);
    // `check` (through the build's preflight) and `build` both refuse it.
    expect_code::assert_reports(&compiled.check.diagnostics, Code::E0907, || {
        compiled.render_diagnostics()
    });
    expect_code::assert_reports(&compiled.build.diagnostics, Code::E0907, || {
        compiled.render_diagnostics()
    });
    let check: Vec<_> = compiled
        .check
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::E0907)
        .collect();
    // One recipe, one report: the first file that cannot be read.
    assert_eq!(check.len(), 1, "{}", compiled.render_diagnostics());
    insta::assert_snapshot!(compiled.render_diagnostics());
}

#[test]
fn e0907_a_source_folder_that_is_a_file() {
    let dir = workspace();
    std::fs::remove_dir_all(dir.path().join("src")).expect("rm");
    write(dir.path(), "src", "a file where a folder is named");
    let compiled = compile_dir(dir.path());
    let messages = e0907_messages(&compiled);
    assert_eq!(
        messages,
        ["the image recipe names `src`, but it is not a folder"],
        "{}",
        compiled.render_diagnostics()
    );
}

#[test]
fn e0907_a_poetry_project_without_its_lock() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "taskc.toml", TOML);
    write(
        dir.path(),
        "main.task",
        "env app {\n  image {\n    name           = \"app\"\n    poetry_project = \"app/pyproject.toml\"\n  }\n}\ntemplate t in app {}\n",
    );
    write(
        dir.path(),
        "app/pyproject.toml",
        "[tool.poetry]\nname = \"app\"\n",
    );
    let compiled = compile_dir(dir.path());
    let messages = e0907_messages(&compiled);
    assert_eq!(
        messages,
        ["the image recipe names `app/poetry.lock`, but it does not exist"],
        "{}",
        compiled.render_diagnostics()
    );
    write(dir.path(), "app/poetry.lock", "# lock\n");
    assert!(image(&compile_dir(dir.path())).starts_with("app:"));
}
