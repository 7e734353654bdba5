//! A task built by taskc runs on the real Flyte runtime: the container args
//! of its `DeployTaskRequest` (template variables filled with local paths,
//! no code bundle download), the environment the platform adds, an
//! `Inputs` file encoded by taskc, and the venv's `a0` entrypoint importing
//! the user's function decorated from the generated bindings. The outputs
//! it writes are decoded and compared with taskc's own encoding. The same
//! for an override's spec (its own environment); and a task that calls the
//! task and its override, run by the SDK's local mode (`flyte.run`), since
//! the entrypoint alone would submit the children to a control plane.
//!
//! Skipped without the SDK venv (tools/oracle/setup.sh) unless
//! `TASKC_REQUIRE_FLYTE=1`.

mod backend_support;
mod python_support;

use std::path::Path;
use std::process::Command;

use backend_support::{Compiled, compile_files, emitted_json};
use python_support::{bindings_text, venv_python};
use serde_json::Value;
use taskc_core::backend::flyte_literals::literal;
use taskc_core::semantic::model::Task;
use taskc_core::semantic::values::TypedValue;
use taskc_core::source::{FileId, FileSpan, Span};
use taskc_wire::Message;
use taskc_wire::flyteidl2::task::{Inputs, NamedLiteral, Outputs};

const TOML: &str = "[flyte]\nproject = \"p\"\ndomain = \"d\"\norg = \"o\"\nversion = \"v1\"\n\
default_module = \"tasks\"\ncode_bundle = \"s3://bucket/code/bundle.tgz\"\n";

const TASKS: &str = r#"
type Color = enum { red, green }

type Point = record {
  x: int
  y: float = 0.5
}

env runtime {
  env_vars { GREETING = "hello" }
}

template summarize in runtime {
  inputs {
    point: Point
    color: Color
    values: list[int]
    weights: dict[str, float]
    label: str? = none
    scale: int = 3
  }
  outputs {
    total: int
    description: str
    moved: Point
  }
}

override summarize_hi of summarize {
  env_vars += { GREETING = "hi" }
  retries   = 2
}

template pipeline in runtime {
  inputs { n: int }
  returns str
}
"#;

/// The user's module: the plain function, decorated from the bindings.
const USER_MODULE: &str = r#"
import os
import typing

import flyte_tasks
from flyte_tasks import Color, Point, SummarizeOutputs


@flyte_tasks.summarize
def summarize(
    point: Point,
    color: Color,
    values: list[int],
    weights: dict[str, float],
    label: typing.Optional[str] = None,
    scale: int = 3,
) -> SummarizeOutputs:
    description = f"{os.environ.get('GREETING')}:{color.value}:{label}:{weights['a']}"
    return SummarizeOutputs(
        total=sum(values) * scale,
        description=description,
        moved=Point(x=point.x + 1, y=point.y * 2),
    )


@flyte_tasks.pipeline
def pipeline(n: int) -> str:
    # Tasks called from a task return their outputs as a plain tuple.
    total, description, _ = summarize(
        point=Point(x=n), color=Color.red, values=[n, 1], weights={"a": 1.5}
    )
    hi_total, hi_description, moved = flyte_tasks.summarize_hi(
        point=Point(x=n), color=Color.green, values=[n], weights={"a": 2.0}, scale=10
    )
    return f"{total}/{description}|{hi_total}/{hi_description}|{moved.x}"
"#;

fn at() -> FileSpan {
    FileSpan::new(FileId(0), Span::new(0, 0))
}

fn named(task: &Task, name: &str, value: TypedValue) -> NamedLiteral {
    let ty = &task.input(name).map(|i| i.ty.clone()).unwrap_or_else(|| {
        task.outputs
            .iter()
            .find(|o| o.name == name)
            .map(|o| o.ty.clone())
            .unwrap_or_else(|| panic!("no variable {name}"))
    });
    NamedLiteral {
        name: name.into(),
        value: Some(literal(&value, ty, at()).unwrap_or_else(|e| panic!("{name}: {e:?}"))),
    }
}

fn point(x: i64, y: f64) -> TypedValue {
    TypedValue::Record {
        name: "Point".into(),
        fields: vec![
            ("x".into(), TypedValue::Int(x)),
            ("y".into(), TypedValue::Float(y)),
        ],
    }
}

/// The container args with the backend's template variables filled in and
/// the bundle download dropped (the module is already in the folder).
fn local_args(args: &[String], root: &Path) -> Vec<String> {
    let path = |p: &str| root.join(p).to_string_lossy().into_owned();
    let mut out = Vec::new();
    let mut items = args.iter().skip(1); // "a0", the entrypoint itself
    while let Some(arg) = items.next() {
        if arg == "--tgz" || arg == "--dest" {
            items.next();
            continue;
        }
        out.push(match arg.as_str() {
            "{{.input}}" => path("inputs.pb"),
            "{{.outputPrefix}}" => path("outputs"),
            "{{.rawOutputDataPrefix}}" => path("raw"),
            "{{.checkpointOutputPrefix}}" => path("checkpoint"),
            "{{.prevCheckpointPrefix}}" => String::new(),
            "{{.runName}}" => "r1".into(),
            "{{.actionName}}" => "summarize-1".into(),
            "{{.runStartTime}}" => "2026-01-01T00:00:00Z".into(),
            other => other.to_string(),
        });
    }
    out
}

/// The test workspace compiled, with the bindings and the user's module
/// written into `root`.
fn workspace(root: &Path) -> Compiled {
    let compiled = compile_files(TOML, &[("tasks.task", TASKS)]);
    compiled.assert_no_errors();
    std::fs::write(
        root.join("flyte_tasks.py"),
        bindings_text(&compiled, Path::new("")),
    )
    .expect("bindings");
    std::fs::write(root.join("tasks.py"), USER_MODULE).expect("user module");
    compiled
}

/// Run the built spec of `artifact` on the `a0` entrypoint in a fresh
/// folder under `root` (args and env from the spec, what the platform
/// adds), with `inputs`: the outputs it wrote.
fn run_a0(
    python: &Path,
    compiled: &Compiled,
    artifact: &str,
    root: &Path,
    inputs: Inputs,
) -> Outputs {
    let artifact = compiled.artifact(artifact);
    let args = artifact.container_args.clone().expect("container args");
    assert!(args.iter().any(|a| a == "--tgz"), "{args:?}");
    let spec = emitted_json(&artifact.emitted);
    let template = if spec["spec"].is_object() {
        &spec["spec"]["taskTemplate"]
    } else {
        &spec["taskTemplate"]
    };
    let container_env = template["container"]["env"].clone();

    let run = tempfile::tempdir_in(root).expect("run folder");
    let run = run.path();
    std::fs::write(run.join("inputs.pb"), inputs.encode_to_vec()).expect("inputs");
    // Object stores have no folders; on a local disk the output folder must exist.
    for dir in ["outputs", "raw", "checkpoint", "run"] {
        std::fs::create_dir_all(run.join(dir)).expect("folder");
    }
    let a0 = python.with_file_name("a0");
    let mut command = Command::new(&a0);
    command
        .args(local_args(&args, run))
        .current_dir(root)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("FLYTE_CONFIG", "/nonexistent-flyte-config.yaml")
        // What the platform sets in every task pod.
        .env("_U_RUN_BASE", run.join("run"))
        .env("_U_ORG_NAME", "o")
        .env("FLYTE_INTERNAL_EXECUTION_PROJECT", "p")
        .env("FLYTE_INTERNAL_EXECUTION_DOMAIN", "d");
    for kv in container_env.as_array().into_iter().flatten() {
        let key = kv["key"].as_str().unwrap_or_default();
        command.env(key, kv["value"].as_str().unwrap_or_default());
    }
    let output = command.output().expect("run a0");
    let logs = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "a0 failed:\n{logs}");
    let bytes = std::fs::read(run.join("outputs").join("outputs.pb"))
        .unwrap_or_else(|e| panic!("no outputs.pb ({e}):\n{logs}"));
    Outputs::decode(bytes.as_slice()).expect("Outputs")
}

fn inputs(task: &Task) -> Inputs {
    Inputs {
        literals: vec![
            named(task, "point", point(2, 1.5)),
            named(
                task,
                "color",
                TypedValue::Enum {
                    member: "green".into(),
                },
            ),
            named(
                task,
                "values",
                TypedValue::List(vec![
                    TypedValue::Int(1),
                    TypedValue::Int(2),
                    TypedValue::Int(3),
                ]),
            ),
            named(
                task,
                "weights",
                TypedValue::Map(vec![("a".into(), TypedValue::Float(0.5))]),
            ),
        ],
        context: Vec::new(),
    }
}

fn assert_outputs(task: &Task, outputs: &Outputs, description: &str) {
    let expected = [
        named(task, "total", TypedValue::Int(18)),
        named(task, "description", TypedValue::Str(description.into())),
        named(task, "moved", point(3, 3.0)),
    ];
    let json =
        |l: &NamedLiteral| -> Value { taskc_wire::to_message_dict_json(l).unwrap_or(Value::Null) };
    let got: Vec<Value> = outputs.literals.iter().map(json).collect();
    let want: Vec<Value> = expected.iter().map(json).collect();
    assert_eq!(got, want);
}

/// Run the spec of `artifact` (the template `summarize` or an override of
/// it) on `a0` and compare its outputs, `description` being the one that
/// shows the environment.
fn assert_runs(test: &str, artifact: &str, description: &str) {
    let Some(python) = venv_python(test) else {
        return;
    };
    let root = tempfile::tempdir().expect("temp dir");
    let compiled = workspace(root.path());
    let model = &compiled.check.model;
    let task = model.template("summarize").expect("template");
    let outputs = run_a0(&python, &compiled, artifact, root.path(), inputs(task));
    assert_outputs(task, &outputs, description);
}

/// Records, enums, lists, dicts, an optional and a defaulted input left
/// out, three outputs; the env's variables reach the function.
#[test]
fn a_built_task_runs_on_the_flyte_runtime() {
    assert_runs("runtime", "runtime.summarize", "hello:green:None:0.5");
}

/// The override's spec runs the same function with its own settings: here
/// the environment variable it changes.
#[test]
fn an_override_runs_with_its_own_spec() {
    assert_runs(
        "runtime override",
        "runtime.summarize_hi",
        "hi:green:None:0.5",
    );
}

/// `pipeline` calls `summarize` and its override `summarize_hi` (taken
/// from the bindings module); the SDK's local mode runs all three.
#[test]
fn a_task_calling_a_task_and_its_override_runs_locally() {
    let Some(python) = venv_python("runtime local run") else {
        return;
    };
    let root = tempfile::tempdir().expect("temp dir");
    workspace(root.path());
    let script = python_support::repo_root()
        .join("tools")
        .join("oracle")
        .join("run_local.py");
    let mut command = Command::new(&python);
    command
        .arg(&script)
        .args(["tasks", "pipeline", r#"{"n": 4}"#])
        .env("FLYTE_CONFIG", "/nonexistent-flyte-config.yaml");
    let outputs = python_support::run_json(command, root.path());
    // Local runs do not set the env's variables: GREETING is None.
    assert_eq!(
        outputs,
        serde_json::json!(["15/None:red:None:1.5|40/None:green:None:2.0|5"])
    );
}
