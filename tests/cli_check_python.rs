//! `taskc check` on a workspace with Python bindings: the functions of the
//! templates' modules are compared with the declared interfaces.

mod common;

use common::{code, stderr, taskc, workspace_bytes as workspace};

const CONFIG: &[u8] = b"[flyte]
default_module = \"pipelines.tasks\"

[python]
bindings = \"pipelines/flyte_tasks.py\"
";

const TASKS: &[u8] = b"env etl {}

/// Train the model.
template train in etl {
  async = true
  inputs {
    epochs: int = 3
  }
  returns file
}
";

#[test]
fn a_drifted_function_is_shown_in_the_python_and_the_task_file() {
    let python: &[u8] = b"import flyte.io

from pipelines import flyte_tasks


@flyte_tasks.train
async def train(epochs: int = 5) -> \"flyte.io.File\":
    ...
";
    let dir = workspace(&[
        ("taskc.toml", CONFIG),
        ("train.task", TASKS),
        ("pipelines/tasks.py", python),
    ]);
    let out = taskc(dir.path(), &["check"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("E0806"), "{}", stderr(&out));
    insta::assert_snapshot!(stderr(&out));
}

#[test]
fn a_matching_function_checks_clean() {
    let python: &[u8] = b"import flyte.io

from pipelines import flyte_tasks


@flyte_tasks.train
async def train(epochs: int = 3) -> flyte.io.File:
    ...
";
    let dir = workspace(&[
        ("taskc.toml", CONFIG),
        ("train.task", TASKS),
        ("pipelines/tasks.py", python),
    ]);
    let out = taskc(dir.path(), &["check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}
