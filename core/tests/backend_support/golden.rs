//! Comparing what taskc emits with an SDK golden (`expected.json` written
//! by the oracle): entries matched by task name and path, masked as
//! tests/conformance/README.md documents, with the deliberate differences
//! of `taskc_expect.toml`.

use std::path::Path;

use serde_json::{Value, json};
use taskc_core::backend::Emitted;
use taskc_core::diagnostics::Code;
use taskc_core::semantic::model::{Settings, Task, TaskKind};

use super::{Compiled, compile_dir, decode_image_cache, emitted_json, json_differences};

const MASK: &str = "<masked>";

/// `taskc_expect.toml` of a case.
pub struct Expectations {
    pub outcome_error: bool,
    /// `code`: the code of the error taskc rejects the case with.
    pub error_code: Option<Code>,
    /// `(python name, dotted field under task_spec, sdk value, taskc value)`.
    pub differences: Vec<(String, String, Value, Value)>,
}

pub fn expectations(dir: &Path) -> Expectations {
    let case = dir.display();
    let path = dir.join("taskc_expect.toml");
    let Ok(text) = std::fs::read_to_string(path) else {
        return Expectations {
            outcome_error: false,
            error_code: None,
            differences: Vec::new(),
        };
    };
    let doc: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{case}: {e}"));
    let to_json = |v: Option<&toml::Value>| -> Value {
        v.and_then(|v| serde_json::to_value(v).ok())
            .unwrap_or(Value::Null)
    };
    let differences = doc
        .get("difference")
        .and_then(toml::Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|d| {
                    let s = |k: &str| {
                        d.get(k)
                            .and_then(toml::Value::as_str)
                            .unwrap_or_default()
                            .to_string()
                    };
                    (
                        s("task"),
                        s("field"),
                        to_json(d.get("sdk")),
                        to_json(d.get("taskc")),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    // A code that is not registered is a mistake in the file, not "no code".
    let error_code = doc.get("code").and_then(toml::Value::as_str).map(|code| {
        Code::parse(code).unwrap_or_else(|| panic!("{case}: `{code}` is not a taskc code"))
    });
    Expectations {
        outcome_error: doc.get("outcome").and_then(toml::Value::as_str) == Some("error"),
        error_code,
        differences,
    }
}

fn field_mut<'a>(value: &'a mut Value, dotted: &str) -> Option<&'a mut Value> {
    dotted
        .split('.')
        .try_fold(value, |v, key| v.as_object_mut()?.get_mut(key))
}

/// Replace the `--image-cache` value of container args by its decoded
/// JSON, so that the content is compared rather than the gzip bytes.
pub fn decode_image_cache_args(args: &mut Value) {
    let Some(items) = args.as_array_mut() else {
        return;
    };
    let Some(i) = items.iter().position(|a| a == "--image-cache") else {
        return;
    };
    if let Some(arg) = items.get_mut(i + 1) {
        let decoded = decode_image_cache(arg.as_str().unwrap_or_default());
        *arg = Value::String(decoded.to_string());
    }
}

/// The masks of one task spec (and of the loose `container_args`).
fn mask_spec(spec: &mut Value, mask_discovery: bool) {
    let Some(template) = spec.get_mut("taskTemplate") else {
        return;
    };
    if mask_discovery && let Some(v) = field_mut(template, "metadata.discoveryVersion") {
        *v = json!(MASK);
    }
    if template.get("type") == Some(&json!("actor"))
        && let Some(v) = field_mut(template, "custom.version")
    {
        *v = json!(MASK);
    }
    if let Some(args) = field_mut(template, "container.args") {
        decode_image_cache_args(args);
    }
    if let Some(containers) =
        field_mut(template, "k8sPod.podSpec.containers").and_then(Value::as_array_mut)
    {
        for container in containers {
            if let Some(args) = container.get_mut("args") {
                decode_image_cache_args(args);
            }
        }
    }
}

/// What the discovery version mask needs: function tasks without a pinned
/// cache version are not reproducible.
fn discovery_is_masked(task: &Task, settings: &Settings) -> bool {
    // A disabled cache's version is not used (WIRE.md §5.3).
    let pinned = settings
        .cache
        .as_ref()
        .is_some_and(|c| c.value.behavior.is_enabled() && c.value.version.is_some());
    matches!(task.kind, TaskKind::Function { .. }) && !pinned
}

/// Compare one expected entry; returns the differences found.
pub fn compare_entry(
    compiled: &Compiled,
    entry: &Value,
    expect: &Expectations,
) -> (String, Vec<String>) {
    let model = &compiled.check.model;
    let path = entry["path"].as_str().unwrap_or_default();
    let task_name = entry["task_name"].as_str().unwrap_or_default();
    let python_name = entry["python_names"][0].as_str().unwrap_or_default();
    let label = format!("{path} {task_name} ({python_name})");

    // Which declaration the entry is, and its artifact.
    let (task, settings, artifact_name) = if path == "deploy" {
        let Some(task) = model.task_by_id(task_name) else {
            return (label, vec!["no template with this task id".into()]);
        };
        (task, &task.settings, task.task_id.clone())
    } else if let Some(over) = model.override_named(python_name) {
        let Some(task) = model.template(&over.template) else {
            return (label, vec!["override of an unknown template".into()]);
        };
        (task, &over.settings, over.output_name())
    } else if let Some(task) = model.template(python_name) {
        (task, &task.settings, task.task_id.clone())
    } else {
        return (label, vec!["no override or template with this name".into()]);
    };
    let Some(artifact) = compiled
        .build
        .artifacts
        .iter()
        .find(|a| a.name == artifact_name)
    else {
        return (label, vec![format!("no artifact `{artifact_name}`")]);
    };

    let mut differences = Vec::new();
    let mut expected_spec = entry["task_spec"].clone();
    for (name, field, sdk, taskc) in &expect.differences {
        if name == python_name {
            let full = format!("taskTemplate.{}", field.trim_start_matches("taskTemplate."));
            match field_mut(&mut expected_spec, &full) {
                Some(v) => {
                    if json_differences(sdk, v).is_empty() {
                        *v = taskc.clone();
                    } else {
                        differences.push(format!(
                            "taskc_expect.toml: SDK value of {field} is {v}, not {sdk}"
                        ));
                    }
                }
                None => differences.push(format!("taskc_expect.toml: no field {field}")),
            }
        }
    }

    let emitted = emitted_json(&artifact.emitted);
    let (mut actual_spec, actual_triggers, actual_id) = match (&artifact.emitted, path) {
        (Emitted::Deploy(_), "deploy") => (
            emitted["spec"].clone(),
            emitted.get("triggers").cloned().unwrap_or(json!([])),
            Some(emitted["taskId"].clone()),
        ),
        (Emitted::Submit(_), "submit") => (emitted.clone(), json!([]), None),
        _ => {
            return (
                label,
                vec![format!("emitted on the wrong path (expected {path})")],
            );
        }
    };
    let mask = discovery_is_masked(task, settings);
    mask_spec(&mut expected_spec, mask);
    mask_spec(&mut actual_spec, mask);
    for d in json_differences(&expected_spec, &actual_spec) {
        differences.push(format!("task_spec{}", d.trim_start_matches('$')));
    }
    for d in json_differences(&entry["triggers"], &actual_triggers) {
        differences.push(format!("triggers{}", d.trim_start_matches('$')));
    }
    if let Some(id) = actual_id {
        // The oracle leaves out empty id fields (`org = ""`), as the JSON
        // mapping does.
        let mut expected_id = entry["task_id"].clone();
        if let Some(map) = expected_id.as_object_mut() {
            map.retain(|_, v| v != "");
        }
        for d in json_differences(&expected_id, &id) {
            differences.push(format!("task_id{}", d.trim_start_matches('$')));
        }
    }

    // The loose copies of the container args and the SQL.
    let mut expected_args = entry["container_args"].clone();
    // The SDK lists no args (`[]`) for a task without a container.
    let mut actual_args = json!(artifact.container_args.clone().unwrap_or_default());
    for args in [&mut expected_args, &mut actual_args] {
        decode_image_cache_args(args);
    }
    for d in json_differences(&expected_args, &actual_args) {
        differences.push(format!("container_args{}", d.trim_start_matches('$')));
    }
    let expected_sql = entry["sql"]["statement"].clone();
    let actual_sql = artifact.sql.as_ref().map_or(Value::Null, |s| json!(s));
    for d in json_differences(&expected_sql, &actual_sql) {
        differences.push(format!("sql{}", d.trim_start_matches('$')));
    }

    // Client-side values never reach the spec; they are in the model.
    let client = &entry["client_side"];
    let queue = settings
        .queue
        .as_ref()
        .map_or(Value::Null, |q| json!(q.value));
    let inline = settings
        .max_inline_io_bytes
        .as_ref()
        .map_or(json!(10_485_760), |m| json!(m.value));
    let docs = task.help_docs.as_ref().map_or(Value::Null, |d| json!(d));
    let actual_client = json!({"queue": queue, "max_inline_io_bytes": inline, "docs": docs});
    for d in json_differences(client, &actual_client) {
        differences.push(format!("client_side{}", d.trim_start_matches('$')));
    }
    (label, differences)
}

pub fn run_golden(dir: &Path) {
    let case = dir.display().to_string();
    let expect = expectations(dir);
    let compiled = compile_dir(dir);
    if expect.outcome_error {
        let code = expect
            .error_code
            .unwrap_or_else(|| panic!("{case}: taskc_expect.toml gives no `code`"));
        assert!(
            compiled
                .check
                .diagnostics
                .iter()
                .any(|d| d.is_error() && d.code == code),
            "{case}: taskc_expect.toml says taskc rejects this case with {code}:\n{}",
            compiled.render_diagnostics()
        );
        return;
    }
    compiled.assert_no_errors();
    let text = std::fs::read_to_string(dir.join("expected.json")).unwrap_or_default();
    let entries: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
    assert!(!entries.is_empty(), "{case}: no expected entries");
    let mut report = String::new();
    for entry in &entries {
        let (label, differences) = compare_entry(&compiled, entry, &expect);
        if !differences.is_empty() {
            report.push_str(&format!("\n{label}:\n  {}", differences.join("\n  ")));
        }
    }
    assert_eq!(
        entries.len(),
        compiled.build.artifacts.len(),
        "{case}: every artifact is compared with one expected entry"
    );
    assert!(report.is_empty(), "{case} differs from the SDK:{report}");
}
