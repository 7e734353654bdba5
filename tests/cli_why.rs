//! `taskc why` end to end: the real binary on temporary workspaces.

mod common;

use common::{assert_reports, code, stderr, stdout, taskc, workspace};
use taskc_core::diagnostics::Code;

use std::fs;

const CONFIG: &str = "[flyte]\nproject = \"acme\"\n";

const ENVS: &str = r#"/// Shared runtime.
env base {
  image = "ghcr.io/acme/etl:1.4"
  resources { cpu = 1, memory = "2Gi" }
  env_vars {
    LOG_LEVEL = "info"   // quiet by default
    REGION    = "eu"
  }
  cache = auto
}

/// GPU nodes.
env gpu extends base {
  resources { cpu = 8, memory = "64Gi" }
  env_vars += { REGION = "us", CUDA = "all" }
}
"#;

const TASKS: &str = r#"/// Train the model.
template train in gpu {
  module = "pipelines.train"
  cache = disable
  retries = 3
}

/// A cheaper variant.
override train_small of train {
  resources { cpu = 2, memory = "8Gi" }
  retries = 1
}
"#;

fn sample() -> tempfile::TempDir {
    workspace(&[
        ("taskc.toml", CONFIG),
        ("envs.task", ENVS),
        ("pipelines/train.task", TASKS),
    ])
}

#[test]
fn a_template_shows_every_attribute_with_its_chain() {
    let dir = sample();
    let out = taskc(dir.path(), &["why", "train"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn one_merged_attribute_of_an_env() {
    let dir = sample();
    let out = taskc(dir.path(), &["why", "gpu.env_vars"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn an_override_attribute_as_json() {
    let dir = sample();
    let out = taskc(
        dir.path(),
        &["why", "train_small.retries", "--format", "json"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    insta::assert_json_snapshot!(json);
}

#[test]
fn a_task_id_and_a_path_from_another_folder() {
    let dir = sample();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let root = dir.path().to_string_lossy().into_owned();
    let out = taskc(elsewhere.path(), &["why", "gpu.train.cache", &root]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out).replace(&root, "ROOT");
    insta::assert_snapshot!(text);
}

#[test]
fn an_attribute_nobody_sets() {
    let dir = sample();
    let out = taskc(dir.path(), &["why", "base.timeout"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out)
            .contains("timeout: not set anywhere along the chain (Flyte's default applies)"),
        "{}",
        stdout(&out)
    );
    let out = taskc(dir.path(), &["why", "base.timeout", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(
        json["attributes"],
        serde_json::json!([{ "name": "timeout", "set": false, "value": null, "chain": [] }])
    );
}

#[test]
fn an_unknown_name_exits_2_with_a_suggestion() {
    let dir = sample();
    let out = taskc(dir.path(), &["why", "trian.resources"]);
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
    assert_reports(&stderr(&out), &[Code::E0960]);
    insta::assert_snapshot!(stderr(&out));
}

#[test]
fn an_unknown_attribute_exits_2_and_json_gets_the_diagnostic() {
    let dir = sample();
    let out = taskc(dir.path(), &["why", "gpu.resorces", "--format", "json"]);
    assert_eq!(code(&out), 2);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let diagnostic = &json["diagnostics"][0];
    assert_eq!(diagnostic["code"], "E0961");
    assert_eq!(diagnostic["file"], "<query>");
    assert_eq!(
        diagnostic["range"],
        serde_json::json!({ "start": 4, "end": 12 })
    );
    assert_eq!(diagnostic["help"], "did you mean `resources`?");
}

#[test]
fn errors_elsewhere_in_the_workspace_still_answer_but_exit_1() {
    let dir = sample();
    fs::write(
        dir.path().join("broken.task"),
        "env broken {\n  image = \n}\n",
    )
    .expect("write");
    let out = taskc(dir.path(), &["why", "gpu.resources"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("resources = { cpu = 8, memory = \"64Gi\" }"));
    assert_eq!(
        stderr(&out),
        "warning: the workspace has 1 error (run `taskc check`); values may be incomplete\n"
    );
}

#[test]
fn a_missing_path_is_a_load_error() {
    let dir = sample();
    let out = taskc(dir.path(), &["why", "gpu", "nowhere"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("error[E0901]"), "{}", stderr(&out));
}

/// Envs have a namespace of their own: a name an env and a template share
/// is E0962 (exit 2) until `env:` or `template:` says which.
#[test]
fn a_name_an_env_and_a_template_share_needs_a_kind() {
    let dir = workspace(&[
        ("taskc.toml", CONFIG),
        (
            "x.task",
            "env x { queue = \"q\" }\ntemplate x in x { module = \"m\", retries = 3 }\n",
        ),
    ]);
    let out = taskc(dir.path(), &["why", "x.retries"]);
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
    assert_reports(&stderr(&out), &[Code::E0962]);
    let out = taskc(dir.path(), &["why", "template:x.retries"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).starts_with("template `x`"), "{}", stdout(&out));
    let out = taskc(dir.path(), &["why", "env:x"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).starts_with("env `x`"), "{}", stdout(&out));
}
