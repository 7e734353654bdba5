//! The interface, default inputs and triggers taskc emits for every valid
//! conformance case, compared with what the Flyte SDK sent (`expected.json`),
//! plus snapshots of representative interfaces and the backend's
//! diagnostics.
//!
//! Cases are loaded the way the CLI loads them: `load_workspace` on the case
//! folder, then `check_workspace`.

use std::path::{Path, PathBuf};

use serde_json::Value;
use taskc_core::backend::flyte_literals::{default_inputs, literal};
use taskc_core::backend::interface::{literal_type, typed_interface};
use taskc_core::backend::triggers::task_triggers;
use taskc_core::check::{CheckOutput, check_workspace};
use taskc_core::diagnostics::render::{HumanOptions, render_human};
use taskc_core::diagnostics::{Code, Diagnostic};
use taskc_core::semantic::model::Task;
use taskc_core::semantic::triggers::Schedule;
use taskc_core::semantic::types::{Pickled, Type};
use taskc_core::semantic::values::TypedValue;
use taskc_core::workspace::{Workspace, load_workspace};
use taskc_wire::to_message_dict_json;

fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("conformance")
}

/// Load and check a workspace folder; panics on load or check errors.
fn check_folder(dir: &Path) -> CheckOutput {
    load_folder(dir).1
}

fn load_folder(dir: &Path) -> (Workspace, CheckOutput) {
    let workspace = load_workspace(&[dir.to_path_buf()], dir)
        .unwrap_or_else(|e| panic!("{}: cannot load: {e:?}", dir.display()));
    let checked = check_workspace(&workspace.db, &workspace.config);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", dir.display());
    (workspace, checked)
}

/// A one-file workspace (with the conformance `taskc.toml`) in a temporary
/// folder, loaded and checked; panics on errors.
fn check_text(text: &str) -> (tempfile::TempDir, Workspace, CheckOutput) {
    let dir = write_workspace(text);
    let (workspace, checked) = load_folder(dir.path());
    (dir, workspace, checked)
}

fn write_workspace(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary folder: {e}"));
    let config = std::fs::read_to_string(conformance_dir().join("01_minimal").join("taskc.toml"))
        .unwrap_or_default();
    for (name, content) in [("taskc.toml", config.as_str()), ("tasks.task", text)] {
        std::fs::write(dir.path().join(name), content)
            .unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
    }
    dir
}

fn json<M: serde::Serialize>(msg: &M) -> Value {
    to_message_dict_json(msg).unwrap_or_else(|e| panic!("no JSON form: {e}"))
}

/// The three parts this backend owns, in the SDK's JSON form.
fn emitted(task: &Task) -> (Value, Value, Value) {
    let interface = json(&typed_interface(task));
    let defaults = default_inputs(task).unwrap_or_else(|e| panic!("{}: {e:#?}", task.name));
    let triggers = task_triggers(task).unwrap_or_else(|e| panic!("{}: {e:#?}", task.name));
    (
        interface,
        Value::Array(defaults.iter().map(json).collect()),
        Value::Array(triggers.iter().map(json).collect()),
    )
}

/// The template an `expected.json` entry belongs to.
fn template_of<'a>(checked: &'a CheckOutput, entry: &Value) -> &'a Task {
    let model = &checked.model;
    let task_name = entry["task_name"].as_str().unwrap_or_default();
    let python_name = entry["python_names"][0].as_str().unwrap_or_default();
    let found = match entry["path"].as_str() {
        Some("deploy") => model.task_by_id(task_name),
        _ => model.template(python_name).or_else(|| {
            model
                .override_named(python_name)
                .and_then(|o| model.template(&o.template))
        }),
    };
    found.unwrap_or_else(|| panic!("no template for {task_name} ({python_name})"))
}

/// Workspaces of this test (`tests/data/backend_interface/<name>/`): a
/// `tasks.py`, the oracle's `expected.json` for it and the `.task`
/// translation.
fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join("backend_interface")
}

/// Compare one case; returns every mismatch as text.
fn compare_case(case: &str) -> Vec<String> {
    compare_folder(case, &conformance_dir().join(case))
}

fn compare_folder(case: &str, dir: &Path) -> Vec<String> {
    let checked = check_folder(dir);
    let text = std::fs::read_to_string(dir.join("expected.json")).unwrap_or_default();
    let entries: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
    assert!(!entries.is_empty(), "{case}: no expected.json entries");
    let mut problems = Vec::new();
    for entry in &entries {
        let task = template_of(&checked, entry);
        let (interface, defaults, triggers) = emitted(task);
        let spec = &entry["task_spec"];
        let label = format!(
            "{case} {} ({})",
            entry["task_name"],
            entry["path"].as_str().unwrap_or_default()
        );
        let mut check = |part: &str, expected: &Value, got: &Value| {
            if expected != got {
                problems.push(format!(
                    "{label} {part}:\n  expected {expected}\n  got      {got}"
                ));
            }
        };
        check("interface", &spec["taskTemplate"]["interface"], &interface);
        if entry["path"] == "deploy" {
            let expected = match &spec["defaultInputs"] {
                Value::Null => Value::Array(Vec::new()),
                other => other.clone(),
            };
            check("defaultInputs", &expected, &defaults);
            let expected = match &entry["triggers"] {
                Value::Null => Value::Array(Vec::new()),
                other => other.clone(),
            };
            check("triggers", &expected, &triggers);
        }
    }
    problems
}

macro_rules! matches_sdk {
    ($test:ident, $case:literal) => {
        #[test]
        fn $test() {
            let problems = compare_case($case);
            assert!(problems.is_empty(), "{}", problems.join("\n"));
        }
    };
}

/// Valid cases taskc accepts (27 and 28 are deliberate rejections, see
/// their `taskc_expect.toml`).
const COMPARED: &[&str] = &[
    "01_minimal",
    "02_env_full",
    "03_clone_chain",
    "04_types_primitives",
    "06_types_enum_literal",
    "07_types_struct",
    "08_types_io",
    "09_defaults",
    "11_cache",
    "14_reusable",
    "15_interruptible_queue_sa",
    "17_triggers",
    "18_links_report_docs",
    "19_override",
    "20_sql_bigquery",
    "23_no_code_bundle",
    "24_sync_sys_paths",
    "25_images",
    "29_plugin_dask",
    "30_container_task",
    "31_trigger_notifications",
    "32_pod_helpers",
    "33_record_docs",
    "34_image_recipes",
    "35_image_files",
    "36_plugins",
    "37_plugin_ray",
    "38_enum_values",
    "39_type_flavours",
    "40_literals",
    "41_namedtuples",
];

#[test]
fn every_accepted_valid_case_is_compared() {
    let mut on_disk: Vec<String> = std::fs::read_dir(conformance_dir())
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.join("expected.json").is_file())
                .filter(|p| !p.join("expected_error.txt").exists())
                .filter(|p| {
                    std::fs::read_to_string(p.join("taskc_expect.toml"))
                        .map_or(true, |t| !t.contains("outcome = \"error\""))
                })
                .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    on_disk.sort();
    assert_eq!(on_disk, COMPARED);
}

matches_sdk!(conformance_01_minimal, "01_minimal");
matches_sdk!(conformance_02_env_full, "02_env_full");
matches_sdk!(conformance_03_clone_chain, "03_clone_chain");
matches_sdk!(conformance_04_types_primitives, "04_types_primitives");
matches_sdk!(conformance_06_types_enum_literal, "06_types_enum_literal");
matches_sdk!(conformance_07_types_struct, "07_types_struct");
matches_sdk!(conformance_08_types_io, "08_types_io");
matches_sdk!(conformance_09_defaults, "09_defaults");
matches_sdk!(conformance_11_cache, "11_cache");
matches_sdk!(conformance_14_reusable, "14_reusable");
matches_sdk!(
    conformance_15_interruptible_queue_sa,
    "15_interruptible_queue_sa"
);
matches_sdk!(conformance_17_triggers, "17_triggers");
matches_sdk!(conformance_18_links_report_docs, "18_links_report_docs");
matches_sdk!(conformance_19_override, "19_override");
matches_sdk!(conformance_20_sql_bigquery, "20_sql_bigquery");
matches_sdk!(conformance_23_no_code_bundle, "23_no_code_bundle");
matches_sdk!(conformance_24_sync_sys_paths, "24_sync_sys_paths");
matches_sdk!(conformance_25_images, "25_images");
matches_sdk!(conformance_29_plugin_dask, "29_plugin_dask");
matches_sdk!(conformance_30_container_task, "30_container_task");
matches_sdk!(
    conformance_31_trigger_notifications,
    "31_trigger_notifications"
);
matches_sdk!(conformance_32_pod_helpers, "32_pod_helpers");
matches_sdk!(conformance_33_record_docs, "33_record_docs");
matches_sdk!(conformance_34_image_recipes, "34_image_recipes");
matches_sdk!(conformance_35_image_files, "35_image_files");
matches_sdk!(conformance_36_plugins, "36_plugins");
matches_sdk!(conformance_37_plugin_ray, "37_plugin_ray");
matches_sdk!(conformance_38_enum_values, "38_enum_values");
matches_sdk!(conformance_39_type_flavours, "39_type_flavours");
matches_sdk!(conformance_40_literals, "40_literals");
matches_sdk!(conformance_41_namedtuples, "41_namedtuples");

/// Every type form and default kind, serialized by the SDK through the
/// oracle (`tests/data/backend_interface/wide_types/tasks.py`).
#[test]
fn wide_types_match_the_sdk() {
    let problems = compare_folder("wide_types", &fixture_dir().join("wide_types"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Trigger inputs of several literal kinds, a long description, run
/// settings and a fixed rate (`tests/data/backend_interface/typed_triggers`).
#[test]
fn typed_triggers_match_the_sdk() {
    let problems = compare_folder("typed_triggers", &fixture_dir().join("typed_triggers"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------
// Snapshots of representative interfaces.

fn task_of<'a>(checked: &'a CheckOutput, task_id: &str) -> &'a Task {
    checked
        .model
        .task_by_id(task_id)
        .unwrap_or_else(|| panic!("no task {task_id}"))
}

#[test]
fn snapshot_pydantic_record_interface() {
    let checked = check_folder(&conformance_dir().join("07_types_struct"));
    let task = task_of(&checked, "structs.pyd");
    insta::assert_json_snapshot!("pydantic_record_interface", json(&typed_interface(task)));
}

#[test]
fn snapshot_shapes_interface() {
    let checked = check_folder(&fixture_dir().join("wide_types"));
    let task = task_of(&checked, "wide.shapes");
    insta::assert_json_snapshot!("shapes_interface", json(&typed_interface(task)));
}

#[test]
fn snapshot_default_inputs_of_every_kind() {
    let checked = check_folder(&conformance_dir().join("09_defaults"));
    let task = task_of(&checked, "defaults.with_defaults");
    let defaults = default_inputs(task).unwrap_or_default();
    let defaults: Vec<Value> = defaults.iter().map(json).collect();
    insta::assert_json_snapshot!("default_inputs_of_every_kind", defaults);
}

#[test]
fn snapshot_triggers() {
    let checked = check_folder(&conformance_dir().join("17_triggers"));
    let task = task_of(&checked, "scheduled.report");
    let triggers = task_triggers(task).unwrap_or_default();
    let triggers: Vec<Value> = triggers.iter().map(json).collect();
    insta::assert_json_snapshot!("triggers", triggers);
}

// ---------------------------------------------------------------------------
// Behaviour the corpus does not show.

#[test]
fn output_docs_become_descriptions_and_named_tuples_stay_whole() {
    let (_dir, _, checked) = check_text(
        "env e {}\n\
         template t in e {\n\
           outputs {\n\
             /// The serialized model.\n\
             o0: tuple[int, str]\n\
           }\n\
         }\n",
    );
    let interface = json(&typed_interface(task_of(&checked, "e.t")));
    let outputs = &interface["outputs"]["variables"];
    assert_eq!(outputs.as_array().map(Vec::len), Some(1), "{interface}");
    assert_eq!(outputs[0]["key"], "o0");
    assert_eq!(outputs[0]["value"]["description"], "The serialized model.");
    assert_eq!(
        outputs[0]["value"]["type"]["metadata"]["title"],
        "TupleWrapper_tuple"
    );
}

/// The metadata of input `x` of `e.t` in `text`.
fn input_metadata(text: &str) -> Value {
    let (_dir, _, checked) = check_text(text);
    let interface = json(&typed_interface(task_of(&checked, "e.t")));
    interface["inputs"]["variables"][0]["value"]["type"]["metadata"].clone()
}

// The SDK logs "Failed to extract schema for object …" and sends the record
// type without a schema (seeds 1391, 1741 of the differential check).
#[test]
fn a_dataclass_with_a_plain_default_of_a_pydantic_type_has_no_schema() {
    let metadata = input_metadata(
        "type P = record pydantic {\n  n: int = 1\n}\n\
         type D = record {\n  p: P? = none\n}\n\
         type Outer = record {\n  d: D\n}\n\
         env e {}\ntemplate t in e {\n  inputs {\n    x: Outer\n  }\n}\n",
    );
    assert_eq!(metadata, Value::Null);
    // A factory default (a record value) is not packed for the schema.
    let metadata = input_metadata(
        "type P = record pydantic {\n  n: int = 1\n}\n\
         type D = record {\n  p: P = {}\n}\n\
         env e {}\ntemplate t in e {\n  inputs {\n    x: D\n  }\n}\n",
    );
    assert_eq!(metadata["title"], "D", "{metadata}");
}

// mashumaro reads a nested pydantic schema back into its `JSONSchema`,
// which has no `binary` format: under `additionalProperties` the part
// becomes `true` (seed 27), anywhere else the whole schema is dropped.
#[test]
fn bytes_in_a_pydantic_record_inside_a_dataclass() {
    let metadata = input_metadata(
        "type P = record pydantic {\n  m: dict[str, bytes]\n}\n\
         type D = record {\n  p: P\n}\n\
         env e {}\ntemplate t in e {\n  inputs {\n    x: D\n  }\n}\n",
    );
    assert_eq!(
        metadata["properties"]["p"]["properties"]["m"]["additionalProperties"],
        Value::Bool(true),
        "{metadata}"
    );
    let metadata = input_metadata(
        "type P = record pydantic {\n  b: list[bytes]\n}\n\
         type D = record {\n  p: P\n}\n\
         env e {}\ntemplate t in e {\n  inputs {\n    x: D\n  }\n}\n",
    );
    assert_eq!(metadata, Value::Null);
}

#[test]
fn returns_tuple_gives_one_output_per_element() {
    let (_dir, _, checked) =
        check_text("env e {}\ntemplate t in e {\n  returns tuple[int, str]\n}\n");
    let interface = json(&typed_interface(task_of(&checked, "e.t")));
    let keys: Vec<&str> = interface["outputs"]["variables"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["key"].as_str())
        .collect();
    assert_eq!(keys, ["o0", "o1"]);
}

#[test]
fn literal_types_of_a_date_and_a_pickled_value() {
    assert_eq!(
        json(&literal_type(&Type::Date)),
        serde_json::json!({"simple": "DATETIME"})
    );
    assert_eq!(
        json(&literal_type(&Type::Bytes))["metadata"],
        serde_json::json!({"python_class_name": "<class 'bytes'>"})
    );
}

// ---------------------------------------------------------------------------
// Backend diagnostics: values the type checker lets through only when the
// model is built some other way. They must be reported, never panic.

fn render(workspace: &Workspace, diagnostics: &[Diagnostic]) -> String {
    render_human(&workspace.db, diagnostics, HumanOptions::default())
}

#[test]
fn defaults_that_cannot_be_lowered_are_reported() {
    let (workspace, checked) = load_folder(&fixture_dir().join("wide_types"));
    let mut task = task_of(&checked, "wide.literal_defaults").clone();
    for input in &mut task.inputs {
        match input.name.as_str() {
            "neg" => input.default = Some(TypedValue::Str("seven".into())),
            "fl" => input.ty = Type::Pickled(Pickled::Any),
            "dt" => input.default = Some(TypedValue::TriggerTime),
            _ => {}
        }
    }
    let errors = default_inputs(&task).err().unwrap_or_default();
    let codes: Vec<Code> = errors.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::E0700, Code::E0701, Code::E0700]);
    insta::assert_snapshot!("default_input_errors", render(&workspace, &errors));
}

#[test]
fn a_literal_of_the_wrong_shape_is_an_error() {
    let (_, checked) = load_folder(&conformance_dir().join("01_minimal"));
    let at = task_of(&checked, "minimal.noop").decl_at;
    let err = literal(
        &TypedValue::Str("x".into()),
        &Type::List(Box::new(Type::Int)),
        at,
    )
    .err();
    assert_eq!(err.map(|d| d[0].code), Some(Code::E0701));
    let err = literal(
        &TypedValue::Map(vec![("k".into(), TypedValue::Int(1))]),
        &Type::Dict(Box::new(Type::Int), Box::new(Type::Int)),
        at,
    )
    .err();
    assert_eq!(err.map(|d| d[0].code), Some(Code::E0701));
}

#[test]
fn broken_triggers_are_reported() {
    let (workspace, checked) = load_folder(&fixture_dir().join("typed_triggers"));
    let mut task = task_of(&checked, "typed-triggers.run").clone();
    task.triggers[0]
        .literals
        .push(("nope".into(), TypedValue::Int(1)));
    if let Schedule::Rate { start_time, .. } = &mut task.triggers[1].schedule {
        *start_time = Some("yesterday".into());
    }
    let errors = task_triggers(&task).err().unwrap_or_default();
    let codes: Vec<Code> = errors.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::E0702, Code::E0703]);
    insta::assert_snapshot!("trigger_errors", render(&workspace, &errors));
}

#[test]
fn an_unknown_record_flavor_is_an_error() {
    let dir = write_workspace("type Cfg = record pydantc {\n  n: int = 3\n}\n");
    let workspace = load_workspace(&[dir.path().to_path_buf()], dir.path())
        .unwrap_or_else(|e| panic!("cannot load: {e:?}"));
    let checked = check_workspace(&workspace.db, &workspace.config);
    let errors: Vec<Diagnostic> = checked
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    assert_eq!(
        errors.iter().map(|d| d.code).collect::<Vec<_>>(),
        [Code::E0220]
    );
    insta::assert_snapshot!("e0220_unknown_record_flavor", render(&workspace, &errors));
}

/// The SDK keeps the line breaks of a multi-line `Args:` entry
/// (`"the x spans\ntwo lines"`, checked with the oracle).
#[test]
fn multi_line_input_docs_keep_their_line_breaks() {
    let (_dir, _, checked) = check_text(
        "env e {}\n\
         template t in e {\n\
           inputs {\n\
             /// the x spans\n\
             /// two lines\n\
             x: int = 3\n\
           }\n\
         }\n",
    );
    let interface = json(&typed_interface(task_of(&checked, "e.t")));
    assert_eq!(
        interface["inputs"]["variables"][0]["value"]["description"],
        "the x spans\ntwo lines"
    );
}
