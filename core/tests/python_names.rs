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

#[test]
fn an_env_and_a_template_that_differ_by_a_dash_clash() {
    let all = diagnostics(TOML, "env train-a {}\ntemplate train_a in train-a {}\n");
    let found = found(&all, NAMES);
    assert_eq!(
        found,
        [(
            Code::E0810,
            "template `train_a` and env `train-a` are both the global `train_a` of the Python bindings"
                .to_string()
        )]
    );
}

#[test]
fn one_name_declared_twice_is_only_the_namespace_error() {
    let all = diagnostics(TOML, "env train {}\ntemplate train in train {}\n");
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
        &diagnostics(toml, "env train-a {}\ntemplate train_a in train-a {}\n"),
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
    let compiled = compile_dir(&dir);
    compiled.assert_no_errors();
    let module = bindings_text(&compiled, &dir);
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
}
