//! A task's `DeployTaskRequest.triggers` (WIRE.md §5.9): the automation
//! (cron, fixed rate or none), the inputs with the kickoff-time binding, and
//! the run spec, as the SDK's `to_task_trigger` builds them.
//!
//! A trigger's own input values are lowered by their runtime type (a union
//! input's value carries no union wrapper), the task defaults it copies as
//! the task's `default_inputs` have them. Lists and dicts written in a
//! trigger are lowered by the declared type: the SDK would pickle a list
//! (it only sees `list`) and fails on a dict; taskc sends the typed literal.
//!
//! Shapes the SDK always sends, even when empty: `spec.inputs` (`{}`) and
//! `spec.run_spec` (`{}`). Run-spec parts (`envs`, `labels`,
//! `annotations`, `interruptible`) are only set when written.

use taskc_wire::flyteidl2::core::KeyValuePair;
use taskc_wire::flyteidl2::task::{
    Annotations, Cron, Envs, FixedRate, FixedRateUnit, Inputs, Labels, NamedLiteral, RunSpec,
    Schedule as WireSchedule, TaskTrigger, TaskTriggerSpec, TriggerAutomationSpec,
    TriggerAutomationSpecType, schedule, task_trigger_spec, trigger_automation_spec,
};
use taskc_wire::wkt;

use super::flyte_literals::literal;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::semantic::model::Task;
use crate::semantic::triggers::{KICKOFF_CONTEXT_KEY, Schedule, Trigger};
use crate::semantic::types::Type;
use crate::semantic::values::TypedValue;
use crate::source::FileSpan;

/// E0702: a trigger input that names no input of the task.
const UNKNOWN_TRIGGER_INPUT: Code = Code::E0702;
/// E0703: a fixed-rate start time that is not a valid timestamp.
const BAD_START_TIME: Code = Code::E0703;

/// Every trigger of `task`, in declaration order, as `TaskTrigger`s.
/// Trigger inputs are lowered against the task's input types; every value
/// that cannot be lowered is reported (E07xx).
pub fn task_triggers(task: &Task) -> Result<Vec<TaskTrigger>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for trigger in &task.triggers {
        match task_trigger(task, trigger) {
            Ok(t) => out.push(t),
            Err(mut found) => errors.append(&mut found),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn task_trigger(task: &Task, trigger: &Trigger) -> Result<TaskTrigger, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let inputs_at = trigger
        .attributes
        .iter()
        .find(|(name, _)| name == "inputs")
        .map_or(trigger.at, |(_, at)| *at);
    let mut literals = Vec::with_capacity(trigger.literals.len());
    for (name, value) in &trigger.literals {
        let Some(input) = task.input(name) else {
            errors.push(
                Diagnostic::error(
                    UNKNOWN_TRIGGER_INPUT,
                    inputs_at,
                    format!(
                        "trigger `{}` sets `{name}`, which is not an input of the task",
                        trigger.name
                    ),
                )
                .with_primary_label("no such input")
                .with_help("set only inputs the task declares"),
            );
            continue;
        };
        // A value the trigger writes is located on its `inputs` block; a
        // task default it carries over, on the default.
        let written = trigger.inputs.iter().any(|(n, _)| n == name);
        let at = if written {
            inputs_at
        } else {
            input.default_at.unwrap_or(input.at)
        };
        let (value, ty) = if written {
            runtime_typed(value, &input.ty)
        } else {
            (value, &input.ty)
        };
        match literal(value, ty, at) {
            Ok(value) => literals.push(NamedLiteral {
                name: name.clone(),
                value: Some(value),
            }),
            Err(mut found) => errors.append(&mut found),
        }
    }

    let mut context: Vec<KeyValuePair> = trigger
        .context
        .iter()
        .map(|(key, value)| KeyValuePair {
            key: key.clone(),
            value: value.clone(),
        })
        .collect();
    if let Some(kickoff) = &trigger.kickoff_input {
        context.push(KeyValuePair {
            key: KICKOFF_CONTEXT_KEY.to_string(),
            value: kickoff.clone(),
        });
    }

    let automation_spec = match automation(trigger) {
        Ok(spec) => spec,
        Err(diagnostic) => {
            errors.push(*diagnostic);
            TriggerAutomationSpec::default()
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(TaskTrigger {
        name: trigger.name.clone(),
        spec: Some(TaskTriggerSpec {
            active: trigger.active,
            run_spec: Some(run_spec(trigger)),
            description: trigger.description.clone().unwrap_or_default(),
            input_wrapper: Some(task_trigger_spec::InputWrapper::Inputs(Inputs {
                literals,
                context,
            })),
        }),
        automation_spec: Some(automation_spec),
    })
}

/// The SDK converts a trigger's own values with `TypeEngine.to_literal(v,
/// type(v), …)`: by the value's Python type, not the declared one. For a
/// union or optional input the value therefore goes out as its member's
/// literal, without the union wrapper a task default has.
fn runtime_typed<'a>(value: &'a TypedValue, ty: &'a Type) -> (&'a TypedValue, &'a Type) {
    if let TypedValue::Union { variant, value } = value {
        if let Some(member) = ty.union_variants().and_then(|v| v.get(*variant).copied()) {
            return runtime_typed(value, member);
        }
    }
    (value, ty)
}

fn automation(trigger: &Trigger) -> Result<TriggerAutomationSpec, Box<Diagnostic>> {
    let expression = match &trigger.schedule {
        Schedule::Manual => {
            return Ok(TriggerAutomationSpec {
                r#type: TriggerAutomationSpecType::TypeNone as i32,
                automation: None,
            });
        }
        Schedule::Cron {
            expression,
            timezone,
            ..
        } => schedule::Expression::Cron(Cron {
            expression: expression.clone(),
            timezone: timezone.clone(),
        }),
        Schedule::Rate {
            minutes,
            start_time,
            ..
        } => schedule::Expression::Rate(FixedRate {
            value: *minutes,
            unit: FixedRateUnit::Minute as i32,
            start_time: start_time
                .as_deref()
                .map(|text| timestamp(text, trigger.at))
                .transpose()?,
        }),
    };
    Ok(TriggerAutomationSpec {
        r#type: TriggerAutomationSpecType::TypeSchedule as i32,
        automation: Some(trigger_automation_spec::Automation::Schedule(
            WireSchedule {
                kickoff_time_input_arg: trigger.kickoff_input.clone().unwrap_or_default(),
                expression: Some(expression),
            },
        )),
    })
}

fn timestamp(text: &str, at: FileSpan) -> Result<wkt::Timestamp, Box<Diagnostic>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|d| wkt::Timestamp::from(d.with_timezone(&chrono::Utc)))
        .map_err(|_| {
            Box::new(
                Diagnostic::error(
                    BAD_START_TIME,
                    at,
                    format!("the start time {text:?} is not an RFC 3339 date-time"),
                )
                .with_primary_label("in this trigger")
                .with_help("write it like \"2025-01-01T00:00:00Z\""),
            )
        })
}

// `overwrite_cache` is deprecated in flyteidl2 in favour of `cache_config`,
// but the SDK still sets it (conformance case 17_triggers).
#[allow(deprecated)]
fn run_spec(trigger: &Trigger) -> RunSpec {
    let pairs = |entries: &[(String, String)]| -> Vec<KeyValuePair> {
        entries
            .iter()
            .map(|(key, value)| KeyValuePair {
                key: key.clone(),
                value: value.clone(),
            })
            .collect()
    };
    RunSpec {
        labels: (!trigger.labels.is_empty()).then(|| Labels {
            values: trigger.labels.iter().cloned().collect(),
        }),
        annotations: (!trigger.annotations.is_empty()).then(|| Annotations {
            values: trigger.annotations.iter().cloned().collect(),
        }),
        envs: (!trigger.env_vars.is_empty()).then(|| Envs {
            values: pairs(&trigger.env_vars),
        }),
        interruptible: trigger.interruptible.map(|value| wkt::BoolValue { value }),
        overwrite_cache: trigger.overwrite_cache,
        queue: trigger.queue.clone().unwrap_or_default(),
        max_action_concurrency: trigger.max_action_concurrency.unwrap_or_default(),
        notification_settings: super::notifications::notification_settings(
            trigger.notifications.as_ref(),
        ),
        ..RunSpec::default()
    }
}
