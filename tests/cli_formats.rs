//! `--format sarif` and `--format github` end to end: the real binary on
//! temporary workspaces. SARIF logs are validated against the OASIS SARIF
//! 2.1.0 schema kept in `tests/data/` (see `tests/data/README.md`).

mod common;

use common::{assert_reports, code, stderr, stdout, taskc, workspace};

use std::fs;
use std::path::Path;

use serde_json::{Value, json};
use taskc_core::diagnostics::Code;

/// Assert that `log` is valid SARIF 2.1.0, listing every violation.
fn assert_valid_sarif(log: &Value) {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let schema: Value =
        serde_json::from_str(&fs::read_to_string(schema_path).expect("read schema"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let problems: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        problems.is_empty(),
        "invalid SARIF:\n{}",
        problems.join("\n")
    );
}

const CONFIG: &str = "[flyte]\nproject = \"acme\"\n";

/// No errors and nothing for a lint to report.
const CLEAN: &str = "env base {\n  image = \"ghcr.io/acme/etl:1.4\"\n}\n\n/// Train.\ntemplate train in base {\n  module = \"pipelines.train\"\n}\n";

/// An unknown type (with a did-you-mean help) and a duplicate env whose
/// first declaration sits in another file (a related location).
const BROKEN: &str = "env base {\n  image = \"ghcr.io/acme/etl:1.4\"\n}\n\ntemplate train in base {\n  module = \"pipelines.train\"\n  inputs { n: integr }\n}\n";
const DUPLICATE: &str =
    "/// A dangling doc comment is a warning.\nenv base {\n  image = \"x\"\n}\n///\n";

/// What [`broken_workspace`] reports: the unknown type, the duplicate env,
/// the dangling doc comment and the unpinned image `x`.
const BROKEN_WORKSPACE_CODES: &[Code] = &[Code::E0201, Code::E0101, Code::E0009, Code::L0012];

fn broken_workspace() -> tempfile::TempDir {
    workspace(&[
        ("taskc.toml", CONFIG),
        ("pipelines/train.task", BROKEN),
        ("pipelines/more/dup.task", DUPLICATE),
    ])
}

/// The log with the temp folder replaced, and the parts every newly
/// registered code changes (the rule list, rule indexes) checked here and
/// then left out.
fn stable(log: &Value, root: &Path) -> Value {
    let mut log = log.clone();
    let ids: Vec<String> = log
        .pointer("/runs/0/tool/driver/rules")
        .and_then(Value::as_array)
        .map(|rules| {
            rules
                .iter()
                .filter_map(|r| r["id"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let codes: Vec<&str> = taskc_core::diagnostics::registry()
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    assert_eq!(ids, codes, "every registered code is a rule");
    if let Some(rules) = log.pointer_mut("/runs/0/tool/driver/rules") {
        *rules = json!("<every registered code>");
    }
    if let Some(results) = log
        .pointer_mut("/runs/0/results")
        .and_then(Value::as_array_mut)
    {
        for result in results {
            let index = result["ruleIndex"].as_u64().expect("a ruleIndex") as usize;
            assert_eq!(
                result["ruleId"].as_str(),
                ids.get(index).map(String::as_str)
            );
            result["ruleIndex"] = json!("<index of ruleId>");
        }
    }
    let root = fs::canonicalize(root).expect("canonical root");
    let text = serde_json::to_string_pretty(&log)
        .expect("serialise")
        .replace(&format!("file://{}/", root.display()), "file:///ROOT/");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn the_schema_check_rejects_a_broken_log() {
    let dir = broken_workspace();
    let out = taskc(dir.path(), &["check", "--format", "sarif"]);
    let mut log: Value = serde_json::from_str(&stdout(&out)).expect("SARIF is JSON");
    log["runs"][0]["results"][0]["level"] = json!("fatal");
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let schema: Value =
        serde_json::from_str(&fs::read_to_string(schema_path).expect("read schema")).expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    assert!(!validator.is_valid(&log));
}

#[test]
fn sarif_log_is_valid_and_uris_are_relative_to_the_workspace_root() {
    let dir = broken_workspace();
    // Run from a subfolder: URIs stay relative to the root, not to the
    // current folder.
    let out = taskc(
        &dir.path().join("pipelines"),
        &["check", "--format", "sarif"],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let log: Value = serde_json::from_str(&stdout(&out)).expect("SARIF is JSON");
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].to_string();
    assert_reports(&results, BROKEN_WORKSPACE_CODES);
    insta::assert_json_snapshot!(stable(&log, dir.path()));
}

#[test]
fn sarif_of_a_clean_workspace_has_the_rules_and_no_results() {
    let dir = workspace(&[("taskc.toml", CONFIG), ("a.task", CLEAN)]);
    let out = taskc(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let log: Value = serde_json::from_str(&stdout(&out)).expect("SARIF is JSON");
    assert_valid_sarif(&log);
    assert_eq!(log["runs"][0]["results"], json!([]));
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(rules.iter().any(|r| r["id"] == "E0001"));
    assert_eq!(log["runs"][0]["tool"]["driver"]["name"], "taskc");
}

#[test]
fn sarif_without_taskc_toml_is_relative_to_the_current_folder() {
    let dir = workspace(&[("sub/a.task", "env a {\n  image = 3\n}\n")]);
    let out = taskc(dir.path(), &["check", "sub", "--format", "sarif"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let log: Value = serde_json::from_str(&stdout(&out)).expect("SARIF is JSON");
    assert_valid_sarif(&log);
    let artifact =
        &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(
        *artifact,
        json!({ "uri": "sub/a.task", "uriBaseId": "%SRCROOT%" })
    );
}

#[test]
fn github_annotations_one_line_per_diagnostic() {
    let dir = broken_workspace();
    let out = taskc(dir.path(), &["check", "--format", "github"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    assert!(
        text.lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning "))
    );
    assert_reports(&text, BROKEN_WORKSPACE_CODES);
    insta::assert_snapshot!(text);
}

#[test]
fn github_format_prints_nothing_for_a_clean_workspace() {
    let dir = workspace(&[("a.task", CLEAN)]);
    let out = taskc(dir.path(), &["check", "a.task", "--format", "github"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn load_errors_stay_plain_text_on_stderr_in_every_format() {
    let dir = workspace(&[]);
    for format in ["sarif", "github"] {
        let out = taskc(dir.path(), &["check", "missing.task", "--format", format]);
        assert_eq!(code(&out), 2, "{format}");
        assert_eq!(stdout(&out), "", "{format}");
        assert!(
            stderr(&out).contains("error[E0901]"),
            "{format}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn lint_takes_the_same_formats() {
    let dir = broken_workspace();
    let out = taskc(dir.path(), &["lint", "--format", "sarif"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let log: Value = serde_json::from_str(&stdout(&out)).expect("SARIF is JSON");
    assert_valid_sarif(&log);
    let ids: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .map(|r| r.iter().filter_map(|r| r["ruleId"].as_str()).collect())
        .unwrap_or_default();
    assert!(ids.contains(&"L0012"), "{ids:?}");

    let out = taskc(dir.path(), &["lint", "--format", "github"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("::warning file=pipelines/more/dup.task,line=3,col=11,endLine=3,endColumn=14,title=L0012::"),
        "{}",
        stdout(&out)
    );
}
