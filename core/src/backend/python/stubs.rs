//! Starter modules: for each Python module the function templates name, the
//! plain functions with the declared signatures, decorated from the
//! bindings. The body is the user's to write; the signature is checked by
//! the decorator.

use std::collections::BTreeMap;

use super::annotations::{annotation, value};
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
            out.push_str("import datetime\nimport typing\n\nimport flyte\nimport flyte.io\n\n");
            out.push_str(&format!("import {bindings} as _bindings\n"));
            out.push_str(&format!("from {bindings} import *  # noqa: F403 (the named types)\n"));
            for task in tasks {
                out.push_str("\n\n");
                out.push_str(&function(task));
            }
            (module, out)
        })
        .collect()
}

fn function(task: &Task) -> String {
    let TaskKind::Function { function, .. } = &task.kind else {
        return String::new();
    };
    // `.task` inputs may put one without a default after one with a
    // default; in Python the rest become keyword-only (`*`), in order.
    let mut params: Vec<String> = Vec::new();
    let mut seen_default = false;
    let mut keyword_only = false;
    for input in &task.inputs {
        let ty = annotation(&input.ty);
        match &input.default {
            Some(d) => {
                seen_default = true;
                params.push(format!("{}: {ty} = {}", input.name, value(d, &input.ty).flat()));
            }
            None => {
                if seen_default && !keyword_only {
                    keyword_only = true;
                    params.push("*".into());
                }
                params.push(format!("{}: {ty}", input.name));
            }
        }
    }
    let keyword = if task.is_async { "async def" } else { "def" };
    let returns = return_annotation(task);
    let one_line = format!("{keyword} {}({}) -> {returns}:", function.value, params.join(", "));
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
