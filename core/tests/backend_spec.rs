//! Backend behaviour beyond the SDK goldens: versions taskc defines itself
//! (content deploy version, discovery version, layered image tags), the
//! deploy / submit split, output names and order, and backend diagnostics.

mod backend_support;

use backend_support::{CONFORMANCE_TOML, Compiled, compile_files, compile_text, emitted_json};
use serde_json::{Value, json};
use taskc_core::backend::{BuildOptions, Emitted, VersionPolicy, build};
use taskc_core::diagnostics::Code;

const CONTENT_TOML: &str = r#"[flyte]
project = "p"
domain = "development"
org = "o"
version = "content"
code_bundle = "s3://b/code/bundle.tgz"
default_module = "tasks"
"#;

/// Compile under the conformance defaults; the workspace must be valid.
fn ok(text: &str) -> Compiled {
    let compiled = compile_text(text);
    compiled.assert_no_errors();
    compiled
}

/// Compile under `toml`; the workspace must be valid.
fn ok_with(toml: &str, text: &str) -> Compiled {
    let compiled = compile_files(toml, &[("tasks.task", text)]);
    compiled.assert_no_errors();
    compiled
}

fn spec_of(compiled: &Compiled, artifact: &str) -> Value {
    let json = emitted_json(&compiled.artifact(artifact).emitted);
    match &compiled.artifact(artifact).emitted {
        Emitted::Deploy(_) => json["spec"].clone(),
        Emitted::Submit(_) => json,
    }
}

fn task_version(compiled: &Compiled, artifact: &str) -> String {
    spec_of(compiled, artifact)["taskTemplate"]["id"]["version"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn discovery(compiled: &Compiled, artifact: &str) -> String {
    spec_of(compiled, artifact)["taskTemplate"]["metadata"]["discoveryVersion"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

const TWO_TASKS: &str = r#"
env e { resources { cpu = 1 } }
template a in e { inputs { x: int = 1 }, returns int }
template b in e { async = true }
"#;

#[test]
fn content_version_is_deterministic_and_shared_by_every_task() {
    let first = ok_with(CONTENT_TOML, TWO_TASKS);
    let second = ok_with(CONTENT_TOML, TWO_TASKS);
    let version = task_version(&first, "e.a");
    assert_eq!(version.len(), 32, "{version}");
    assert!(version.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(task_version(&first, "e.b"), version);
    assert_eq!(first.artifacts_json(), second.artifacts_json());
    // The version is also what the runtime is told (`--version`).
    let args = first
        .artifact("e.a")
        .container_args
        .clone()
        .unwrap_or_default();
    let at = args.iter().position(|a| a == "--version").unwrap_or(0);
    assert_eq!(args[at + 1], version);
    let id = emitted_json(&first.artifact("e.a").emitted)["taskId"]["version"].clone();
    assert_eq!(id, json!(version));
}

#[test]
fn content_version_changes_with_any_resolved_setting() {
    let base = ok_with(CONTENT_TOML, TWO_TASKS);
    let changed = TWO_TASKS.replace("cpu = 1", "cpu = 2");
    let other = ok_with(CONTENT_TOML, &changed);
    assert_ne!(task_version(&base, "e.a"), task_version(&other, "e.a"));
    let bundle = CONTENT_TOML.replace("bundle.tgz", "bundle2.tgz");
    let other = ok_with(&bundle, TWO_TASKS);
    assert_ne!(task_version(&base, "e.a"), task_version(&other, "e.a"));
}

#[test]
fn a_fixed_version_is_used_as_written() {
    let compiled = ok(TWO_TASKS);
    assert_eq!(task_version(&compiled, "e.a"), "v1");
}

#[test]
fn a_fixed_version_flyte_rejects_is_an_error() {
    let compiled = ok(TWO_TASKS);
    let mut options = BuildOptions::from_config(&compiled.config);
    options.version = VersionPolicy::Fixed("x".repeat(64));
    let output = build(&compiled.check.model, &options);
    let codes: Vec<Code> = output.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::E0723]);
    options.version = VersionPolicy::Fixed(String::new());
    let output = build(&compiled.check.model, &options);
    assert_eq!(output.diagnostics.len(), 1);
}

#[test]
fn discovery_version_follows_the_declaration_not_the_env() {
    let base = ok(TWO_TASKS);
    let a = discovery(&base, "e.a");
    assert_eq!(a.len(), 64);
    assert_ne!(a, discovery(&base, "e.b"));
    // Env settings do not change it (the SDK hashes the function only).
    let env_changed = ok(&TWO_TASKS.replace("cpu = 1", "cpu = 4"));
    assert_eq!(discovery(&env_changed, "e.a"), a);
    // The interface and defaults do.
    let default_changed = ok(&TWO_TASKS.replace("x: int = 1", "x: int = 2"));
    assert_ne!(discovery(&default_changed, "e.a"), a);
    let module_changed =
        ok(&TWO_TASKS.replace("template a in e {", "template a in e { module = \"other\","));
    assert_ne!(discovery(&module_changed, "e.a"), a);
}

#[test]
fn discovery_version_uses_the_pinned_version_and_salt_only_when_caching() {
    let text = r#"
env e {}
template pinned in e { cache { behavior = auto, version = "v7" } }
template salted in e { cache { behavior = auto, salt = "pepper" } }
template plain in e { cache = auto }
template off_pinned in e { cache { behavior = disable, version = "v7" } }
"#;
    let compiled = ok(text);
    assert_eq!(discovery(&compiled, "e.pinned"), "v7");
    assert_ne!(discovery(&compiled, "e.off_pinned"), "v7");
    let renamed = |from: &str, to: &str| {
        let c = ok(&text.replace(&format!("template {from} "), &format!("template {to} ")));
        discovery(&c, &format!("e.{to}"))
    };
    // Same declaration apart from the salt: different versions.
    assert_ne!(renamed("salted", "x"), renamed("plain", "x"));
}

#[test]
fn an_override_keeps_the_base_tasks_discovery_version() {
    let compiled = compile_text(
        r#"
env e {}
template t in e { cache = auto, inputs { x: int } }
override big of t { retries = 3 }
"#,
    );
    compiled.assert_no_errors();
    assert_eq!(discovery(&compiled, "e.big"), discovery(&compiled, "e.t"));
}

#[test]
fn artifacts_are_sorted_by_name_and_split_by_path() {
    let compiled = compile_text(
        r#"
env zed {}
template last in zed {}
template hidden in zed { deploy = false }
override alpha of last { retries = 1 }
env ab {}
template first in ab {}
"#,
    );
    compiled.assert_no_errors();
    let names: Vec<&str> = compiled
        .build
        .artifacts
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["ab.first", "zed.alpha", "zed.hidden", "zed.last"]);
    let paths: Vec<bool> = compiled
        .build
        .artifacts
        .iter()
        .map(|a| matches!(a.emitted, Emitted::Deploy(_)))
        .collect();
    assert_eq!(paths, [true, false, false, true]);
    // A submitted function template keeps its env's name, without the
    // description, documentation or default inputs of the deploy path.
    let hidden = spec_of(&compiled, "zed.hidden");
    assert_eq!(hidden["environment"], json!({"name": "zed"}));
    assert!(hidden.get("documentation").is_none());
}

#[test]
fn query_artifacts_carry_the_statement_and_no_container() {
    let compiled = compile_text(
        r#"
env wh {}
template q in wh {
  sql bigquery { project_id = "p" }
  query = """
    SELECT   1
  """
}
"#,
    );
    compiled.assert_no_errors();
    let artifact = compiled.artifact("wh.q");
    assert_eq!(artifact.sql.as_deref(), Some("SELECT 1"));
    assert_eq!(artifact.container_args, None);
    let spec = spec_of(&compiled, "wh.q");
    assert!(spec["taskTemplate"].get("container").is_none());
}

#[test]
fn layered_image_tags_are_stable_and_follow_the_block() {
    let text = r#"
env img {
  image { registry = "ghcr.io/acme", name = "app", pip_packages = ["pandas"] }
}
template t in img {}
"#;
    let image = |text: &str| {
        let c = compile_text(text);
        c.assert_no_errors();
        spec_of(&c, "img.t")["taskTemplate"]["container"]["image"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let first = image(text);
    assert!(first.starts_with("ghcr.io/acme/app:"), "{first}");
    assert_eq!(first.len(), "ghcr.io/acme/app:".len() + 32);
    assert_eq!(image(text), first);
    assert_ne!(image(&text.replace("pandas", "numpy")), first);
}

#[test]
fn sys_paths_reach_deployed_tasks_only() {
    let toml = format!("{CONFORMANCE_TOML}sys_paths = [\".\", \"src\"]\n");
    let compiled = compile_files(
        &toml,
        &[(
            "tasks.task",
            "env e { env_vars { A = \"1\" } }\ntemplate t in e {}\noverride o of t { retries = 1 }\n",
        )],
    );
    compiled.assert_no_errors();
    assert_eq!(
        spec_of(&compiled, "e.t")["taskTemplate"]["container"]["env"],
        json!([{"key": "A", "value": "1"}, {"key": "_F_SYS_PATH", "value": "./.:./src"}])
    );
    assert_eq!(
        spec_of(&compiled, "e.o")["taskTemplate"]["container"]["env"],
        json!([{"key": "A", "value": "1"}])
    );
}

#[test]
fn a_pod_spec_without_the_primary_container_is_reported() {
    let compiled = compile_text(
        r#"
env e {
  pod_template {
    pod_spec { containers = [{ name = "sidecar" }] }
  }
}
template t in e {}
"#,
    );
    assert!(
        !compiled.check.has_errors(),
        "{}",
        compiled.render_diagnostics()
    );
    let codes: Vec<Code> = compiled.build.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::E0722]);
    insta::assert_snapshot!(compiled.render_diagnostics());
}

#[test]
fn a_function_task_without_a_module_is_reported_by_the_backend() {
    let toml = CONFORMANCE_TOML.replace("default_module = \"tasks\"\n", "");
    let compiled = compile_files(&toml, &[("tasks.task", "env e {}\ntemplate t in e {}\n")]);
    let codes: Vec<Code> = compiled.build.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::E0720]);
}

#[test]
fn an_override_and_a_template_written_to_one_file_are_reported() {
    let compiled = compile_text(
        r#"
env e {}
template t in e { function = "clash" }
template u in e {}
override clash of u { retries = 1 }
"#,
    );
    let codes: Vec<Code> = compiled.build.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::E0721], "{}", compiled.render_diagnostics());
}

#[test]
fn a_pkl_bundle_replaces_the_resolver_and_versions_the_cache() {
    let toml = CONFORMANCE_TOML.replace("fixedbundle.tgz", "fast123.pkl");
    let compiled = ok_with(&toml, "env e {}\ntemplate t in e { cache = auto }\n");
    let args = compiled
        .artifact("e.t")
        .container_args
        .clone()
        .unwrap_or_default();
    let tail: Vec<&str> = args.iter().skip(21).map(String::as_str).collect();
    assert_eq!(
        tail,
        [
            "--pkl",
            "s3://oracle-bucket/code/fast123.pkl",
            "--dest",
            "."
        ]
    );
    let metadata = &spec_of(&compiled, "e.t")["taskTemplate"]["metadata"];
    assert!(metadata.get("codeBundleUri").is_none(), "{metadata}");
    let bundle_version = compiled.config.code_bundle_version().unwrap_or_default();
    assert_eq!(metadata["discoveryVersion"], json!(bundle_version));
}

#[test]
fn without_a_bundle_there_is_no_tgz_and_no_bundle_uri() {
    let toml = CONFORMANCE_TOML.replace(
        "code_bundle = \"s3://oracle-bucket/code/fixedbundle.tgz\"\ncode_bundle_dest = \".\"\n",
        "",
    );
    let compiled = ok_with(&toml, "env e {}\ntemplate t in e {}\n");
    let args = compiled
        .artifact("e.t")
        .container_args
        .clone()
        .unwrap_or_default();
    assert!(
        !args.iter().any(|a| a == "--tgz" || a == "--dest"),
        "{args:?}"
    );
    assert_eq!(args[21], "--resolver");
    let metadata = &spec_of(&compiled, "e.t")["taskTemplate"]["metadata"];
    assert!(metadata.get("codeBundleUri").is_none());
}

/// Envs have a namespace of their own (language.md §1.3): a template named
/// after its env checks and builds, as task `<env>.<function>`.
#[test]
fn a_template_named_after_its_env_builds() {
    let compiled = ok("env x {}\ntemplate x in x { returns int }\n");
    let spec = spec_of(&compiled, "x.x");
    assert_eq!(spec["taskTemplate"]["id"]["name"], "x.x");
    assert_eq!(spec["shortName"], "x");
}
