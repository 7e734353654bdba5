//! Declarations whose names cannot be globals of the generated bindings:
//! names that differ in `.task` files but not in Python (E0810),
//! names the module needs for itself, and Python keywords (E0809). And the
//! list of what the module binds is complete: every global of generated
//! modules is a declaration's bound name or a reserved one.

mod backend_support;
mod python_support;

use std::collections::BTreeSet;
use std::path::Path;

use backend_support::{compile_dir, compile_files};
use python_support::bindings_text;
use taskc_core::backend::python::{bound_names, reserved_names};
use taskc_core::diagnostics::{Code, Diagnostic};

const TOML: &str = "[flyte]\nproject = \"p\"\ndomain = \"d\"\nversion = \"v1\"\n\
default_module = \"tasks\"\n\n[python]\nbindings = \"flyte_tasks.py\"\n";

fn diagnostics(toml: &str, tasks: &str) -> Vec<Diagnostic> {
    compile_files(toml, &[("tasks.task", tasks)])
        .check
        .diagnostics
}

/// `(code, message)` of every diagnostic with one of `codes`.
fn found(diagnostics: &[Diagnostic], codes: &[Code]) -> Vec<(Code, String)> {
    diagnostics
        .iter()
        .filter(|d| codes.contains(&d.code))
        .map(|d| (d.code, d.message.clone()))
        .collect()
}

const NAMES: &[Code] = &[Code::E0809, Code::E0810];

/// The Python global of each env, by env name.
fn env_globals(tasks: &str) -> Vec<(String, String)> {
    let compiled = compile_files(TOML, &[("tasks.task", tasks)]);
    bound_names(&compiled.check.model)
        .into_iter()
        .filter(|b| b.what.starts_with("env "))
        .map(|b| (b.declared, b.python))
        .collect()
}

#[test]
fn an_env_named_like_a_template_is_bound_as_name_env() {
    let tasks = "env train {}\ntemplate train in train {}\n";
    let all = diagnostics(TOML, tasks);
    assert!(!all.iter().any(Diagnostic::is_error), "{all:?}");
    assert!(found(&all, NAMES).is_empty(), "{all:?}");
    assert_eq!(
        env_globals(tasks),
        [("train".to_string(), "train_env".to_string())]
    );
    // One Python name is enough: `train-a` is `train_a`, a template's name.
    let tasks = "env train-a {}\ntemplate train_a in train-a {}\n";
    assert!(found(&diagnostics(TOML, tasks), NAMES).is_empty());
    assert_eq!(
        env_globals(tasks),
        [("train-a".to_string(), "train_a_env".to_string())]
    );
    // An override's name and a type's are taken as well; an env without a
    // namesake keeps its own.
    let tasks = "type small = enum { a }\nenv small {}\nenv fit {}\nenv e {}\n\
template t in e { inputs { s: small } }\noverride fit of t { retries = 1 }\n";
    assert_eq!(
        env_globals(tasks),
        [
            ("small".to_string(), "small_env".to_string()),
            ("fit".to_string(), "fit_env".to_string()),
            ("e".to_string(), "e".to_string()),
        ]
    );
}

#[test]
fn an_env_whose_name_env_is_taken_too_clashes() {
    let tasks = "env x {}\ntemplate x in x {}\ntemplate x_env in x {}\n";
    let found = found(&diagnostics(TOML, tasks), NAMES);
    assert_eq!(
        found,
        [(
            Code::E0810,
            "template `x_env` and env `x` are both the global `x_env` of the Python bindings"
                .to_string()
        )]
    );
}

#[test]
fn a_type_and_a_template_of_one_name_clash_in_python() {
    // Both are allowed in `.task` files (a type is named only after `:`),
    // but they are one global of the bindings.
    let all = diagnostics(
        TOML,
        "type train = enum { a }\nenv e {}\ntemplate train in e { inputs { m: train } }\n",
    );
    assert!(!all.iter().any(|d| d.code == Code::E0102), "{all:?}");
    assert_eq!(
        found(&all, NAMES),
        [(
            Code::E0810,
            "template `train` and type `train` are both the global `train` of the Python bindings"
                .to_string()
        )]
    );
}

#[test]
fn one_name_declared_twice_is_only_the_namespace_error() {
    let all = diagnostics(
        TOML,
        "env e {}\ntemplate train in e {}\noverride train of train { retries = 1 }\n",
    );
    assert!(all.iter().any(|d| d.code == Code::E0102), "{all:?}");
    assert!(found(&all, NAMES).is_empty(), "{all:?}");
}

#[test]
fn a_dash_and_an_underscore_clash_and_the_label_shows_the_first() {
    let all = diagnostics(TOML, "env gpu-a {}\nenv gpu_a {}\n");
    let clash = all.iter().find(|d| d.code == Code::E0810).expect("a clash");
    assert_eq!(
        clash.message,
        "env `gpu_a` and env `gpu-a` are both the global `gpu_a` of the Python bindings"
    );
    assert_eq!(clash.labels.len(), 1, "{clash:?}");
    assert_eq!(
        clash.labels[0].message.as_deref(),
        Some("env `gpu-a` is bound here")
    );
}

#[test]
fn a_type_and_the_outputs_class_of_a_template_clash() {
    let tasks = "type TrainOutputs = enum { a }\nenv e {}\n\
template train in e {\n  outputs { a: int, b: int }\n}\n";
    let found = found(&diagnostics(TOML, tasks), NAMES);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .1
            .starts_with("the outputs class of template `train` and type `TrainOutputs`"),
        "{found:?}"
    );
}

#[test]
fn names_the_module_imports_or_uses_are_refused() {
    for name in ["typing", "flyte", "str", "list", "_check"] {
        let tasks = format!("env e {{}}\ntemplate {name} in e {{}}\n");
        let found = found(&diagnostics(TOML, &tasks), NAMES);
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        assert_eq!(found[0].0, Code::E0810, "{name}");
        assert!(found[0].1.contains("a name the module needs"), "{found:?}");
    }
}

#[test]
fn a_keyword_is_bound_with_an_underscore_and_warned_about() {
    let all = diagnostics(TOML, "env class {}\n");
    let found = found(&all, NAMES);
    assert_eq!(
        found,
        [(
            Code::E0809,
            "env `class` is a Python keyword: the bindings name it `class_`".to_string()
        )]
    );
    assert!(!all.iter().any(Diagnostic::is_error), "{all:?}");
}

#[test]
fn without_bindings_the_names_are_not_checked() {
    let toml = "[flyte]\nproject = \"p\"\ndomain = \"d\"\nversion = \"v1\"\n";
    let found = found(
        &diagnostics(toml, "env gpu-a {}\nenv gpu_a {}\ntemplate t in gpu-a {}\n"),
        NAMES,
    );
    assert!(found.is_empty(), "{found:?}");
}

/// The globals a generated module binds at top level.
fn globals(module: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in module.lines() {
        let name = if let Some(rest) = line
            .strip_prefix("def ")
            .or_else(|| line.strip_prefix("class "))
        {
            rest.split(['(', ':']).next()
        } else if line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            line.split([' ', '=', ':', '.', '(']).next()
        } else {
            None
        };
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            out.insert(name.to_string());
        }
    }
    out
}

#[test]
fn every_global_of_a_generated_module_is_declared_or_reserved() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("examples");
    assert_globals_accounted_for(&compile_dir(&dir), &dir);
}

#[test]
fn every_global_is_accounted_for_with_an_env_bound_as_name_env() {
    let tasks = "env x {}\nenv y extends x { depends_on = [x] }\ntemplate x in x {}\n\
template q in x {\n  container { command = [\"true\"] }\n}\n";
    let compiled = compile_files(TOML, &[("tasks.task", tasks)]);
    let module = assert_globals_accounted_for(&compiled, Path::new(""));
    for line in [
        "x_env = flyte.TaskEnvironment(",
        "y = x_env.clone_with(",
        "y.depends_on = [x_env]",
        "_adopt(x_env, q)",
    ] {
        assert!(module.contains(line), "{line}:\n{module}");
    }
    assert!(module.contains("x_env.task("), "{module}");
}

/// Every global of the bindings of `compiled` is a bound or reserved name;
/// the module's text.
fn assert_globals_accounted_for(compiled: &backend_support::Compiled, dir: &Path) -> String {
    compiled.assert_no_errors();
    let module = bindings_text(compiled, dir);
    let bound: BTreeSet<String> = bound_names(&compiled.check.model)
        .into_iter()
        .map(|b| b.python)
        .collect();
    let reserved: BTreeSet<&str> = reserved_names().collect();
    let unknown: Vec<String> = globals(&module)
        .into_iter()
        .filter(|g| {
            !bound.contains(g)
                && !reserved.contains(g.as_str())
                && !g.starts_with("_override_")
                && !["import", "from", "if", "for"].contains(&g.as_str())
        })
        .collect();
    assert!(!bound.is_empty());
    assert!(unknown.is_empty(), "globals not accounted for: {unknown:?}");
    module
}
