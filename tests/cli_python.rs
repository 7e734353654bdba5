//! `taskc build --emit python` and `[python] bindings`: the Python bindings
//! module written beside the other outputs, kept up to date like them.

mod common;

use common::{code, stderr, stdout, taskc, workspace};

use std::fs;

const TOML: &str = "[flyte]\nproject = \"acme\"\ndomain = \"development\"\nversion = \"v1\"\ndefault_module = \"etl.tasks\"\n";

const TASKS: &str = "env etl {\n  image = \"ghcr.io/acme/etl:1.4\"\n}\n\
template load in etl {\n  inputs { day: date }\n  returns int\n}\n";

#[test]
fn emit_python_writes_the_bindings_into_the_out_dir_only() {
    let dir = workspace(&[("taskc.toml", TOML), ("etl.task", TASKS)]);
    let out = taskc(dir.path(), &["build", "--emit", "python"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let bindings = fs::read_to_string(dir.path().join("build").join("flyte_tasks.py"))
        .expect("bindings written");
    assert!(bindings.contains("def load(fn):"), "{bindings}");
    assert!(bindings.contains("#   etl.task\n"), "{bindings}");
    // Only the bindings were asked for: no task files, no manifest.
    let names: Vec<_> = fs::read_dir(dir.path().join("build"))
        .expect("out dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, vec!["flyte_tasks.py"]);
    assert!(
        stderr(&out).contains("Wrote the Python bindings"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn configured_bindings_are_written_on_every_build_and_checked() {
    let toml = format!("{TOML}[python]\nbindings = \"pipelines/flyte_tasks.py\"\n");
    let dir = workspace(&[("taskc.toml", &toml), ("etl.task", TASKS)]);
    let target = dir.path().join("pipelines").join("flyte_tasks.py");

    let check = taskc(dir.path(), &["build", "--check"]);
    assert_eq!(code(&check), 1, "{}", stderr(&check));
    assert!(
        stdout(&check).contains("missing pipelines/flyte_tasks.py"),
        "{}",
        stdout(&check)
    );
    assert!(!target.exists(), "--check writes nothing");

    let out = taskc(dir.path(), &["build"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let first = fs::read_to_string(&target).expect("bindings written");
    assert!(dir.path().join("build").join("etl.load.json").exists());

    let check = taskc(dir.path(), &["build", "--check"]);
    assert_eq!(code(&check), 0, "{}{}", stdout(&check), stderr(&check));

    fs::write(&target, "# edited\n").expect("edit");
    let check = taskc(dir.path(), &["build", "--check"]);
    assert_eq!(code(&check), 1);
    assert!(
        stdout(&check).contains("stale   pipelines/flyte_tasks.py"),
        "{}",
        stdout(&check)
    );
    let out = taskc(dir.path(), &["build"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&target).expect("rewritten"), first);
}

fn bad_path(path: &str) -> String {
    let toml = format!("{TOML}[python]\nbindings = \"{path}\"\n");
    let dir = workspace(&[("taskc.toml", &toml), ("etl.task", TASKS)]);
    let out = taskc(dir.path(), &["build"]);
    assert_eq!(code(&out), 1, "{path}: {}", stderr(&out));
    assert!(
        !dir.path().join("build").exists(),
        "{path}: nothing is written"
    );
    stderr(&out)
}

#[test]
fn bindings_outside_the_workspace_on_a_task_file_or_in_the_out_dir_are_errors() {
    for (path, says) in [
        ("../flyte_tasks.py", "leads outside the workspace"),
        ("/tmp/flyte_tasks.py", "leads outside the workspace"),
        ("etl.task", "is a `.task` file"),
        ("build/flyte_tasks.py", "is inside the out dir"),
        ("./build/x/flyte_tasks.py", "is inside the out dir"),
        ("pipelines/flyte_tasks.txt", "is not a `.py` file"),
    ] {
        let err = bad_path(path);
        assert!(err.contains("E0926"), "{path}: {err}");
        assert!(err.contains(says), "{path}: {err}");
        assert!(err.contains("taskc.toml"), "{path}: {err}");
    }
}

/// Names that are one Python global stop the bindings from being written:
/// through `[python] bindings` at `check`, and with `--emit python` alone.
#[test]
fn names_that_clash_in_python_are_errors_for_both_ways_of_asking() {
    let tasks = "env gpu-a {}\nenv gpu_a {}\n";
    let dir = workspace(&[("taskc.toml", TOML), ("gpu.task", tasks)]);
    let out = taskc(dir.path(), &["build", "--emit", "python"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("E0810"), "{}", stderr(&out));
    assert!(!dir.path().join("build").exists(), "nothing is written");
    // Without bindings the two envs are fine.
    let out = taskc(dir.path(), &["check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    let toml = format!("{TOML}[python]\nbindings = \"flyte_tasks.py\"\n");
    let dir = workspace(&[("taskc.toml", &toml), ("gpu.task", tasks)]);
    let out = taskc(dir.path(), &["check"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("env `gpu_a` and env `gpu-a` are both the global `gpu_a`"),
        "{}",
        stderr(&out)
    );
}

#[path = "../core/tests/python_support/venv.rs"]
mod venv;

/// An image recipe naming files: the bindings find them from their own
/// place (`_ROOT`), so importing the module from anywhere gives the image
/// `taskc build` named.
#[test]
fn bindings_find_recipe_files_from_their_own_place() {
    let toml = format!("{TOML}[python]\nbindings = \"pipelines/gen/flyte_tasks.py\"\n");
    let tasks = "env etl {\n  image {\n    registry      = \"ghcr.io/acme\"\n    name          = \"etl\"\n    platform      = [\"linux/amd64\", \"linux/arm64\"]\n    requirements  = \"requirements.txt\"\n    source_folder = \"src\"\n  }\n}\n\
template load in etl {\n  inputs { day: date }\n  returns int\n}\n";
    let dir = workspace(&[
        ("taskc.toml", &toml),
        ("etl.task", tasks),
        ("requirements.txt", "pandas==2.2.3\n"),
        ("src/etl/tasks.py", "X = 1\n"),
    ]);
    let out = taskc(dir.path(), &["build"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let module = dir
        .path()
        .join("pipelines")
        .join("gen")
        .join("flyte_tasks.py");
    let bindings = fs::read_to_string(&module).expect("bindings written");
    assert!(
        bindings.contains("_ROOT = pathlib.Path(__file__).resolve().parents[2]\n"),
        "{bindings}"
    );
    assert!(
        bindings.contains("_ROOT / \"requirements.txt\""),
        "{bindings}"
    );
    let built = fs::read_to_string(dir.path().join("build").join("etl.load.json")).expect("built");
    let built: serde_json::Value = serde_json::from_str(&built).expect("json");
    let image = built["spec"]["taskTemplate"]["container"]["image"]
        .as_str()
        .expect("image")
        .to_string();
    assert!(image.starts_with("ghcr.io/acme/etl:"), "{image}");

    // Without `[python] bindings`, `--emit python` writes the module into
    // the out dir, one folder down.
    fs::write(dir.path().join("taskc.toml"), TOML).expect("toml");
    let out = taskc(
        dir.path(),
        &["build", "--emit", "python", "--out-dir", "py"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let emitted =
        fs::read_to_string(dir.path().join("py").join("flyte_tasks.py")).expect("emitted");
    assert!(
        emitted.contains("_ROOT = pathlib.Path(__file__).resolve().parents[1]\n"),
        "{emitted}"
    );

    let Some(python) = venv::venv_python("bindings with recipe files") else {
        return;
    };
    let script = "import importlib.util, sys\n\
spec = importlib.util.spec_from_file_location('flyte_tasks', sys.argv[1])\n\
module = importlib.util.module_from_spec(spec)\n\
spec.loader.exec_module(module)\n\
print(module.etl.image.uri)\n\
print(','.join(module.etl.image.platform))\n";
    let run = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(&module)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("python");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // The platform is not part of the tag; the SDK object carries it.
    let printed = String::from_utf8_lossy(&run.stdout).to_string();
    assert_eq!(
        printed.lines().collect::<Vec<_>>(),
        [image.as_str(), "linux/amd64,linux/arm64"]
    );
}
