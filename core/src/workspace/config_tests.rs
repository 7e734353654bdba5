//! Tests of `taskc.toml` parsing.

use super::*;
use crate::diagnostics::render::{HumanOptions, render_human};
use crate::source::SourceDb;

fn load(text: &str) -> (Config, Vec<Diagnostic>, SourceDb) {
    let mut db = SourceDb::new();
    let file = db.add("taskc.toml", text);
    let (config, diagnostics) = parse_config(file, text);
    (config, diagnostics, db)
}

fn rendered(text: &str) -> String {
    let (_, diagnostics, db) = load(text);
    render_human(&db, &diagnostics, HumanOptions::default())
}

#[test]
fn empty_file_gives_the_documented_defaults() {
    let (config, diagnostics, _) = load("");
    assert!(diagnostics.is_empty());
    assert_eq!(config.flyte.sdk_version, "2.12.1");
    assert_eq!(config.flyte.python, "3.11");
    assert_eq!(config.flyte.version, "content");
    assert!(config.uses_content_version());
    assert_eq!(config.build.out_dir, "build");
    assert_eq!(config.flyte.code_bundle_dest, ".");
    assert_eq!(config.flyte.project, None);
    assert!(config.lint.is_empty());
}

#[test]
fn every_documented_key_is_read() {
    let text = r#"
[flyte]
project = "acme"
domain = "development"
org = "acme-org"
version = "v7"
sdk_version = "2.13.0"
python = "3.12"
code_bundle = "s3://bucket/code/bundle.tgz"
code_bundle_dest = "/root"
code_bundle_version = "b7"
default_module = "tasks"
sys_paths = ["."]
[build]
out_dir = "out"
[lint]
override-no-effect = "deny"
L0001 = "allow"
"#;
    let (config, diagnostics, _) = load(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(
        config.flyte,
        FlyteConfig {
            project: Some("acme".into()),
            domain: Some("development".into()),
            org: Some("acme-org".into()),
            version: "v7".into(),
            sdk_version: "2.13.0".into(),
            python: "3.12".into(),
            code_bundle: Some("s3://bucket/code/bundle.tgz".into()),
            code_bundle_dest: "/root".into(),
            code_bundle_version: Some("b7".into()),
            default_module: Some("tasks".into()),
            sys_paths: vec![".".into()],
        }
    );
    assert!(!config.uses_content_version());
    assert_eq!(config.build.out_dir, "out");
    assert_eq!(config.lint_level("override-no-effect"), Some("deny"));
    assert_eq!(config.lint_level("l0001"), Some("allow"));
    let key = &config.lint[0];
    assert_eq!(&text[key.span.start..key.span.end], "override-no-effect");
}

#[test]
fn python_bindings_keep_their_path_and_where_it_is_written() {
    let text = "[python]\nbindings = \"pipelines/flyte_tasks.py\"\n";
    let (config, diagnostics, _) = load(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let (path, span) = config.python.bindings.expect("bindings");
    assert_eq!(path, "pipelines/flyte_tasks.py");
    assert_eq!(&text[span.start..span.end], "\"pipelines/flyte_tasks.py\"");
    let (config, diagnostics, _) = load("[python]\nbinding = \"x.py\"\n");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(config.python.bindings.is_none());
}

#[test]
fn unknown_keys_get_a_did_you_mean() {
    insta::assert_snapshot!(rendered(
        "[flyte]\nprojet = \"acme\"\nsdk = \"x\"\n[bild]\nout_dir = \"b\"\n"
    ));
}

#[test]
fn all_bad_values_are_reported_and_keep_their_defaults() {
    let text = "[flyte]\npython = 3.11\nversion = \"\"\nsys_paths = \".\"\n[build]\nout_dir = 3\n[lint]\noverride-no-effect = \"warning\"\n";
    let (config, diagnostics, _) = load(text);
    assert_eq!(diagnostics.len(), 5, "{diagnostics:?}");
    assert_eq!(config.flyte.python, "3.11");
    assert_eq!(config.flyte.version, "content");
    assert_eq!(config.build.out_dir, "build");
    assert!(config.lint.is_empty());
    insta::assert_snapshot!(rendered(text));
}

#[test]
fn python_must_be_major_minor() {
    let (config, diagnostics, _) = load("[flyte]\npython = \"three\"\n");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, BAD_VALUE);
    assert_eq!(config.flyte.python, "3.11");
}

#[test]
fn a_section_that_is_not_a_table() {
    insta::assert_snapshot!(rendered("flyte = \"acme\"\n"));
}

#[test]
fn toml_syntax_errors_point_into_the_file() {
    let (config, diagnostics, _) = load("[flyte]\nproject = \n");
    assert_eq!(
        config,
        Config {
            source: config.source,
            ..Config::default()
        }
    );
    assert!(!diagnostics.is_empty());
    assert!(diagnostics.iter().all(|d| d.code == SYNTAX));
    insta::assert_snapshot!(rendered("[flyte]\nproject = \n"));
}

#[test]
fn every_conformance_taskc_toml_is_accepted() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let cases = std::fs::read_dir(&root).expect("tests/conformance exists");
    let mut seen = 0;
    for case in cases.flatten() {
        let path = case.path().join(CONFIG_FILE_NAME);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let (config, diagnostics, _) = load(&text);
        assert!(
            diagnostics.is_empty(),
            "{}: {diagnostics:?}",
            path.display()
        );
        assert!(config.flyte.default_module.is_some(), "{}", path.display());
        seen += 1;
    }
    assert!(seen > 0, "no taskc.toml under {}", root.display());
}

#[test]
fn code_bundle_version_defaults_to_the_bundle_file_name() {
    let version = |text: &str| load(text).0.code_bundle_version();
    assert_eq!(version(""), None);
    assert_eq!(
        version("[flyte]\ncode_bundle = \"s3://b/code/fixedbundle.tgz\"\n").as_deref(),
        Some("fixedbundle")
    );
    assert_eq!(
        version("[flyte]\ncode_bundle = \"s3://b/x.tar.gz\"\n").as_deref(),
        Some("x")
    );
    assert_eq!(
        version("[flyte]\ncode_bundle = \"s3://b/x.tgz\"\ncode_bundle_version = \"v\"\n")
            .as_deref(),
        Some("v")
    );
}

#[test]
fn bundle_keys_need_a_code_bundle() {
    insta::assert_snapshot!(rendered(
        "[flyte]\ncode_bundle_dest = \".\"\ncode_bundle_version = \"v\"\n"
    ));
    // A broken `code_bundle` is reported once, not again through the keys
    // that depend on it.
    let (_, diagnostics, _) = load("[flyte]\ncode_bundle = 3\ncode_bundle_dest = \".\"\n");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
}
