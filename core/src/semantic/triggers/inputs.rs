//! The `inputs { … }` of a trigger: values for the task's inputs, checked
//! against their types, and the input bound to `trigger_time`.

use super::super::cx::Cx;
use super::super::suggest;
use super::super::types::Type;
use super::super::value_readers;
use super::super::values::{self, TypedValue};
use super::{
    NOT_AN_INPUT, SET_TWICE, TRIGGER_TIME_TWICE, TRIGGER_TIME_TYPE, TRIGGER_TIME_UNSCHEDULED, Task,
    WRONG_FORM,
};
use crate::diagnostics::Diagnostic;
use crate::source::Span;
use crate::syntax::ast::{self, ValueKind};

/// The task's input names for messages, sorted: `['a', 'b']`.
fn available_inputs(task: &Task) -> String {
    let mut names: Vec<&str> = task.inputs.iter().map(|i| i.name).collect();
    names.sort_unstable();
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    format!("[{}]", quoted.join(", "))
}

/// The written inputs (`None` on error) and the `trigger_time` binding.
pub(super) fn inputs(
    cx: &mut Cx,
    task: &Task,
    attr: Option<&ast::Attribute>,
    trigger: &ast::Ident,
    scheduled: bool,
) -> (Option<Vec<(String, TypedValue)>>, Option<String>) {
    let Some(attr) = attr else {
        return (Some(Vec::new()), None);
    };
    let ValueKind::Map(body) = &attr.value.kind else {
        let help = "write `inputs { name = value, … }`";
        value_readers::mismatch_with_help(cx, &attr.value, "inputs", "a block", help);
        return (None, None);
    };
    let mut ok = true;
    let mut out: Vec<(String, TypedValue)> = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut kickoff: Option<(String, Span)> = None;
    for entry in &body.entries {
        let ast::Entry::Attr(item) = entry else {
            cx.error(
                WRONG_FORM,
                entry.span(),
                "expected `name = value` in `inputs`",
                "each entry sets one task input: `name = value` or `name = trigger_time`",
            );
            ok = false;
            continue;
        };
        if item.op == ast::AssignOp::Append {
            cx.error(
                WRONG_FORM,
                item.op_span,
                "`+=` is not allowed in `inputs`",
                format!("write `{} = …`", item.key.name),
            );
            ok = false;
            continue;
        }
        let name = item.key.name.as_str();
        if let Some(pos) = out.iter().position(|(n, _)| n == name) {
            cx.push(
                Diagnostic::error(
                    SET_TWICE,
                    cx.at(item.key.span),
                    format!("input `{name}` is set twice in this trigger"),
                )
                .with_primary_label("set again here")
                .with_label(cx.at(spans[pos]), "first set here")
                .with_help("remove one of them"),
            );
            ok = false;
            continue;
        }
        let binds_time = values::is_trigger_time(&item.value);
        if binds_time && !scheduled {
            cx.error(
                TRIGGER_TIME_UNSCHEDULED,
                item.value.span,
                format!(
                    "Trigger '{}' uses TriggerTime, which is only available on schedule (Cron/FixedRate) triggers.",
                    trigger.name
                ),
                "`trigger_time` is the time a scheduled run was due; add `cron = \"…\"`, `rate = …` or `schedule = …`, or set the input to a fixed value",
            );
            ok = false;
            continue;
        }
        let Some(sig) = task.inputs.iter().find(|i| i.name == name) else {
            let message = if binds_time {
                format!(
                    "For a scheduled trigger, the TriggerTime input '{name}' must be an input to the task, but not found in task {}. Available inputs: {}",
                    task.id,
                    available_inputs(task)
                )
            } else {
                format!(
                    "Trigger default input '{name}' must be an input to the task, but not found in task {}. Available inputs: {}",
                    task.id,
                    available_inputs(task)
                )
            };
            let help = suggest::help_did_you_mean(name, task.inputs.iter().map(|i| i.name))
                .unwrap_or_else(|| {
                    if task.inputs.is_empty() {
                        "this task has no inputs; remove the entry".to_string()
                    } else {
                        "a trigger can only set inputs the task declares".to_string()
                    }
                });
            cx.push(
                Diagnostic::error(NOT_AN_INPUT, cx.at(item.key.span), message)
                    .with_primary_label("not an input of this task")
                    .with_help(help),
            );
            ok = false;
            continue;
        };
        if binds_time {
            if !matches!(sig.ty, Type::Datetime)
                && !matches!(sig.ty, Type::Optional(inner) if **inner == Type::Datetime)
            {
                cx.push(
                    Diagnostic::error(
                        TRIGGER_TIME_TYPE,
                        cx.at(item.value.span),
                        format!(
                            "`trigger_time` is a `datetime`, but input `{name}` is `{}`",
                            sig.ty.display()
                        ),
                    )
                    .with_label(sig.at, format!("`{name}` declared here"))
                    .with_help("bind `trigger_time` to a `datetime` input"),
                );
                ok = false;
                continue;
            }
            if let Some((first, first_span)) = &kickoff {
                cx.push(
                    Diagnostic::error(
                        TRIGGER_TIME_TWICE,
                        cx.at(item.value.span),
                        format!("`trigger_time` is already bound to input `{first}`"),
                    )
                    .with_primary_label("bound again here")
                    .with_label(cx.at(*first_span), "bound here first")
                    .with_help("a trigger passes its time to one input; set the other to a value"),
                );
                ok = false;
                continue;
            }
            kickoff = Some((name.to_string(), item.value.span));
            out.push((name.to_string(), TypedValue::TriggerTime));
            spans.push(item.key.span);
            continue;
        }
        match values::check_value(task.types, cx.file, &item.value, sig.ty) {
            Ok(value) => {
                let problems =
                    values::trigger_value(cx.file, item.value.span, name, sig.ty, &value);
                if !problems.is_empty() {
                    cx.diags.extend(problems);
                    ok = false;
                    continue;
                }
                out.push((name.to_string(), value));
                spans.push(item.key.span);
            }
            Err(mut errors) => {
                cx.diags.append(&mut errors);
                ok = false;
            }
        }
    }
    (ok.then_some(out), kickoff.map(|(name, _)| name))
}

/// What the SDK sends as `inputs.literals`.
pub(super) fn literals(task: &Task, inputs: &[(String, TypedValue)]) -> Vec<(String, TypedValue)> {
    let own = inputs
        .iter()
        .filter(|(_, v)| *v != TypedValue::TriggerTime)
        .cloned();
    let defaults = task.inputs.iter().filter_map(|sig| {
        let set = inputs
            .iter()
            .any(|(n, v)| n == sig.name && *v != TypedValue::TriggerTime);
        match (sig.default, set) {
            (Some(default), false) => Some((sig.name.to_string(), default.clone())),
            _ => None,
        }
    });
    own.chain(defaults).collect()
}
