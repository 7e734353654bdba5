//! Starter modules: for each Python module the function templates name, the
//! plain functions with the declared signatures, decorated from the
//! bindings. The body is the user's to write; the signature is checked by
//! the decorator.

use std::collections::BTreeMap;

use std::collections::BTreeSet;

use super::annotations::{SourceNeeds, parameter, source_annotation, value};
use super::expr::identifier;
use super::templates::{module_of, return_annotation};
use crate::semantic::Model;
use crate::semantic::model::{Task, TaskKind};

/// `(module, source)` of every module function templates live in, sorted by
/// module. `bindings` is the import name of the bindings module.
pub fn stub_modules(
    model: &Model,
    bindings: &str,
    default_module: Option<&str>,
) -> Vec<(String, String)> {
    let mut modules: BTreeMap<String, Vec<&Task>> = BTreeMap::new();
    for task in model.tasks() {
        if let Some(module) = module_of(task, default_module) {
            modules.entry(module.to_string()).or_default().push(task);
        }
    }
    modules
        .into_iter()
        .map(|(module, tasks)| {
            let mut out = format!(
                "\"\"\"The functions of module `{module}` (a starting point written by taskc).\"\"\"\n\n"
            );
            let mut needs = SourceNeeds {
                module: &module,
                ..SourceNeeds::default()
            };
            let functions: Vec<String> = tasks.iter().map(|t| function(t, &mut needs)).collect();
            out.push_str("import datetime\nimport typing\n\nimport flyte\nimport flyte.io\n");
            for import in &needs.imports {
                out.push_str(&format!("import {import}\n"));
            }
            out.push('\n');
            out.push_str(&format!("import {bindings} as _bindings\n"));
            out.push_str(&format!("from {bindings} import *  # noqa: F403 (the named types)\n"));
            out.push_str(&own_classes(&needs.own_classes));
            for function in functions {
                out.push_str("\n\n");
                out.push_str(&function);
            }
            (module, out)
        })
        .collect()
}

fn function(task: &Task, needs: &mut SourceNeeds) -> String {
    let TaskKind::Function { function, .. } = &task.kind else {
        return String::new();
    };
    // `.task` inputs may put one without a default after one with a
    // default; in Python the rest become keyword-only (`*`), in order.
    let mut params: Vec<String> = Vec::new();
    let mut seen_default = false;
    let mut keyword_only = false;
    for input in &task.inputs {
        let ty = source_annotation(&input.ty, needs);
        let default = input.default.as_ref().map(|d| value(d, &input.ty).flat());
        if default.is_some() {
            seen_default = true;
        } else if seen_default && !keyword_only {
            keyword_only = true;
            params.push("*".into());
        }
        params.push(parameter(&input.name, &ty, default.as_deref()));
    }
    let keyword = if task.is_async { "async def" } else { "def" };
    let returns = match task.outputs.as_slice() {
        [only] if only.name == "o0" => source_annotation(&only.ty, needs),
        _ => return_annotation(task),
    };
    let one_line = format!(
        "{keyword} {}({}) -> {returns}:",
        function.value,
        params.join(", ")
    );
    let signature = if one_line.chars().count() <= super::expr::LINE_LENGTH {
        one_line
    } else {
        let params: String = params.iter().map(|p| format!("    {p},\n")).collect();
        format!("{keyword} {}(\n{params}) -> {returns}:", function.value)
    };
    format!(
        "@_bindings.{}\n{signature}\n    raise NotImplementedError\n",
        identifier(&task.name)
    )
}

/// The module's own classes its pickled annotations name (`Registry.Entry`
/// nests `Entry` in `Registry`), for the user to fill in.
fn own_classes(qualnames: &BTreeSet<String>) -> String {
    let mut out = String::new();
    let mut open: Vec<&str> = Vec::new();
    for qualname in qualnames {
        let parts: Vec<&str> = qualname.split('.').collect();
        let shared = open.iter().zip(&parts).take_while(|(a, b)| a == b).count();
        open.truncate(shared);
        for part in &parts[shared..] {
            let indent = "    ".repeat(open.len());
            let gap = if open.is_empty() { "\n\n" } else { "" };
            out.push_str(&format!(
                "{gap}{indent}class {part}:\n{indent}    \"\"\"Pickled by Flyte (its `python_class_name`).\"\"\"\n"
            ));
            open.push(part);
        }
    }
    out
}
