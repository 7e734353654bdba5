//! `taskc lint`, `taskc explain` and lint levels in `taskc check`, end to
//! end: the real binary on temporary workspaces.

mod common;

use common::{assert_reports, code, stderr, stdout, taskc, workspace};
use taskc_core::diagnostics::Code;

use std::path::Path;

const CONFIG: &str = "[flyte]\ndefault_module = \"tasks\"\n";

/// One lint finding (an unpinned image, L0012) and one non-lint warning
/// (a dangling doc comment, E0009).
const ONE_FINDING: &str = "env etl { image = \"ghcr.io/acme/etl:latest\" }
template load in etl {}
/// dangling
";

#[test]
fn lint_reports_findings_as_warnings_and_exits_0() {
    let dir = workspace(&[("taskc.toml", CONFIG), ("a.task", ONE_FINDING)]);
    let out = taskc(dir.path(), &["lint"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Only lint findings: the E0009 warning is `taskc check`'s to show.
    assert!(!stderr(&out).contains("E0009"), "{}", stderr(&out));
    assert_reports(&stderr(&out), &[Code::L0012]);
    insta::assert_snapshot!(stderr(&out));
}

#[test]
fn check_reports_lint_findings_too() {
    let dir = workspace(&[("taskc.toml", CONFIG), ("a.task", ONE_FINDING)]);
    let out = taskc(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .map(|ds| ds.iter().filter_map(|d| d["code"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(codes, ["L0012", "E0009"], "{json:#}");
}

#[test]
fn deny_warnings_fails_check_and_lint() {
    let dir = workspace(&[("taskc.toml", CONFIG), ("a.task", ONE_FINDING)]);
    for command in ["check", "lint"] {
        let out = taskc(dir.path(), &[command, "--deny-warnings"]);
        assert_eq!(code(&out), 1, "{command}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("0 warnings"),
            "{command}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn a_denied_rule_fails_check() {
    let config = format!("{CONFIG}[lint]\nmutable-image-tag = \"deny\"\n");
    let dir = workspace(&[("taskc.toml", &config), ("a.task", ONE_FINDING)]);
    let out = taskc(dir.path(), &["check"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("× image `ghcr.io/acme/etl:latest`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_allowed_rule_is_silent() {
    let config = format!("{CONFIG}[lint]\nL0012 = \"allow\"\n");
    let dir = workspace(&[("taskc.toml", &config), ("a.task", ONE_FINDING)]);
    let out = taskc(dir.path(), &["lint"]);
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!(stderr(&out), @"Checked 1 file: no problems found.");
}

#[test]
fn an_unknown_rule_in_config_is_an_error_with_a_suggestion() {
    let config = format!("{CONFIG}[lint]\nmutable-image-tags = \"deny\"\n");
    let dir = workspace(&[("taskc.toml", &config), ("a.task", ONE_FINDING)]);
    let out = taskc(dir.path(), &["lint"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("did you mean `mutable-image-tag`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn lint_shows_errors_because_broken_declarations_are_not_fully_linted() {
    let dir = workspace(&[
        ("taskc.toml", CONFIG),
        ("a.task", "env etl { retries = = 1 }\n"),
    ]);
    let out = taskc(dir.path(), &["lint"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("E0001"), "{}", stderr(&out));
}

#[test]
fn rule_option_narrows_to_some_rules() {
    let text = "env etl { image = \"ghcr.io/acme/etl:latest\", env_vars { API_TOKEN = \"s3cr3t-value\" } }\ntemplate load in etl {}\n";
    let dir = workspace(&[("taskc.toml", CONFIG), ("a.task", text)]);
    let all = stderr(&taskc(dir.path(), &["lint"]));
    assert!(all.contains("L0002") && all.contains("L0012"), "{all}");
    let only = stderr(&taskc(
        dir.path(),
        &["lint", "--rule", "secret-value-in-env-vars"],
    ));
    assert!(only.contains("L0002") && !only.contains("L0012"), "{only}");
    let by_code = stderr(&taskc(dir.path(), &["lint", "--rule", "l0012"]));
    assert!(
        !by_code.contains("L0002") && by_code.contains("L0012"),
        "{by_code}"
    );
}

#[test]
fn an_unknown_rule_option_exits_2_with_a_suggestion() {
    let dir = workspace(&[("taskc.toml", CONFIG), ("a.task", ONE_FINDING)]);
    let out = taskc(dir.path(), &["lint", "--rule", "mutable-image"]);
    assert_eq!(code(&out), 2);
    insta::assert_snapshot!(stderr(&out));
}

#[test]
fn list_rules_shows_the_workspace_levels() {
    let config =
        format!("{CONFIG}[lint]\noverride-no-effect = \"deny\"\nundocumented-task = \"warn\"\n");
    let dir = workspace(&[("taskc.toml", &config)]);
    let out = taskc(dir.path(), &["lint", "--list-rules"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn explain_prints_a_rule_page_by_code_or_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let by_code = taskc(dir.path(), &["explain", "L0002"]);
    assert_eq!(code(&by_code), 0);
    let by_name = taskc(dir.path(), &["explain", "secret-value-in-env-vars"]);
    let lower = taskc(dir.path(), &["explain", "l0002"]);
    assert_eq!(stdout(&by_code), stdout(&by_name));
    assert_eq!(stdout(&by_code), stdout(&lower));
    insta::assert_snapshot!(stdout(&by_code));
}

#[test]
fn explain_prints_error_codes_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = taskc(dir.path(), &["explain", "E0101"]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).starts_with("E0101: duplicate environment name\n\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn explain_an_unknown_code_exits_2_with_did_you_mean() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = taskc(dir.path(), &["explain", "overide-no-effect"]);
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
    insta::assert_snapshot!(stderr(&out), @r"
    error: `overide-no-effect` is not a taskc diagnostic code or lint rule
      help: did you mean `override-no-effect`?
    ");
    let out = taskc(dir.path(), &["explain", "E0199"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("did you mean `E01"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_examples_are_lint_clean() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let out = taskc(&examples, &["lint", "--deny-warnings"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = taskc(&examples, &["check", "--deny-warnings"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}
