//! Shared helpers for the backend tests: compile a conformance case (or an
//! inline workspace) through check + build, render artifacts as JSON, and
//! compare JSON values with readable differences.

#![allow(dead_code)]

pub mod golden;

use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine;
use serde_json::Value;
use taskc_core::backend::{self, Artifact, BuildOptions, BuildOutput, Emitted};
use taskc_core::check::{CheckOutput, check_workspace};
use taskc_core::diagnostics::render::{HumanOptions, render_human};
use taskc_core::source::SourceDb;
use taskc_core::workspace::{Config, load_workspace, parse_config};

/// A compiled workspace: the check and the build of it.
pub struct Compiled {
    pub db: SourceDb,
    pub config: Config,
    pub check: CheckOutput,
    pub build: BuildOutput,
}

impl Compiled {
    pub fn render_diagnostics(&self) -> String {
        let mut all = self.check.diagnostics.clone();
        all.extend(self.build.diagnostics.iter().cloned());
        render_human(&self.db, &all, HumanOptions::default())
    }

    pub fn assert_no_errors(&self) {
        let errors = self.check.has_errors() || self.build.diagnostics.iter().any(|d| d.is_error());
        assert!(!errors, "{}", self.render_diagnostics());
    }

    pub fn artifact(&self, name: &str) -> &Artifact {
        self.build
            .artifacts
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| {
                let names: Vec<&str> = self
                    .build
                    .artifacts
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect();
                panic!("no artifact `{name}`; have {names:?}")
            })
    }

    /// Every artifact as `{name: json}`, in name order.
    pub fn artifacts_json(&self) -> Value {
        let mut map = serde_json::Map::new();
        for a in &self.build.artifacts {
            map.insert(a.name.clone(), emitted_json(&a.emitted));
        }
        Value::Object(map)
    }
}

pub fn emitted_json(emitted: &Emitted) -> Value {
    match emitted {
        Emitted::Deploy(request) => taskc_wire::to_message_dict_json(request.as_ref()),
        Emitted::Submit(spec) => taskc_wire::to_message_dict_json(spec.as_ref()),
    }
    .unwrap_or(Value::Null)
}

/// `tests/conformance/` of the repository.
pub fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("conformance")
}

/// Every case folder name, sorted.
pub fn conformance_cases() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(conformance_dir())
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Load a case folder as a workspace (its `taskc.toml` is the root), check
/// it and build it with the options of its `taskc.toml`.
pub fn compile_case(case: &str) -> Compiled {
    compile_dir(&conformance_dir().join(case))
}

/// Load a folder holding `taskc.toml` as a workspace, check it and build
/// it with the options of its `taskc.toml`.
pub fn compile_dir(dir: &Path) -> Compiled {
    let case = dir.display();
    let workspace = load_workspace(&[dir.to_path_buf()], dir)
        .unwrap_or_else(|errors| panic!("case {case}: {errors:?}"));
    assert!(
        workspace.diagnostics.is_empty(),
        "case {case}: taskc.toml: {:?}",
        workspace.diagnostics
    );
    let check = check_workspace(&workspace.db, &workspace.config);
    let build = backend::build(&check.model, &BuildOptions::from_config(&workspace.config));
    Compiled {
        db: workspace.db,
        config: workspace.config,
        check,
        build,
    }
}

/// Compile `(path, text)` `.task` files under the given `taskc.toml` text.
pub fn compile_files(toml: &str, files: &[(&str, &str)]) -> Compiled {
    compile_files_at(toml, files, None)
}

/// [`compile_files`] in a workspace whose root folder (which image recipe
/// paths are relative to) is `root`.
pub fn compile_files_at(toml: &str, files: &[(&str, &str)], root: Option<&Path>) -> Compiled {
    let mut db = SourceDb::new();
    let config_id = db.add("taskc.toml", toml);
    let (mut config, config_diags) = parse_config(config_id, toml);
    assert!(config_diags.is_empty(), "{config_diags:?}");
    config.source = Some(config_id);
    config.root = root.map(Path::to_path_buf);
    for (path, text) in files {
        db.add(*path, *text);
    }
    let check = check_workspace(&db, &config);
    let build = backend::build(&check.model, &BuildOptions::from_config(&config));
    Compiled {
        db,
        config,
        check,
        build,
    }
}

/// The conformance defaults (tests/conformance/README.md).
pub const CONFORMANCE_TOML: &str = r#"[flyte]
project = "testproject"
domain = "development"
org = "testorg"
version = "v1"
sdk_version = "2.12.1"
python = "3.11"
code_bundle = "s3://oracle-bucket/code/fixedbundle.tgz"
code_bundle_dest = "."
default_module = "tasks"
"#;

/// One `.task` file under the conformance defaults.
pub fn compile_text(text: &str) -> Compiled {
    compile_files(CONFORMANCE_TOML, &[("tasks.task", text)])
}

/// The JSON inside an `--image-cache` argument.
pub fn decode_image_cache(arg: &str) -> Value {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(arg)
        .unwrap_or_default();
    let mut text = String::new();
    let _ = flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text);
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// Paths where two JSON values differ (numbers compare by value).
pub fn json_differences(expected: &Value, actual: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff(expected, actual, "$", &mut out);
    out
}

fn diff(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                match a.get(key) {
                    Some(av) => diff(ev, av, &format!("{path}.{key}"), out),
                    None => out.push(format!("{path}.{key}: missing, expected {ev}")),
                }
            }
            for (key, av) in a {
                if !e.contains_key(key) {
                    out.push(format!("{path}.{key}: unexpected {av}"));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!(
                    "{path}: {} items, expected {}: {actual} vs {expected}",
                    a.len(),
                    e.len()
                ));
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                diff(ev, av, &format!("{path}[{i}]"), out);
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            if e.as_f64() != a.as_f64() {
                out.push(format!("{path}: {actual}, expected {expected}"));
            }
        }
        _ => {
            if expected != actual {
                out.push(format!("{path}: {actual}, expected {expected}"));
            }
        }
    }
}
