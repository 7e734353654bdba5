//! The entry point of semantic analysis: from parsed files to a [`Model`]
//! and every semantic diagnostic of the workspace in one run.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::envs::{check_depends_on_cycles, resolve_envs};
use super::memo::{AnalysisMemo, MemoRound, MemoUpdate, Resolved, ResolvedOverride};
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
    analyze_files(db, files, options, None)
}

/// [`analyze`] that takes from `memo` every template whose inputs did not
/// change since the analysis that filled it, and leaves this analysis'
/// results in it. The result is the same as `analyze`'s.
///
/// `files` are shared trees: a file whose tree is the same allocation as
/// last time is taken as unchanged (the language server's parse cache
/// hands out the same tree for the same text).
pub fn analyze_with_memo(
    db: &SourceDb,
    files: &[(FileId, &Arc<ast::File>)],
    options: &SemanticOptions,
    memo: &mut AnalysisMemo,
) -> (Model, Vec<Diagnostic>) {
    let plain: Vec<(FileId, &ast::File)> = files.iter().map(|(id, tree)| (*id, &***tree)).collect();
    analyze_files(db, &plain, options, Some((memo, files)))
}

/// The files as shared trees, for the memo's "same tree" test.
type SharedTrees<'a> = &'a [(FileId, &'a Arc<ast::File>)];

fn analyze_files(
    db: &SourceDb,
    files: &[(FileId, &ast::File)],
    options: &SemanticOptions,
    memo: Option<(&mut AnalysisMemo, SharedTrees<'_>)>,
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
    let round = memo
        .as_ref()
        .map(|(memo, trees)| MemoRound::new(memo, trees, &ns, &envs, &types, options));
    // Each template resolves on its own against the resolved envs, so they
    // resolve in parallel; what each one finds is gathered in declaration
    // order, as a serial run would find it.
    let resolved: Vec<(Resolved, bool)> = ns
        .templates
        .par_iter()
        .map(|t| {
            let kept = round
                .as_ref()
                .and_then(|r| r.get(t.file, t.decl.span.start, &t.decl.env.name));
            if let Some(kept) = kept {
                return (kept.clone(), true);
            }
            let mut misses = Vec::new();
            let mut diags = Vec::new();
            let task = resolve_template(&scope, t, &mut misses, &mut diags);
            let task = Arc::new(task);
            (
                Resolved {
                    task,
                    misses,
                    diags,
                },
                false,
            )
        })
        .collect();
    let mut tasks = Vec::with_capacity(resolved.len());
    for (r, _) in &resolved {
        tasks.push(Arc::clone(&r.task));
        misses.extend(r.misses.iter().cloned());
        diags.extend(r.diags.iter().cloned());
    }
    report_ignored_misses(misses, &mut diags);
    // An override reads its own declaration and the task it overrides.
    let resolved_overrides: Vec<(ResolvedOverride, bool)> = ns
        .overrides
        .iter()
        .map(|o| {
            let target = ns
                .template_index
                .get(o.decl.template.name.as_str())
                .and_then(|&i| tasks.get(i));
            let kept = round
                .as_ref()
                .and_then(|r| r.get_override(&ns, o.file, o.decl.span.start, target));
            if let Some(kept) = kept {
                return (kept.clone(), true);
            }
            let mut diags = Vec::new();
            let text = db.get(o.file).map(|f| &*f.text);
            let resolved = resolve_override(text, &ns, &tasks, o, &mut diags).map(Arc::new);
            let target = target.cloned();
            (
                ResolvedOverride {
                    target,
                    resolved,
                    diags,
                },
                false,
            )
        })
        .collect();
    drop(round);
    let mut overrides = Vec::with_capacity(resolved_overrides.len());
    for (r, _) in &resolved_overrides {
        overrides.extend(r.resolved.clone());
        diags.extend(r.diags.iter().cloned());
    }
    if let Some((memo, trees)) = memo {
        let reused = resolved.iter().filter(|(_, kept)| *kept).count()
            + resolved_overrides.iter().filter(|(_, kept)| *kept).count();
        let update = MemoUpdate {
            files: trees,
            ns: &ns,
            envs: &envs,
            types: &types,
            options,
        };
        let templates = ns.templates.iter().map(|t| (t.file, t.decl.span.start));
        let over = ns.overrides.iter().map(|o| (o.file, o.decl.span.start));
        memo.store(
            update,
            templates.zip(resolved.into_iter().map(|(r, _)| r)),
            over.zip(resolved_overrides.into_iter().map(|(r, _)| r)),
            reused,
        );
    }

    // Task ids: two templates must not make the same task (the SDK silently
    // keeps the last one; taskc rejects it). Sorted once (a stable sort:
    // one id's templates stay in workspace order), a duplicate follows the
    // first template of its id, and the index is built from sorted keys.
    let mut ids: Vec<(&str, usize)> = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.task_id.as_str(), i))
        .collect();
    ids.sort_by(|a, b| a.0.cmp(b.0));
    let mut unique: Vec<(String, usize)> = Vec::with_capacity(ids.len());
    let mut first_of_id: Option<(&str, usize)> = None;
    for &(id, i) in &ids {
        let (Some(task), first) = (tasks.get(i), first_of_id.filter(|(f, _)| *f == id)) else {
            continue;
        };
        match first.and_then(|(_, j)| tasks.get(j)) {
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
                first_of_id = Some((id, i));
                unique.push((id.to_string(), i));
            }
        }
    }
    let task_id_index: BTreeMap<String, usize> = unique.into_iter().collect();
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
