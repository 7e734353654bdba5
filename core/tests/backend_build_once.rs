//! `version = "content"` builds every artifact once, with an empty version,
//! hashes them and then sets the version in place; `build_encoded` keeps
//! each artifact encoded and decodes it when asked. Both must give exactly
//! what a plain build with that version gives.

mod backend_support;

use std::path::Path;

use backend_support::{Compiled, compile_dir, compile_files, conformance_cases, conformance_dir};
use taskc_core::backend::{
    self, Artifact, BuildOptions, BuildOutput, Emitted, EncodedOutput, VersionPolicy,
};

/// The deploy version every artifact of a build carries.
fn deploy_version(build: &BuildOutput) -> String {
    let Some(artifact) = build.artifacts.first() else {
        panic!("the workspace builds something");
    };
    let spec = match &artifact.emitted {
        Emitted::Deploy(request) => request.spec.as_ref(),
        Emitted::Submit(spec) => Some(spec.as_ref()),
    };
    spec.and_then(|s| s.task_template.as_ref())
        .and_then(|t| t.id.as_ref())
        .map(|id| id.version.clone())
        .unwrap_or_default()
}

fn decoded(encoded: &EncodedOutput, what: &str) -> Vec<Artifact> {
    encoded
        .artifacts
        .iter()
        .map(|a| {
            a.decode()
                .unwrap_or_else(|e| panic!("{what}: {}: {e}", a.name))
        })
        .collect()
}

/// The content build equals a build with its version fixed, and the
/// encoded build of either policy decodes to the plain build.
fn assert_built_once_like_twice(compiled: &Compiled, what: &str) {
    let model = &compiled.check.model;
    let mut options = BuildOptions::from_config(&compiled.config);
    options.version = VersionPolicy::Content;
    let content = backend::build(model, &options);
    let version = deploy_version(&content);
    assert_eq!(version.len(), 32, "{what}: {version}");
    let encoded = backend::build_encoded(model, &options);
    assert_eq!(encoded.diagnostics, content.diagnostics, "{what}");
    assert_eq!(
        decoded(&encoded, what),
        content.artifacts,
        "{what}: encoded, content"
    );

    options.version = VersionPolicy::Fixed(version);
    let fixed = backend::build(model, &options);
    assert_eq!(
        fixed.artifacts, content.artifacts,
        "{what}: content vs fixed"
    );
    assert_eq!(fixed.diagnostics, content.diagnostics, "{what}");
    let encoded = backend::build_encoded(model, &options);
    assert_eq!(
        decoded(&encoded, what),
        fixed.artifacts,
        "{what}: encoded, fixed"
    );
}

#[test]
fn the_examples_build_once_as_if_twice() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let compiled = compile_dir(&examples);
    compiled.assert_no_errors();
    assert_built_once_like_twice(&compiled, "examples");
}

#[test]
fn every_conformance_case_builds_once_as_if_twice() {
    let mut built = 0;
    for case in conformance_cases() {
        let compiled = compile_dir(&conformance_dir().join(&case));
        if compiled.check.has_errors() || compiled.build.artifacts.is_empty() {
            continue;
        }
        assert_built_once_like_twice(&compiled, &case);
        built += 1;
    }
    assert!(built > 10, "only {built} cases build");
}

/// A raw container's args are the user's even when they look like a Python
/// task's: only Python tasks get the version in their args.
#[test]
fn raw_container_args_keep_a_written_version_argument() {
    let compiled = compile_files(
        "[flyte]\nproject = \"p\"\ndomain = \"d\"\nversion = \"content\"\n",
        &[(
            "tools.task",
            r#"env tools {
  image = "alpine:3"
}

template mimic in tools {
  container {
    command = ["run"]
    args = ["a0", "--inputs", "{{.input}}", "--outputs-path", "{{.outputPrefix}}", "--version", "", "x"]
  }
  outputs {
    done: str
  }
}
"#,
        )],
    );
    compiled.assert_no_errors();
    assert_built_once_like_twice(&compiled, "raw container");
    let args = compiled
        .artifact("tools.mimic")
        .container_args
        .clone()
        .unwrap_or_default();
    let after = args
        .iter()
        .position(|a| a == "--version")
        .and_then(|i| args.get(i + 1));
    assert_eq!(after.map(String::as_str), Some(""), "{args:?}");
}
