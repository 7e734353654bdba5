//! One function template against its Python function: the first
//! difference of each kind, in the order the runtime check looks.

use super::python::{Function, ParamKind, Summary};
use super::spelling::{Head, Norm, declared};
use super::values::value_of_source;
use super::{
    ANNOTATION_DIFFERS, ASYNC_DIFFERS, DEFAULT_DIFFERS, MISSING_FUNCTION, NOT_DECORATED,
    PARAMETERS_DIFFER, RETURN_DIFFERS,
};
use crate::backend::python::{
    default_expression, parameter, python_identifier, written_annotation, written_return_annotation,
};
use crate::diagnostics::Diagnostic;
use crate::semantic::model::{Task, TaskKind};
use crate::source::{FileId, FileSpan, Span};

/// The module being compared.
pub struct Context<'a> {
    pub file: FileId,
    pub module: &'a str,
    /// Dotted name of the bindings module.
    pub bindings: &'a str,
    pub summary: &'a Summary,
}

impl Context<'_> {
    fn at(&self, span: Span) -> FileSpan {
        FileSpan::new(self.file, span)
    }
}

/// Every drift of `task`'s function (none when it is not a function
/// template).
pub fn drift(cx: &Context<'_>, task: &Task) -> Vec<Diagnostic> {
    let TaskKind::Function { function, .. } = &task.kind else {
        return Vec::new();
    };
    let signature = expected_signature(task, &function.value);
    let Some(found) = cx.summary.function(&function.value) else {
        return vec![
            Diagnostic::error(
                MISSING_FUNCTION,
                function.at,
                format!(
                    "module `{}` has no function `{}` for template `{}`",
                    cx.module, function.value, task.name
                ),
            )
            .with_primary_label("declared here")
            .with_label(
                cx.at(Span::new(0, 0)),
                format!("no top-level `def {}` in this module", function.value),
            )
            .with_help(format!(
                "add it to the module: `@{}` above `{signature}`",
                decorator_hint(cx, task)
            )),
        ];
    };
    let mut out = Vec::new();
    if !is_decorated(cx, task, found) {
        out.push(
            Diagnostic::error(
                NOT_DECORATED,
                cx.at(found.name_span),
                format!(
                    "function `{}` is not decorated with `@{}`, the binding of template `{}`",
                    found.name,
                    python_identifier(&task.name),
                    task.name
                ),
            )
            .with_primary_label("missing the template's decorator")
            .with_label(task.name_at, "template declared here")
            .with_help(format!(
                "add `@{}` above the `def`: it makes the function the task the template declares",
                decorator_hint(cx, task)
            )),
        );
    }
    let help = format!("the template declares `{signature}`");
    if let Some(diagnostic) = parameters(cx, task, found, &help) {
        out.push(diagnostic);
    }
    if found.is_async != task.is_async {
        let (got, want) = if task.is_async {
            ("`def`", "`async def`")
        } else {
            ("`async def`", "`def` (not async)")
        };
        out.push(
            Diagnostic::error(
                ASYNC_DIFFERS,
                cx.at(found.keyword_span),
                format!(
                    "function `{}` is {got}, template `{}` declares {want}",
                    found.name, task.name
                ),
            )
            .with_primary_label(format!("should be {want}"))
            .with_label(task.name_at, "template declared here")
            .with_help(help.clone()),
        );
    }
    let want = written_return_annotation(task);
    // No return annotation is `None` to `typing.get_type_hints` as well.
    let none = Norm::Known(Head::None, Vec::new());
    let got = found.returns.as_ref().map_or(&none, |got| &got.norm);
    let same = got.same(&declared(&want));
    if !same {
        let output_at = task.outputs.first().map_or(task.name_at, |o| o.ty_at);
        let (at, got) = match &found.returns {
            Some(got) => (got.span, format!("`{}`", got.text)),
            None => (found.params_span, "missing".to_string()),
        };
        out.push(
            Diagnostic::error(
                RETURN_DIFFERS,
                cx.at(at),
                format!(
                    "the return annotation of `{}` is {got}, template `{}` declares `{want}`",
                    found.name, task.name
                ),
            )
            .with_primary_label(format!("expected `{want}`"))
            .with_label(output_at, "outputs declared here")
            .with_help(help),
        );
    }
    out
}

/// The first difference in parameters: names and order (and `*args`),
/// then each parameter's annotation and default.
fn parameters(cx: &Context<'_>, task: &Task, found: &Function, help: &str) -> Option<Diagnostic> {
    if let Some(variadic) = found.params.iter().find(|p| p.kind == ParamKind::Variadic) {
        return Some(
            Diagnostic::error(
                PARAMETERS_DIFFER,
                cx.at(variadic.span),
                format!(
                    "parameter `{}`: a task takes no *args or **kwargs",
                    variadic.name
                ),
            )
            .with_primary_label("not allowed")
            .with_label(task.name_at, "template declared here")
            .with_help(help.to_string()),
        );
    }
    let names: Vec<&str> = found.params.iter().map(|p| p.name.as_str()).collect();
    let declared_names: Vec<&str> = task.inputs.iter().map(|i| i.name.as_str()).collect();
    if names != declared_names {
        let index = names
            .iter()
            .zip(&declared_names)
            .position(|(a, b)| a != b)
            .unwrap_or(names.len().min(declared_names.len()));
        let at = found
            .params
            .get(index)
            .map_or(found.params_span, |p| p.span);
        let label_at = task.inputs.get(index).map_or(task.name_at, |i| i.at);
        return Some(
            Diagnostic::error(
                PARAMETERS_DIFFER,
                cx.at(at),
                format!(
                    "the parameters of `{}` are ({}), template `{}` declares ({})",
                    found.name,
                    names.join(", "),
                    task.name,
                    declared_names.join(", ")
                ),
            )
            .with_primary_label("first difference")
            .with_label(label_at, "inputs declared here")
            .with_help(help.to_string()),
        );
    }
    for (param, input) in found.params.iter().zip(&task.inputs) {
        let want = written_annotation(&input.ty);
        // An `untyped` input is a parameter without an annotation.
        let same = match &param.annotation {
            Some(got) => !want.is_empty() && got.norm.same(&declared(&want)),
            None => want.is_empty(),
        };
        if !same {
            let (at, got) = match &param.annotation {
                Some(got) => (got.span, format!("annotated `{}`", got.text)),
                None => (param.span, "not annotated".to_string()),
            };
            let declared_type = input.ty.display();
            let in_python = if declared_type == want {
                String::new()
            } else if want.is_empty() {
                " (no annotation in Python)".to_string()
            } else {
                format!(" (`{want}` in Python)")
            };
            let expected = if want.is_empty() {
                "expected no annotation".to_string()
            } else {
                format!("expected `{want}`")
            };
            return Some(
                Diagnostic::error(
                    ANNOTATION_DIFFERS,
                    cx.at(at),
                    format!(
                        "parameter `{}` is {got}, template `{}` declares `{declared_type}`{in_python}",
                        param.name, task.name,
                    ),
                )
                .with_primary_label(expected)
                .with_label(input.ty_at, "type declared here")
                .with_help(help.to_string()),
            );
        }
        let message = match (&param.default, &input.default) {
            (None, None) => None,
            (Some(_), None) => Some(format!(
                "parameter `{}` has a default, template `{}` declares none",
                param.name, task.name
            )),
            (None, Some(want)) => Some(format!(
                "parameter `{}` has no default, template `{}` declares `{}`",
                param.name,
                task.name,
                default_expression(want, &input.ty)
            )),
            (Some(got), Some(want)) => {
                let want = default_expression(want, &input.ty);
                got.value.differs(&value_of_source(&want)).then(|| {
                    format!(
                        "parameter `{}` defaults to `{}`, template `{}` declares `{want}`",
                        param.name, got.text, task.name
                    )
                })
            }
        };
        if let Some(message) = message {
            let at = param.default.as_ref().map_or(param.span, |d| d.span);
            let label_at = input.default_at.unwrap_or(input.at);
            return Some(
                Diagnostic::error(DEFAULT_DIFFERS, cx.at(at), message)
                    .with_primary_label("differs from the template")
                    .with_label(label_at, "input declared here")
                    .with_help(help.to_string()),
            );
        }
    }
    None
}

/// Whether a decorator applies the template's binding. Accepted: the
/// binding imported from the bindings module (`@train` after
/// `from pipelines.flyte_tasks import train`, or after importing `*` from
/// it), and any attribute access ending in the template's name
/// (`@flyte_tasks.train`, `@b.train`): an alias of the bindings module
/// cannot be told from another module without running Python, and a
/// decorator of that name elsewhere is unlikely.
fn is_decorated(cx: &Context<'_>, task: &Task, function: &Function) -> bool {
    let name = python_identifier(&task.name);
    let qualified = format!("{}.{name}", cx.bindings);
    function.decorators.iter().any(|decorator| {
        decorator.resolved == qualified
            || decorator
                .written
                .rsplit_once('.')
                .is_some_and(|(_, last)| last == name)
            || (decorator.written == name
                && cx.summary.imports.star.iter().any(|m| m == cx.bindings))
    })
}

/// `bindings.template`, written with the last segment of the bindings
/// module as the user most likely imports it.
fn decorator_hint(cx: &Context<'_>, task: &Task) -> String {
    decorator_of(cx.bindings, task)
}

/// `bindings.template` for the dotted bindings module `bindings`, written
/// with its last segment (the editor's hover shows it too).
pub(crate) fn decorator_of(bindings: &str, task: &Task) -> String {
    let module = bindings.rsplit('.').next().unwrap_or(bindings);
    format!("{module}.{}", python_identifier(&task.name))
}

/// `async def f(a: int, b: str = "x") -> int`, as the bindings expect it
/// (the editor's hover on a template shows it too).
pub(crate) fn expected_signature(task: &Task, function: &str) -> String {
    let params: Vec<String> = task
        .inputs
        .iter()
        .map(|input| {
            let default = input
                .default
                .as_ref()
                .map(|d| default_expression(d, &input.ty));
            parameter(
                &input.name,
                &written_annotation(&input.ty),
                default.as_deref(),
            )
        })
        .collect();
    let keyword = if task.is_async { "async def" } else { "def" };
    format!(
        "{keyword} {function}({}) -> {}",
        params.join(", "),
        written_return_annotation(task)
    )
}
