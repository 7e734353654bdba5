//! Running generated Python bindings in the Flyte SDK venv that
//! `tools/oracle/setup.sh` creates: write the bindings, the starter
//! modules of plain functions and an entry module into a folder, and run
//! the oracle's `serialize.py` (or anything else) on it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use taskc_core::backend::python::{self, Sources};
use taskc_core::semantic::model::TaskKind;

use crate::backend_support::Compiled;
use crate::backend_support::golden::{Expectations, compare_entry};

#[path = "batch.rs"]
pub mod batch;
#[path = "venv.rs"]
mod venv;
#[allow(unused_imports)] // not every test binary that shares this module runs the SDK
pub use venv::venv_python;

/// The import name of the bindings module in the generated folders.
pub const BINDINGS: &str = "flyte_tasks";
/// The module serialize.py is pointed at: it imports every starter module.
pub const ENTRY: &str = "taskc_entry";

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The bindings module of a compiled workspace rooted at `dir`.
pub fn bindings_text(compiled: &Compiled, dir: &Path) -> String {
    let files = compiled
        .db
        .iter()
        .filter(|(_, f)| f.path.extension().is_some_and(|e| e == "task"))
        .map(|(id, f)| {
            let shown = f.path.strip_prefix(dir).unwrap_or(&f.path);
            (id, shown.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    let text = |id| compiled.db.get(id).map(|f| &*f.text);
    let sources = Sources {
        files,
        text: &text,
        module_at: Some(match &compiled.config.python.bindings {
            Some((path, _)) => path.clone(),
            None => format!("{BINDINGS}.py"),
        }),
    };
    let options = taskc_core::backend::BuildOptions::from_config(&compiled.config);
    python::generate(&compiled.check.model, &sources, &options)
}

/// The serialization context of the workspace for serialize.py: taskc.toml's
/// `[flyte]`, with the version taskc built (a content version is computed).
fn sctx(compiled: &Compiled) -> Value {
    let flyte = &compiled.config.flyte;
    let version = compiled
        .build
        .artifacts
        .iter()
        .find_map(|a| {
            let json = crate::backend_support::emitted_json(&a.emitted);
            // A deploy request, or a submit-path spec when nothing is deployed.
            let id = json.get("taskId").unwrap_or(&json["taskTemplate"]["id"]);
            id["version"].as_str().map(str::to_string)
        })
        .unwrap_or_else(|| flyte.version.clone());
    let bundle = flyte.code_bundle.as_ref().map(|tgz| {
        json!({
            "tgz": tgz,
            "computed_version": compiled.config.code_bundle_version().unwrap_or_default(),
            "destination": flyte.code_bundle_dest,
        })
    });
    json!({
        "version": version,
        "project": flyte.project.clone().unwrap_or_default(),
        "domain": flyte.domain.clone().unwrap_or_default(),
        "org": flyte.org.clone().unwrap_or_default(),
        "code_bundle": bundle,
        "sync_local_sys_paths": !flyte.sys_paths.is_empty(),
    })
}

/// The entry module: imports every starter module, then binds what is not
/// deployed with an env (overrides, `deploy = false` templates) under its
/// `.task` name, as a user module would.
fn entry_module(compiled: &Compiled, bindings: &str, modules: &[String]) -> String {
    let model = &compiled.check.model;
    let mut out = format!("import {bindings}\n");
    for module in modules {
        out.push_str(&format!("import {module}\n"));
    }
    out.push('\n');
    for task in model.tasks().iter().filter(|t| !t.deploy) {
        let object = match task.kind {
            TaskKind::Function { .. } => format!("{bindings}._DECORATED[{:?}]", task.name),
            _ => format!("{bindings}.{}", task.name),
        };
        out.push_str(&format!("{} = {object}\n", task.name));
    }
    for over in model.overrides() {
        out.push_str(&format!("{} = {bindings}.{}\n", over.name, over.name));
    }
    out
}

/// The import name of the workspace's own bindings module: `[python]
/// bindings` of a workspace that has a Python file for the module of every
/// function template (`examples/`), else `None` (the starter modules stand in).
pub fn workspace_bindings(compiled: &Compiled, dir: &Path) -> Option<String> {
    let (path, _) = compiled.config.python.bindings.as_ref()?;
    let default_module = compiled.config.flyte.default_module.as_deref();
    let stubs = python::stub_modules(&compiled.check.model, BINDINGS, default_module);
    let has_every_module = stubs
        .iter()
        .all(|(module, _)| dir.join(module_path(module)).is_file());
    let module = path.strip_suffix(".py")?.replace('/', ".");
    has_every_module.then_some(module)
}

/// `a/b/c.py` of module `a.b.c`.
fn module_path(module: &str) -> PathBuf {
    PathBuf::from(format!("{}.py", module.replace('.', "/")))
}

/// Every `.py` file below `dir` (outside `__pycache__`), relative to it.
fn python_files(dir: &Path, under: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir.join(under))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join(under).display()));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let relative = under.join(entry.file_name());
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && entry.file_name() != "__pycache__" {
            python_files(dir, &relative, found);
        } else if !is_dir && relative.extension().is_some_and(|e| e == "py") {
            found.push(relative);
        }
    }
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Write the bindings, the user's modules, the entry module and
/// `sctx.json` into `root`. The user's modules are the workspace's own
/// package when it has one (`workspace_bindings`), with its checked-in
/// bindings, which must be what taskc generates now; otherwise starter
/// modules that decorate stubs.
pub fn write_workspace(compiled: &Compiled, dir: &Path, root: &Path) {
    let generated = bindings_text(compiled, dir);
    let default_module = compiled.config.flyte.default_module.as_deref();
    let stubs = python::stub_modules(&compiled.check.model, BINDINGS, default_module);
    let modules: Vec<String> = stubs.iter().map(|(module, _)| module.clone()).collect();
    let bindings = match workspace_bindings(compiled, dir) {
        Some(bindings) => {
            let checked_in = module_path(&bindings);
            let text = std::fs::read_to_string(dir.join(&checked_in)).unwrap_or_default();
            assert!(
                text == generated,
                "{} is not what taskc generates: run `taskc build`",
                checked_in.display()
            );
            let mut files = Vec::new();
            python_files(dir, Path::new(""), &mut files);
            for file in files {
                let text = std::fs::read_to_string(dir.join(&file))
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
                write(&root.join(file), &text);
            }
            bindings
        }
        None => {
            write(&root.join(format!("{BINDINGS}.py")), &generated);
            for (module, text) in &stubs {
                let parts: Vec<&str> = module.split('.').collect();
                for depth in 1..parts.len() {
                    let init = root.join(parts[..depth].join("/")).join("__init__.py");
                    if !init.exists() {
                        write(&init, "");
                    }
                }
                write(&root.join(module_path(module)), text);
            }
            BINDINGS.to_string()
        }
    };
    write(
        &root.join(format!("{ENTRY}.py")),
        &entry_module(compiled, &bindings, &modules),
    );
    write(&root.join("sctx.json"), &sctx(compiled).to_string());
    copy_recipe_files(compiled, dir, root);
}

/// The files image recipes name (and the workspace's `.dockerignore`, and
/// the lock beside a `uv_project` or `poetry_project`), copied from the workspace `dir` into
/// `root`: the bindings find them from their own place, as in a checkout.
fn copy_recipe_files(compiled: &Compiled, dir: &Path, root: &Path) {
    let mut paths: Vec<String> = vec![".dockerignore".into()];
    for spec in compiled.check.model.images_with_files() {
        for path in spec.recipe_paths() {
            paths.push(path.path.clone());
            let folder = path.path.rsplit_once('/').map_or("", |(f, _)| f);
            for lock in ["uv.lock", "poetry.lock"] {
                let beside = format!("{folder}/{lock}");
                paths.push(beside.trim_start_matches('/').to_string());
            }
        }
    }
    for path in paths {
        copy_tree(&dir.join(&path), &root.join(&path));
    }
}

/// Copy a file or a folder (recursively); nothing when `from` is absent.
fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
        let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
        for entry in entries.flatten() {
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else if from.is_file() {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
        }
        std::fs::copy(from, to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    }
}

/// Run the oracle on the entry module of `root`: its JSON documents, or the
/// SDK's error.
pub fn serialize(python: &Path, root: &Path) -> Result<Vec<Value>, String> {
    let script = repo_root()
        .join("tools")
        .join("oracle")
        .join("serialize.py");
    let output = Command::new(python)
        .arg(&script)
        .arg(root.join(format!("{ENTRY}.py")))
        .arg("--traceback")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("serialize.py failed:\n{stdout}\n{stderr}"));
    }
    serde_json::from_str(&stdout).map_err(|e| format!("{e}: {stdout}\n{stderr}"))
}

/// Run `python -c "import <module>"` in `root`: its stdout, or its stderr
/// when it fails.
pub fn import(python: &Path, root: &Path, module: &str) -> Result<String, String> {
    let output = Command::new(python)
        .arg("-c")
        .arg(format!("import {module}"))
        .current_dir(root)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONPATH", root)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if output.status.success() {
        Ok(stdout)
    } else {
        Err(format!(
            "{stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// The Python builtins a module's code refers to (by name, anywhere).
pub fn builtins_referenced(python: &Path, module: &Path) -> Vec<String> {
    let script = "import ast, builtins, sys\n\
tree = ast.parse(open(sys.argv[1], encoding='utf-8').read())\n\
names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}\n\
print('\\n'.join(sorted(names & set(dir(builtins)))))\n";
    let output = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(module)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// The path of the bindings module `write_workspace` wrote into `root`.
pub fn written_bindings(compiled: &Compiled, dir: &Path, root: &Path) -> PathBuf {
    let module = workspace_bindings(compiled, dir).unwrap_or_else(|| BINDINGS.to_string());
    root.join(module_path(&module))
}

/// Run a Python `command` in `root` (also its `PYTHONPATH`); its stdout
/// parsed as JSON. Fails the test with the logs when it fails.
pub fn run_json(mut command: Command, root: &Path) -> Value {
    let output = command
        .current_dir(root)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONPATH", root)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let logs = format!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{command:?} failed:\n{logs}");
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}:\n{logs}"))
}

/// Every difference between the SDK's entries and what taskc built, under
/// the conformance masks (no deliberate difference applies: the bindings
/// reproduce taskc's choices), as `label: path …` lines; empty when equal.
pub fn sdk_differences(compiled: &Compiled, entries: &[Value]) -> Vec<String> {
    let none = Expectations {
        outcome_error: false,
        error_code: None,
        differences: Vec::new(),
    };
    let mut out = Vec::new();
    for entry in entries {
        let (label, differences) = compare_entry(compiled, entry, &none);
        out.extend(differences.into_iter().map(|d| format!("{label}: {d}")));
    }
    if entries.len() != compiled.build.artifacts.len() {
        let names: Vec<&str> = entries
            .iter()
            .filter_map(|e| e["task_name"].as_str())
            .collect();
        out.push(format!(
            "every artifact is one SDK entry: taskc built {}, the SDK gave {names:?}",
            compiled.build.artifacts.len()
        ));
    }
    out
}
