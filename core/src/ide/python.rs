//! Where function templates meet the user's Python: go to definition from
//! a template to its module and `def`, and the Python signature its
//! function must have in the template's hover.
//!
//! Only modules that workspace loading read (under `[python] roots`, see
//! [`workspace::python`](crate::workspace::python)) can be opened; the
//! `def` is found by the same summary the drift check reads.

use super::Analysis;
use crate::drift::python::summarize;
use crate::drift::{decorator_of, expected_signature};
use crate::semantic::model::{Task, TaskKind};
use crate::source::{FileId, FileSpan, Span};
use crate::workspace::python::{PythonModule, module_name_of};

/// On a function template's `module = "…"` value: the module file. On its
/// `function = "…"` value, or on its name when `function` is not written:
/// the function's `def` (the module's start when it has none). Empty
/// anywhere else, or when the module is not part of the workspace.
pub(crate) fn definition(analysis: &Analysis, file: FileId, offset: usize) -> Vec<FileSpan> {
    let Some((task, module, function)) = function_template_at(analysis, file, offset) else {
        return Vec::new();
    };
    let on = |at: FileSpan| at.file == file && at.span.contains(offset);
    let on_function = on(function.at);
    // A `module` taken from `[flyte] default_module` points at the name,
    // which belongs to the function when both are implicit.
    let on_module = on(module.at) && module.at != task.name_at;
    if !on_function && !on_module {
        return Vec::new();
    }
    let Some(python) = module_in_workspace(analysis, task) else {
        return Vec::new();
    };
    let start = FileSpan::new(python.file, Span::new(0, 0));
    if on_module && !on_function {
        return vec![start];
    }
    let Some(text) = analysis.db().get(python.file).map(|f| &*f.text) else {
        return Vec::new();
    };
    let summary = summarize(text, &python.name);
    let def = summary
        .function(&function.value)
        .map_or(start, |f| FileSpan::new(python.file, f.name_span));
    vec![def]
}

/// The Python side of a function template, for its hover: the decorator
/// from the bindings module and the signature the function must have.
/// `None` without `[python] bindings` or for query and container tasks.
pub(crate) fn signature_section(analysis: &Analysis, template: &str) -> Option<String> {
    let (bindings_path, _) = analysis.config().python.bindings.as_ref()?;
    let task = analysis.model().template(template)?;
    let TaskKind::Function { function, .. } = &task.kind else {
        return None;
    };
    let bindings = module_name_of(bindings_path, analysis.config());
    let default_module = analysis.config().flyte.default_module.as_deref();
    let module = crate::backend::python::module_of(task, default_module).unwrap_or("?");
    Some(format!(
        "Python function `{module}.{}`:\n```python\n@{}\n{}\n```",
        function.value,
        decorator_of(&bindings, task),
        expected_signature(task, &function.value)
    ))
}

type FunctionParts<'a> = (
    &'a Task,
    &'a crate::semantic::model::Spanned<String>,
    &'a crate::semantic::model::Spanned<String>,
);

/// The function template of `file` whose declaration holds `offset`.
fn function_template_at(
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> Option<FunctionParts<'_>> {
    analysis.model().tasks().iter().find_map(|task| {
        let inside = task.decl_at.file == file && task.decl_at.span.contains(offset);
        match &task.kind {
            TaskKind::Function { module, function } if inside => Some((&**task, module, function)),
            _ => None,
        }
    })
}

/// The module of `task`, when workspace loading read it.
fn module_in_workspace<'a>(analysis: &'a Analysis, task: &Task) -> Option<&'a PythonModule> {
    let default_module = analysis.config().flyte.default_module.as_deref();
    let name = crate::backend::python::module_of(task, default_module)?;
    analysis
        .config()
        .python
        .modules
        .iter()
        .find(|m| m.name == name)
}
