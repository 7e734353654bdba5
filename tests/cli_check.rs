//! `taskc check` end to end: the real binary on temporary workspaces.

mod common;

use common::{assert_reports, code, stderr, stdout, taskc, workspace_bytes as workspace};
use taskc_core::diagnostics::Code;

use std::fs;
use std::process::Command;

const CLEAN: &[u8] = b"env base {\n  image = \"ghcr.io/acme/etl:1.4\"\n}\n";

/// One file, three declarations, each with its own independent mistake.
const THREE_ERRORS: &[u8] = b"env base {
  image = \"ghcr.io/acme/etl:1.4\"
  resources { cpu = }
}

env gpu extends base {
  interruptible = true
  env_vars { LOG_LEVEL \"info\" }
}

template train in gpu {
  module = \"pipelines.train\"
  retries = [1, 2,, 3]
}
";

#[test]
fn clean_workspace_exits_0() {
    let dir = workspace(&[
        ("taskc.toml", b"[flyte]\nproject = \"acme\"\n"),
        ("envs.task", CLEAN),
    ]);
    let out = taskc(dir.path(), &["check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    insta::assert_snapshot!(stderr(&out), @"Checked 1 file: no problems found.");
}

#[test]
fn warnings_alone_still_exit_0() {
    // A doc comment with nothing after it to document is a warning.
    let dir = workspace(&[("a.task", b"env a {\n  image = \"x\"\n}\n/// dangling\n")]);
    let out = taskc(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(json["summary"]["errors"], 0);
    assert!(json["summary"]["warnings"].as_u64() >= Some(1), "{json}");
}

#[test]
fn error_diagnostics_exit_1() {
    let dir = workspace(&[("a.task", b"env a {\n  image = \n}\n")]);
    let out = taskc(dir.path(), &["check", "a.task"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("a.task:3:1"), "{}", stderr(&out));
}

#[test]
fn missing_path_exits_2() {
    let dir = workspace(&[]);
    let out = taskc(dir.path(), &["check", "nowhere/pipeline.task"]);
    assert_eq!(code(&out), 2);
    insta::assert_snapshot!(stderr(&out), @r"
    error[E0901]: `nowhere/pipeline.task` does not exist
      help: check the spelling, or run `taskc check` with no path to check the current folder
    ");
}

#[test]
fn invalid_utf8_exits_2_with_the_offset() {
    let dir = workspace(&[
        ("ok.task", CLEAN),
        ("bad.task", b"env a {\n  image = \"\xe9t\xe9\"\n}\n"),
    ]);
    let out = taskc(dir.path(), &["check"]);
    assert_eq!(code(&out), 2);
    insta::assert_snapshot!(stderr(&out), @r#"
    error[E0903]: `bad.task` is not valid UTF-8: the byte at offset 19 (line 2, column 12) does not start a UTF-8 character
      help: `.task` files are UTF-8 text; save the file with UTF-8 encoding
    "#);
}

#[test]
fn a_file_that_is_not_a_task_file_exits_2() {
    let dir = workspace(&[("notes.md", b"# notes\n")]);
    let out = taskc(dir.path(), &["check", "notes.md"]);
    assert_eq!(code(&out), 2);
    insta::assert_snapshot!(stderr(&out), @r"
    error[E0904]: `notes.md` is not a `.task` file
      help: name folders or files ending in `.task`
    ");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workspace(&[("locked.task", CLEAN)]);
    let path = dir.path().join("locked.task");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&path).is_ok() {
        // Running as root: permissions do not stop reads, so this case
        // cannot be produced here.
        eprintln!("skipped: this user can read files with mode 000");
        return;
    }
    let out = taskc(dir.path(), &["check"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("error[E0902]: cannot read `locked.task`: "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn paths_from_two_workspaces_exit_2() {
    let dir = workspace(&[
        ("a/taskc.toml", b""),
        ("a/x.task", CLEAN),
        ("b/y.task", CLEAN),
    ]);
    let out = taskc(dir.path(), &["check", "a", "b"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("error[E0905]:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn load_errors_in_json_mode_go_to_stderr_only() {
    let dir = workspace(&[]);
    let out = taskc(dir.path(), &["check", "--format", "json", "missing.task"]);
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).starts_with("error[E0901]"));
}

#[test]
fn bad_usage_exits_2() {
    let dir = workspace(&[]);
    let out = taskc(dir.path(), &["check", "--format", "xml"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("invalid value 'xml'"),
        "{}",
        stderr(&out)
    );
    assert_eq!(code(&taskc(dir.path(), &["frobnicate"])), 2);
}

#[test]
fn an_empty_folder_warns_and_exits_0() {
    let dir = workspace(&[("readme.md", b"")]);
    let out = taskc(dir.path(), &["check"]);
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!(stderr(&out), @r"
    warning: no .task files found
    Checked 0 files: no problems found.
    ");
}

#[test]
fn json_output_shape() {
    let dir = workspace(&[
        ("taskc.toml", b"[flyte]\nprojet = \"acme\"\n"),
        ("pipelines/envs.task", b"env a {\n  image = \n}\n"),
    ]);
    let out = taskc(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code(&out), 1);
    assert_eq!(stderr(&out), "");
    assert_reports(&stdout(&out), &[Code::E0911, Code::E0001]);
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn taskc_toml_problems_are_rendered_with_its_source() {
    let dir = workspace(&[
        ("taskc.toml", b"[flyte]\npython = 3.11\n"),
        ("a.task", CLEAN),
    ]);
    let out = taskc(dir.path(), &["check"]);
    assert_eq!(code(&out), 1);
    assert_reports(&stderr(&out), &[Code::E0912]);
    insta::assert_snapshot!(stderr(&out));
}

#[test]
fn three_independent_syntax_errors_are_all_reported_human() {
    let dir = workspace(&[("pipeline.task", THREE_ERRORS)]);
    let out = taskc(dir.path(), &["check"]);
    assert_eq!(code(&out), 1);
    assert_reports(&stderr(&out), &[Code::E0001, Code::E0001, Code::E0001]);
    insta::assert_snapshot!(stderr(&out));
}

#[test]
fn three_independent_syntax_errors_are_all_reported_json() {
    let dir = workspace(&[("pipeline.task", THREE_ERRORS)]);
    let out = taskc(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code(&out), 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let diagnostics = json["diagnostics"].as_array().cloned().unwrap_or_default();
    assert_eq!(diagnostics.len(), 3, "{json:#}");
    let lines: Vec<u64> = diagnostics
        .iter()
        .filter_map(|d| d["start"]["line"].as_u64())
        .collect();
    // One per declaration, each on its own line.
    assert_eq!(lines, [3, 8, 13]);
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn version_flag() {
    let dir = workspace(&[]);
    let out = taskc(dir.path(), &["--version"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out),
        format!("taskc {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let dir = workspace(&[]);
    let out = taskc(dir.path(), &["--help"]);
    assert_eq!(code(&out), 0);
    let help = stdout(&out);
    assert!(help.contains("Examples:") && help.contains("taskc check examples"));
    assert!(help.contains("Exit codes: 0"));
    let out = taskc(dir.path(), &["check", "--help"]);
    assert!(stdout(&out).contains("--format <FORMAT>"));
}

/// The language tour and the `taskc.toml` sample in the README are a valid
/// workspace, so the README cannot drift from the language.
#[test]
fn readme_tour_checks_clean() {
    let readme = include_str!("../README.md");
    let block = |opening: &str| -> String {
        let start = readme.find(opening).map(|i| i + opening.len());
        let rest = start.map_or("", |i| &readme[i..]);
        rest.split("```").next().unwrap_or("").to_string()
    };
    let tour = format!("// envs.task{}", block("```\n// envs.task"));
    let config = block("```toml\n");
    assert!(tour.contains("template train") && config.contains("[flyte]"));
    let dir = workspace(&[
        ("taskc.toml", config.as_bytes()),
        ("envs.task", tour.as_bytes()),
    ]);
    let out = taskc(dir.path(), &["check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn no_colour_when_stderr_is_not_a_terminal() {
    let dir = workspace(&[("a.task", b"env a {\n  image = \n}\n")]);
    let out = Command::new(env!("CARGO_BIN_EXE_taskc"))
        .args(["check"])
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .output()
        .expect("run taskc");
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("a.task:3:1"));
    assert!(!stderr(&out).contains('\u{1b}'), "{}", stderr(&out));
}
