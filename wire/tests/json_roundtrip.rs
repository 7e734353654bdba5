//! Every message the Flyte SDK put on the wire in the conformance corpus must survive
//! JSON → prost → JSON unchanged (so taskc's JSON equals `MessageToDict`), and prost → bytes →
//! prost unchanged.
//!
//! The corpus is the workspace's `tests/conformance/<case>/expected.json` (copies of the
//! oracle's output; see its `serialize.py`): for a valid case, a list of documents each holding
//! `task_spec`, `task_id`, `triggers`, `sql` and `custom`. `tests/data/<case>.pb.json` hold, for
//! the same documents, the bytes Python's flyteidl2 produces for the TaskSpec and the
//! DeployTaskRequest (`tools/wirecheck/encode_fixtures.py`); prost must decode them to the
//! message parsed from the JSON, so the two runtimes agree on the wire too.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use prost::Message;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use taskc_wire::flyteidl2::{core, task};

/// Valid cases in the corpus; a missing file must fail the test, not shrink it.
const EXPECTED_CASES: usize = 33;

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `(case name, documents)` of every valid case; rejected cases (`{"error": …}`) have no wire
/// output.
fn cases() -> Vec<(String, Value)> {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", corpus.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let name = dir
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, read_json(&dir.join("expected.json")))
        })
        .filter(|(_, docs)| docs.is_array())
        .collect()
}

/// The Python-encoded fixtures of a case, one `{"task_spec", "deploy"}` per document.
fn python_bytes(case: &str) -> Value {
    read_json(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/{case}.pb.json")))
}

/// JSON → message → JSON must give back `json`; message → bytes → message must give back the
/// message; and `python`, the base64 bytes Python encoded for the same JSON, must decode to it.
fn round_trip<M>(json: &Value, python: Option<&Value>) -> Result<(), String>
where
    M: Message + Default + Serialize + DeserializeOwned + PartialEq,
{
    let msg: M = serde_json::from_value(json.clone()).map_err(|e| format!("parse: {e}"))?;
    let back = taskc_wire::to_message_dict_json(&msg).map_err(|e| format!("serialize: {e}"))?;
    if &back != json {
        let diff = first_difference(json, &back, String::new()).unwrap_or_default();
        return Err(format!("JSON differs at {diff}"));
    }
    let decoded = M::decode(msg.encode_to_vec().as_slice()).map_err(|e| format!("decode: {e}"))?;
    if decoded != msg {
        return Err("protobuf bytes round trip changed the message".to_string());
    }
    if let Some(python) = python {
        let b64 = python.as_str().ok_or("fixture is not a base64 string")?;
        let bytes = BASE64.decode(b64).map_err(|e| format!("fixture: {e}"))?;
        let from_python =
            M::decode(bytes.as_slice()).map_err(|e| format!("decode Python bytes: {e}"))?;
        if from_python != msg {
            let back = taskc_wire::to_message_dict_json(&from_python).unwrap_or_default();
            let detail = match first_difference(json, &back, String::new()) {
                Some(diff) => format!("its JSON differs at {diff}"),
                None => "with the same JSON: the difference only shows in bytes \
                         (e.g. a google.protobuf.Value without a kind)"
                    .to_string(),
            };
            return Err(format!(
                "Python's bytes decode to a different message, {detail}"
            ));
        }
    }
    Ok(())
}

/// Where `actual` first departs from `expected`, as `<json path>: expected … got …`.
fn first_difference(expected: &Value, actual: &Value, path: String) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e
            .keys()
            .chain(a.keys().filter(|k| !e.contains_key(*k)))
            .find_map(|k| match (e.get(k), a.get(k)) {
                (Some(ev), Some(av)) => first_difference(ev, av, format!("{path}.{k}")),
                (Some(ev), None) => Some(format!("{path}.{k}: expected {ev}, got nothing")),
                (None, Some(av)) => Some(format!("{path}.{k}: expected nothing, got {av}")),
                (None, None) => None,
            }),
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
            .iter()
            .zip(a)
            .enumerate()
            .find_map(|(i, (ev, av))| first_difference(ev, av, format!("{path}[{i}]"))),
        _ if expected == actual => None,
        _ => Some(format!("{path}: expected {expected} got {actual}")),
    }
}

/// The `DeployTaskRequest` that `flyte deploy` sends for a task of the deploy path.
fn deploy_request(doc: &Value) -> Value {
    let mut req = json!({"taskId": doc["task_id"], "spec": doc["task_spec"]});
    if doc["triggers"].as_array().is_some_and(|t| !t.is_empty()) {
        req["triggers"] = doc["triggers"].clone();
    }
    req
}

#[test]
fn every_conformance_message_round_trips() {
    let cases = cases();
    assert_eq!(
        cases.len(),
        EXPECTED_CASES,
        "valid cases in tests/conformance"
    );

    let mut checked = 0;
    let mut failures = Vec::new();
    for (case, docs) in &cases {
        let docs = docs
            .as_array()
            .unwrap_or_else(|| panic!("{case}: expected a list"));
        let python = python_bytes(case);
        let python = python.as_array().cloned().unwrap_or_default();
        assert_eq!(python.len(), docs.len(), "{case}.pb.json is stale");
        for (doc, py) in docs.iter().zip(&python) {
            let task = doc["task_name"].as_str().unwrap_or("?");
            let mut check = |part: &str, result: Result<(), String>| {
                checked += 1;
                if let Err(e) = result {
                    failures.push(format!("{case} / {task} / {part}: {e}"));
                }
            };
            check(
                "task_spec",
                round_trip::<task::TaskSpec>(&doc["task_spec"], Some(&py["task_spec"])),
            );
            check(
                "task_id",
                round_trip::<task::TaskIdentifier>(&doc["task_id"], None),
            );
            for (i, trigger) in doc["triggers"].as_array().into_iter().flatten().enumerate() {
                check(
                    &format!("triggers[{i}]"),
                    round_trip::<task::TaskTrigger>(trigger, None),
                );
            }
            if !doc["sql"].is_null() {
                check("sql", round_trip::<core::Sql>(&doc["sql"], None));
            }
            if !doc["custom"].is_null() {
                check(
                    "custom",
                    round_trip::<taskc_wire::wkt::Struct>(&doc["custom"], None),
                );
            }
            if doc["path"] == "deploy" {
                check(
                    "DeployTaskRequest",
                    round_trip::<task::DeployTaskRequest>(
                        &deploy_request(doc),
                        Some(&py["deploy"]),
                    ),
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} messages differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 100, "only {checked} messages were checked");
}

#[test]
fn unknown_fields_are_rejected() {
    let err = serde_json::from_value::<task::TaskSpec>(json!({"shortName": "x", "shortname": "y"}));
    assert!(
        err.is_err(),
        "a misspelled key must not be dropped silently"
    );
}
