//! A raw container task built by taskc runs as a process: the container
//! args of its built spec, with `{{.inputs.x}}` filled in by the Flyte
//! SDK's own renderer (the one its local container runs use) and the
//! outputs read back by the SDK from the output folder
//! (`tools/oracle/run_container.py`). The data folders are local paths, as
//! no container mounts them.
//!
//! Skipped without the SDK venv (tools/oracle/setup.sh) unless
//! `TASKC_REQUIRE_FLYTE=1`.

mod backend_support;
mod python_support;

use std::path::Path;
use std::process::Command;

use backend_support::{compile_files, emitted_json};
use python_support::{bindings_text, repo_root, venv_python};
use serde_json::json;

const TOML: &str = "[flyte]\nproject = \"p\"\ndomain = \"d\"\norg = \"o\"\nversion = \"v1\"\n";

fn tasks(data: &Path) -> String {
    let data = data.to_string_lossy();
    format!(
        r#"
env tools {{
  image = "docker.io/library/busybox:1.36"
}}

template add_numbers in tools {{
  container {{
    command = ["sh", "-c"]
    args = [
      "echo $(( {{{{.inputs.a}}}} + {{{{.inputs.b}}}} )) > {data}/out/sum && printf '%s-%s' {{{{.inputs.flag}}}} '{{{{.inputs.word}}}}' > {data}/out/said",
    ]
    input_data_dir  = "{data}/in"
    output_data_dir = "{data}/out"
  }}
  inputs {{ a: int, b: int = 2, flag: bool, word: str }}
  outputs {{ sum: int, said: str }}
}}
"#
    )
}

#[test]
fn a_container_task_runs_its_command_as_a_process() {
    let Some(python) = venv_python("container run") else {
        return;
    };
    let root = tempfile::tempdir().expect("temp dir");
    let root = root.path();
    let data = root.join("data");
    for dir in ["in", "out"] {
        std::fs::create_dir_all(data.join(dir)).expect("data folder");
    }
    let compiled = compile_files(TOML, &[("tools.task", &tasks(&data))]);
    compiled.assert_no_errors();
    std::fs::write(
        root.join("flyte_tasks.py"),
        bindings_text(&compiled, Path::new("")),
    )
    .expect("bindings");
    let artifact = compiled.artifact("tools.add_numbers");
    let spec = root.join("spec.json");
    std::fs::write(&spec, emitted_json(&artifact.emitted).to_string()).expect("spec");

    let script = repo_root()
        .join("tools")
        .join("oracle")
        .join("run_container.py");
    let inputs = json!({"a": 40, "b": 2, "flag": true, "word": "héllo wörld"});
    let mut command = Command::new(&python);
    command
        .arg(&script)
        .arg(&spec)
        .args(["flyte_tasks", "add_numbers", &inputs.to_string()]);
    let result = python_support::run_json(command, root);
    // The command is the built `command` followed by the built `args`.
    assert_eq!(result["commands"][0], "sh", "{result}");
    assert_eq!(result["commands"][1], "-c", "{result}");
    assert_eq!(
        result["commands"].as_array().map(Vec::len),
        Some(3),
        "{result}"
    );
    assert_eq!(
        result["outputs"],
        json!([42, "true-héllo wörld"]),
        "{result}"
    );
}
