//! The generated Python bindings make the Flyte SDK 2.12.1 put on the wire
//! exactly what `taskc build` emits. For every valid conformance case and
//! for `examples/`: the bindings, the modules of plain functions
//! decorated from them (starter modules, or the workspace's own package
//! when it has one, as `examples/` does), the oracle's `serialize.py` run on them in the SDK
//! venv (tools/oracle/setup.sh), and each entry compared with taskc's
//! artifact under the masks of `backend_conformance` (WIRE.md §7). No
//! deliberate difference applies: the bindings reproduce taskc's choices.
//!
//! Skipped (with a message) without the venv; `TASKC_REQUIRE_FLYTE=1`
//! makes a missing venv a failure.

mod backend_support;
mod python_support;

use std::path::Path;

use backend_support::golden::expectations;
use backend_support::{
    Compiled, compile_dir, compile_files, compile_text, conformance_cases, conformance_dir,
};
use python_support::{
    builtins_referenced, run_json, sdk_differences, serialize, venv_python, workspace_bindings,
    write_workspace, written_bindings,
};

fn assert_sdk_equal(test: &str, dir: &Path) {
    if venv_python(test).is_none() {
        return;
    }
    assert_compiled_sdk_equal(test, &compile_dir(dir), dir);
}

fn assert_compiled_sdk_equal(test: &str, compiled: &Compiled, dir: &Path) {
    let Some(python) = venv_python(test) else {
        return;
    };
    compiled.assert_no_errors();
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write_workspace(compiled, dir, root.path());
    // A declaration may not be named like a builtin the module uses
    // (backend/python/names.rs): that list must hold every one it uses.
    let bindings = written_bindings(compiled, dir, root.path());
    for name in builtins_referenced(&python, &bindings) {
        assert!(
            taskc_core::backend::python::BUILTINS_USED.contains(&name.as_str()),
            "{test}: the bindings use builtin `{name}`, missing from BUILTINS_USED"
        );
    }
    let entries = serialize(&python, root.path()).unwrap_or_else(|e| panic!("{test}: {e}"));
    let differences = sdk_differences(compiled, &entries);
    assert!(
        differences.is_empty(),
        "{test}: the SDK differs from taskc:\n  {}",
        differences.join("\n  ")
    );
}

macro_rules! cases {
    ($($test:ident => $case:literal,)*) => {
        $(
            #[test]
            fn $test() {
                assert_sdk_equal($case, &conformance_dir().join($case));
            }
        )*

        const COVERED: &[&str] = &[$($case),*];
    };
}

cases! {
    case_01_minimal => "01_minimal",
    case_02_env_full => "02_env_full",
    case_03_clone_chain => "03_clone_chain",
    case_04_types_primitives => "04_types_primitives",
    case_06_types_enum_literal => "06_types_enum_literal",
    case_07_types_struct => "07_types_struct",
    case_08_types_io => "08_types_io",
    case_09_defaults => "09_defaults",
    case_11_cache => "11_cache",
    case_14_reusable => "14_reusable",
    case_15_interruptible_queue_sa => "15_interruptible_queue_sa",
    case_17_triggers => "17_triggers",
    case_18_links_report_docs => "18_links_report_docs",
    case_19_override => "19_override",
    case_20_sql_bigquery => "20_sql_bigquery",
    case_23_no_code_bundle => "23_no_code_bundle",
    case_24_sync_sys_paths => "24_sync_sys_paths",
    case_25_images => "25_images",
    case_29_plugin_dask => "29_plugin_dask",
    case_30_container_task => "30_container_task",
    case_31_trigger_notifications => "31_trigger_notifications",
    case_32_pod_helpers => "32_pod_helpers",
    case_33_record_docs => "33_record_docs",
    case_34_image_recipes => "34_image_recipes",
    case_35_image_files => "35_image_files",
    case_36_plugins => "36_plugins",
    case_37_plugin_ray => "37_plugin_ray",
    case_38_enum_values => "38_enum_values",
    case_39_type_flavours => "39_type_flavours",
    case_40_literals => "40_literals",
    case_41_namedtuples => "41_namedtuples",
}

/// `examples/` with its own `recsys` package and checked-in bindings, not
/// starter modules: what a user deploys.
#[test]
fn examples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("examples");
    let compiled = compile_dir(&dir);
    assert_eq!(
        workspace_bindings(&compiled, &dir).as_deref(),
        Some("recsys.flyte_tasks")
    );
    assert_compiled_sdk_equal("examples", &compiled, &dir);
}

/// An env holding a function template and a container template, and an
/// env whose only template is a query that is not deployed.
#[test]
fn mixed_envs_and_an_env_of_undeployed_queries() {
    let toml = "[flyte]\nproject = \"p\"\ndomain = \"d\"\norg = \"o\"\nversion = \"v1\"\n\
                default_module = \"tasks\"\ncode_bundle = \"s3://b/code/bundle.tgz\"\n";
    let tasks = r#"
env tools {
  image     = "ghcr.io/acme/tools:1"
  resources { cpu = 2, memory = "2Gi" }
}

template prepare in tools {
  inputs { n: int = 2 }
  returns int
}

template resize in tools {
  name = "resize"
  container { command = ["convert", "/var/inputs/src", "/var/outputs/out"] }
  inputs  { src: file }
  outputs { out: file }
}

env queries {}

template count in queries {
  name   = "bq.count"
  deploy = false
  sql bigquery { project_id = "acme" }
  inputs  { day: str }
  outputs { results: dataframe }
  query   = "SELECT COUNT(*) FROM t WHERE day = @day"
}
"#;
    let compiled = compile_files(toml, &[("tasks.task", tasks)]);
    assert_compiled_sdk_equal("mixed envs", &compiled, Path::new(""));
}

/// The default image follows the Python and SDK versions of taskc.toml,
/// as `taskc build` does, not the interpreter that imports the bindings
/// (3.11 in the oracle venv): envs without an image, `image = auto`, a
/// container task without an image.
#[test]
fn the_default_image_follows_the_declared_python_not_the_interpreter() {
    let toml = "[flyte]\nproject = \"p\"\ndomain = \"d\"\norg = \"o\"\nversion = \"v1\"\n\
                python = \"3.13\"\ndefault_module = \"tasks\"\n\
                code_bundle = \"s3://b/code/bundle.tgz\"\n";
    let tasks = r#"
env plain {}

env automatic extends plain {
  image = auto
  resources { cpu = 1, memory = "1Gi" }
}

template first in plain { returns int }

template second in automatic { returns int }

template copy in plain {
  container { command = ["cp", "/var/inputs/src", "/var/outputs/out"] }
  inputs  { src: file }
  outputs { out: file }
}
"#;
    let compiled = compile_files(toml, &[("tasks.task", tasks)]);
    let image = compiled.build.artifacts.iter().find_map(|a| {
        let json = backend_support::emitted_json(&a.emitted);
        json["spec"]["taskTemplate"]["container"]["image"]
            .as_str()
            .map(str::to_string)
    });
    assert_eq!(
        image.as_deref(),
        Some("ghcr.io/flyteorg/flyte:py3.13-v2.12.1")
    );
    assert_compiled_sdk_equal("declared python", &compiled, Path::new(""));
}

/// Every valid case taskc accepts is covered (those taskc deliberately
/// rejects have no bindings).
#[test]
fn every_valid_case_is_covered() {
    let valid: Vec<String> = conformance_cases()
        .into_iter()
        .filter(|c| {
            let dir = conformance_dir().join(c);
            !dir.join("expected_error.txt").exists() && !expectations(&dir).outcome_error
        })
        .collect();
    assert_eq!(valid, COVERED);
}

/// The user's functions as `tasks.py` of case 19_override, with the
/// bindings beside it; the module prints what each decoration says.
/// What importing `module` (as `tasks`, beside the bindings of golden case
/// `case`) prints; `None` without the SDK venv.
fn import_against_case(case: &str, module: &str) -> Option<String> {
    let python = venv_python("decorators")?;
    let dir = conformance_dir().join(case);
    let compiled = compile_dir(&dir);
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        root.path().join("flyte_tasks.py"),
        python_support::bindings_text(&compiled, &dir),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(root.path().join("tasks.py"), module).unwrap_or_else(|e| panic!("{e}"));
    Some(python_support::import(&python, root.path(), "tasks").unwrap_or_else(|e| panic!("{e}")))
}

const MISMATCHES: &str = r#"
import flyte_tasks


def attempt(what, make):
    try:
        make()
        print(f"{what}: ok")
    except (TypeError, AttributeError) as e:
        print(f"{what}: {type(e).__name__}: {e}")


def other(x: int) -> int: ...
def base(x: str) -> int: ...
def base_default(x: int = 1) -> int: ...
def base_returns(x: int) -> str: ...
def pooled(x: int) -> int: ...


base_default.__name__ = base_returns.__name__ = "base"
attempt("name", lambda: flyte_tasks.base(other))
attempt("annotation", lambda: flyte_tasks.base(base))
attempt("default", lambda: flyte_tasks.base(base_default))
attempt("returns", lambda: flyte_tasks.base(base_returns))
attempt("sync", lambda: flyte_tasks.pooled(pooled))
attempt("early override", lambda: flyte_tasks.bigger)


def base(x: int) -> int: ...


attempt("match", lambda: flyte_tasks.base(base))
attempt("override", lambda: print(type(flyte_tasks.bigger).__name__, flyte_tasks.bigger.short_name))
"#;

#[test]
fn decorators_reject_a_function_that_differs_from_its_template() {
    let Some(out) = import_against_case("19_override", MISMATCHES) else {
        return;
    };
    let expected = [
        "name: TypeError: @base (tasks.task:21): the function is named `other`, the template declares `base`",
        "annotation: TypeError: @base (tasks.task:21): parameter `x` is annotated str, the template declares int",
        "default: TypeError: @base (tasks.task:21): parameter `x` has a default, the template declares none",
        "returns: TypeError: @base (tasks.task:21): the return annotation is str, the template declares int",
        "sync: TypeError: @pooled (tasks.task:54): the function must be `async def`",
        "early override: AttributeError: override `bigger` (tasks.task:29) is made from template `base`, whose function is not decorated yet: import the module that applies @base first",
        "match: ok",
        "AsyncFunctionTaskTemplate base-big",
        "override: ok",
    ];
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, expected, "{out}");
}

const CLASS_MISMATCHES: &str = r#"
import typing

import flyte.io
import flyte.types
import pandas
import pyarrow
import flyte_tasks


def attempt(what, make):
    try:
        make()
        print(f"{what}: ok")
    except TypeError as e:
        print(f"{what}: {e}")


class Model:
    pass


class Registry:
    class Entry:
        pass


class Other:
    pass


Frame = pandas.DataFrame


def frames(
    table: Frame,
    csv: typing.Annotated[Frame, "csv"],
    columns: typing.Annotated[Frame, {"a": int, "b": str}],
    arrow: pyarrow.Table,
    tables: typing.List[Frame],
    plain: flyte.io.DataFrame,
    maybe: typing.Optional[Frame] = None,
    many: typing.Dict[str, pyarrow.Table] = {},
) -> Frame: ...


def pickles(
    loose,
    anything: typing.Any,
    jar: flyte.types.FlytePickle,
    model: Model,
    entry: Registry.Entry,
    models: typing.List[Model],
    by_name: typing.Dict[str, flyte.types.FlytePickle],
    maybe: typing.Optional[Model] = None,
    either: typing.Union[int, Model] = 3,
) -> Model: ...


def wrong(table: flyte.io.DataFrame, *rest): ...


attempt("frames", lambda: flyte_tasks.frames(frames))
attempt("pickles", lambda: flyte_tasks.pickles(pickles))
frames.__annotations__["table"] = flyte.io.DataFrame
attempt("plain frame", lambda: flyte_tasks.frames(frames))
frames.__annotations__["table"] = Frame
frames.__annotations__["arrow"] = Frame
attempt("pandas for pyarrow", lambda: flyte_tasks.frames(frames))
pickles.__annotations__["loose"] = typing.Any
attempt("annotated", lambda: flyte_tasks.pickles(pickles))
del pickles.__annotations__["loose"]
pickles.__annotations__["entry"] = Other
attempt("class", lambda: flyte_tasks.pickles(pickles))
pickles.__annotations__["entry"] = Registry.Entry
pickles.__annotations__["models"] = typing.List[Registry.Entry]
attempt("nested class", lambda: flyte_tasks.pickles(pickles))
pickles.__annotations__["models"] = typing.List[Model]
pickles.__annotations__["anything"] = flyte.types.FlytePickle
attempt("FlytePickle for Any", lambda: flyte_tasks.pickles(pickles))
"#;

/// The signature check tells pickled annotations apart (`untyped`, `any`,
/// `pickle`, a class by its module and name) and a library's dataframe from
/// Flyte's; a class of the user's own module (`tasks.Model`) is compared
/// without importing it.
#[test]
fn decorators_tell_python_classes_apart() {
    let Some(out) = import_against_case("39_type_flavours", CLASS_MISMATCHES) else {
        return;
    };
    let expected = [
        "frames: ok",
        "pickles: ok",
        "plain frame: @frames (tasks.task:28): parameter `table` is annotated flyte.io._dataframe.dataframe.DataFrame, the template declares pandas.core.frame.DataFrame",
        "pandas for pyarrow: @frames (tasks.task:28): parameter `arrow` is annotated pandas.core.frame.DataFrame, the template declares pyarrow.lib.Table",
        "annotated: @pickles (tasks.task:13): parameter `loose` is annotated Any, the template declares no annotation",
        "class: @pickles (tasks.task:13): parameter `entry` is annotated tasks.Other, the template declares tasks.Registry.Entry",
        "nested class: @pickles (tasks.task:13): parameter `models` is annotated List[tasks.Registry.Entry], the template declares list[tasks.Model]",
        "FlytePickle for Any: @pickles (tasks.task:13): parameter `anything` is annotated FlytePickle, the template declares Any",
    ];
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, expected, "{out}");
}

/// An env and a template of one name (envs have a namespace of their own):
/// the bindings bind the env as `x_env`, and the SDK makes task `x.x`.
#[test]
fn an_env_and_a_template_of_one_name() {
    let toml = "[flyte]\nproject = \"p\"\ndomain = \"d\"\norg = \"o\"\nversion = \"v1\"\n\
                default_module = \"tasks\"\ncode_bundle = \"s3://b/code/bundle.tgz\"\n";
    let tasks = r#"
env x { resources { cpu = 1, memory = "1Gi" } }

env y extends x { depends_on = [x] }

template x in x {
  inputs { n: int = 2 }
  returns int
}

template y in y { returns str }
"#;
    let compiled = compile_files(toml, &[("tasks.task", tasks)]);
    let ids: Vec<&str> = compiled
        .build
        .artifacts
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(ids, ["x.x", "y.y"]);
    assert_compiled_sdk_equal("env and template of one name", &compiled, Path::new(""));
}

/// Deprecated GPU device names (lint L0016) build as the SDK serializes the
/// same Python written with them, and as the bindings (which write the
/// current names) make the SDK serialize them.
#[test]
fn deprecated_gpu_device_names_emit_what_the_sdk_does() {
    let tasks = r#"
env train { resources { gpu = "A100 80G:8" } }

env workstation {
  resources { gpu { device = "RTX PRO 6000", count = 1, partition = "1g.24gb" } }
}

template fit in train { returns int }

template render in workstation { returns int }
"#;
    let compiled = compile_text(tasks);
    let devices: Vec<String> = compiled
        .build
        .artifacts
        .iter()
        .map(|a| {
            let json = backend_support::emitted_json(&a.emitted);
            json["spec"]["taskTemplate"]["extendedResources"]["gpuAccelerator"]["device"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(devices, ["nvidia-a100-80gb", "nvidia-rtx-pro-6000"]);
    assert_compiled_sdk_equal("deprecated gpu names", &compiled, Path::new(""));

    let Some(python) = venv_python("deprecated gpu names") else {
        return;
    };
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let written = r#"import flyte

train = flyte.TaskEnvironment(name="train", resources=flyte.Resources(gpu="A100 80G:8"))
workstation = flyte.TaskEnvironment(
    name="workstation",
    resources=flyte.Resources(gpu=flyte.GPU(device="RTX PRO 6000", quantity=1, partition="1g.24gb")),
)


@train.task
def fit() -> int:
    return 1


@workstation.task
def render() -> int:
    return 1
"#;
    for (name, text) in [
        ("tasks.py", written),
        (&format!("{}.py", python_support::ENTRY), "import tasks\n"),
    ] {
        std::fs::write(root.path().join(name), text).unwrap_or_else(|e| panic!("{e}"));
    }
    let entries = serialize(&python, root.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(entries.len(), 2, "{entries:?}");
    let differences = sdk_differences(&compiled, &entries);
    assert!(
        differences.is_empty(),
        "the SDK differs from taskc:\n  {}",
        differences.join("\n  ")
    );
}

/// The plugin configs the bindings pass to `TaskEnvironment` equal the
/// definitions' (dataclass equality), also in what only matters when the
/// task runs (`rdzv_configs`, the NCCL settings), which the wire does not
/// show.
#[test]
fn plugin_configs_equal_the_definitions() {
    let Some(python) = venv_python("plugin configs") else {
        return;
    };
    // Numbers compare by their text and GPUs by their device: the bindings
    // write `cpu="1"` and `flyte.Device(…)` where the definitions write
    // `cpu=1` and `"A100:2"` (the same on the wire).
    let script = r#"import dataclasses, json, flyte, flyte_tasks, sdk_definitions
def norm(x):
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return x
    if isinstance(x, (int, float)):
        return str(x)
    if isinstance(x, flyte.Resources):
        fields = {f.name: norm(getattr(x, f.name)) for f in dataclasses.fields(x)}
        return ["Resources", {**fields, "gpu": norm(x.get_device())}]
    if dataclasses.is_dataclass(x):
        return [type(x).__name__, {f.name: norm(getattr(x, f.name)) for f in dataclasses.fields(x)}]
    if isinstance(x, dict):
        return {str(k): norm(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [norm(v) for v in x]
    if hasattr(x, "to_dict"):
        return norm(x.to_dict())
    return repr(x)
envs = lambda m: {e.name: e for e in vars(m).values() if isinstance(e, flyte.TaskEnvironment)}
ours, theirs = envs(flyte_tasks), envs(sdk_definitions)
out = {}
for name, env in theirs.items():
    mine = norm(ours[name].plugin_config) if name in ours else None
    out[name] = [mine == norm(env.plugin_config), mine, norm(env.plugin_config)]
print(json.dumps(out))
"#;
    for case in ["29_plugin_dask", "36_plugins", "37_plugin_ray"] {
        let dir = conformance_dir().join(case);
        let compiled = compile_dir(&dir);
        let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        write_workspace(&compiled, &dir, root.path());
        std::fs::copy(dir.join("tasks.py"), root.path().join("sdk_definitions.py"))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut command = std::process::Command::new(&python);
        command.arg("-c").arg(script);
        let envs = run_json(command, root.path());
        let envs = envs.as_object().cloned().unwrap_or_default();
        let plugins = compiled
            .check
            .model
            .envs()
            .iter()
            .filter(|e| e.settings.plugin.is_some())
            .count();
        assert_eq!(envs.len(), plugins, "{case}: {envs:?}");
        for (name, verdict) in envs {
            assert_eq!(verdict[0], true, "{case}: env {name}: {verdict:#}");
        }
    }
}
