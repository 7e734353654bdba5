//! The errors of `build` that do not depend on writing anything, found
//! without building: `taskc check` (and editors) report them too, so a
//! workspace `check` accepts does not fail `build` (check = build). Output
//! path errors (two declarations written to one file) stay build-only.

use super::codes;
use super::{BuildOptions, VersionPolicy};
use crate::diagnostics::Diagnostic;
use crate::semantic::Model;
use crate::semantic::model::{Task, TaskKind};
use crate::source::FileSpan;

/// Longest deploy version Flyte accepts in `TaskIdentifier.version`.
pub(crate) const MAX_VERSION_LEN: usize = 63;

/// E0720: a function task whose module neither the template nor
/// `default_module` gives.
pub(crate) fn missing_module(
    task: &Task,
    default_module: Option<&str>,
    at: FileSpan,
) -> Option<Diagnostic> {
    let TaskKind::Function { module, .. } = &task.kind else {
        return None;
    };
    if !module.value.is_empty() || default_module.is_some_and(|m| !m.is_empty()) {
        return None;
    }
    Some(
        Diagnostic::error(
            codes::MISSING_MODULE,
            at,
            format!("task `{}` names no Python module", task.task_id),
        )
        .with_help(
            "add `module = \"package.module\"` to the template, or set `[flyte] default_module` in taskc.toml",
        ),
    )
}

/// E0723: a fixed deploy version Flyte refuses.
pub(crate) fn bad_version(version: &str, at: FileSpan) -> Option<Diagnostic> {
    if !version.is_empty() && version.chars().count() <= MAX_VERSION_LEN {
        return None;
    }
    Some(
        Diagnostic::error(
            codes::BAD_VERSION,
            at,
            format!(
                "the deploy version `{version}` is not accepted by Flyte (1 to {MAX_VERSION_LEN} characters)"
            ),
        )
        .with_help("set `[flyte] version` to a shorter string, or to \"content\""),
    )
}

/// Every error of [`missing_module`] and [`bad_version`] that `build`
/// would report for `model`, at the same places.
pub fn preflight(model: &Model, options: &BuildOptions) -> Vec<Diagnostic> {
    let default_module = options.default_module.as_deref();
    let mut out: Vec<Diagnostic> = model
        .tasks()
        .iter()
        .filter_map(|task| missing_module(task, default_module, task.name_at))
        .collect();
    // `build` reports the version at its first artifact: the first
    // template, else the first override.
    let first = model
        .tasks()
        .first()
        .map(|t| t.name_at)
        .or_else(|| model.overrides().first().map(|o| o.name_at));
    if let (VersionPolicy::Fixed(version), Some(at)) = (&options.version, first) {
        out.extend(bad_version(version, at));
    }
    // Image recipe files that cannot be read (their content names the image).
    out.extend(super::image::ImageUris::check(model, options));
    out
}
