//! The entry point of semantic analysis: from parsed files to a [`Model`]
//! and every semantic diagnostic of the workspace in one run.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::envs::{check_depends_on_cycles, resolve_envs};
use super::model::Model;
use super::namespace::collect;
use super::options::SemanticOptions;
use super::overrides::resolve_override;
use super::template_checks::report_ignored_misses;
use super::templates::{TemplateScope, resolve_template};
use super::types::TypeTable;
use crate::diagnostics::{Code, Diagnostic, sort_diagnostics};
use crate::source::{FileId, SourceDb};
use crate::syntax::ast;

pub(crate) const DUPLICATE_TASK_ID: Code = Code::E0103;

/// Resolve the whole workspace. Never stops at the first problem: every
/// declaration is checked, and an error is reported once where it is
/// written, not again by everything that inherits from it.
pub fn analyze(
    db: &SourceDb,
    files: &[(FileId, &ast::File)],
    options: &SemanticOptions,
) -> (Model, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (types, type_diags) = TypeTable::build(files);
    diags.extend(type_diags);

    let ns = collect(files, &mut diags);
    let envs = resolve_envs(&ns, &mut diags);
    check_depends_on_cycles(&ns, &envs, &mut diags);
    let mut misses = Vec::new();
    let scope = TemplateScope {
        db,
        ns: &ns,
        envs: &envs,
        types: &types,
        options,
    };
    // Each template resolves on its own against the resolved envs, so they
    // resolve in parallel; what each one finds is gathered in declaration
    // order, as a serial run would find it.
    // (A `Task` is large: they are collected straight into their vector.)
    let (tasks, found): (Vec<_>, Vec<_>) = ns
        .templates
        .par_iter()
        .map(|t| {
            let mut own_misses = Vec::new();
            let mut own_diags = Vec::new();
            let task = resolve_template(&scope, t, &mut own_misses, &mut own_diags);
            (task, (own_misses, own_diags))
        })
        .unzip();
    for (own_misses, own_diags) in found {
        misses.extend(own_misses);
        diags.extend(own_diags);
    }
    report_ignored_misses(misses, &mut diags);
    let overrides: Vec<_> = ns
        .overrides
        .iter()
        .filter_map(|o| {
            resolve_override(
                db.get(o.file).map(|f| f.text.as_str()),
                &ns,
                &tasks,
                o,
                &mut diags,
            )
        })
        .collect();

    // Task ids: two templates must not make the same task (the SDK silently
    // keeps the last one; taskc rejects it).
    let mut task_id_index = BTreeMap::new();
    for (i, task) in tasks.iter().enumerate() {
        match task_id_index.get(&task.task_id).and_then(|&j: &usize| tasks.get(j)) {
            Some(first) => diags.push(
                Diagnostic::error(
                    DUPLICATE_TASK_ID,
                    task.name_at,
                    format!("template `{}` makes task `{}`, which template `{}` already makes", task.name, task.task_id, first.name),
                )
                .with_label(first.name_at, format!("`{}` is made here", task.task_id))
                .with_help("give one of them another `function` (or `name`), or put it in another env; Flyte would keep only one"),
            ),
            None => {
                task_id_index.insert(task.task_id.clone(), i);
            }
        }
    }
    // An override's spec file is `<env>.<override name>`: it must not be a task's.
    for o in &overrides {
        let output = o.output_name();
        if let Some(task) = task_id_index.get(&output).and_then(|&j| tasks.get(j)) {
            diags.push(
                Diagnostic::error(
                    super::namespace::OVERRIDE_OUTPUT_CLASH,
                    o.name_at,
                    format!(
                        "override `{}` would be written as `{output}`, the name of task `{}`",
                        o.name, task.task_id
                    ),
                )
                .with_label(task.name_at, "that task is declared here")
                .with_help("rename the override"),
            );
        }
    }

    let index = |names: Vec<&str>| -> BTreeMap<String, usize> {
        names
            .into_iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), i))
            .collect()
    };
    let model = Model {
        tasks_by_env: Model::group(&tasks, |t| Some(t.env.as_str())),
        children_by_env: Model::group(&envs, |e| e.extends.as_ref().map(|p| p.value.as_str())),
        overrides_by_template: Model::group(&overrides, |o| Some(o.template.as_str())),
        env_index: index(envs.iter().map(|e| e.name.as_str()).collect()),
        template_index: index(tasks.iter().map(|t| t.name.as_str()).collect()),
        override_index: index(overrides.iter().map(|o| o.name.as_str()).collect()),
        task_id_index,
        envs,
        tasks,
        overrides,
        types,
    };
    sort_diagnostics(&mut diags);
    (model, diags)
}
