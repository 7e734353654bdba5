use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::context::finding;
use crate::lint::registry::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `trigger` on a template with an input that has no default
    /// and that the trigger neither sets in `inputs { … }` nor binds to
    /// `trigger_time`.
    ///
    /// ## Why is this bad?
    /// A triggered run gets only the trigger's inputs and the task's
    /// defaults. The SDK does not check that every required input is
    /// covered, so the trigger deploys fine and every run it starts fails
    /// with a missing input, at 3 a.m., with nobody watching.
    ///
    /// ## Example
    /// ```task
    /// env etl {}
    /// template report in etl {
    ///   inputs { day: datetime, region: str }
    ///   trigger nightly { schedule = daily, inputs { day = trigger_time } }
    /// }
    /// ```
    ///
    /// ## How to fix
    /// Set the input in the trigger, or give it a default:
    /// ```task
    /// env etl {}
    /// template report in etl {
    ///   inputs { day: datetime, region: str = "eu" }
    ///   trigger nightly { schedule = daily, inputs { day = trigger_time } }
    /// }
    /// ```
    pub static TRIGGER_INPUT_UNBOUND = {
        code: L0008,
        name: "trigger-input-unbound",
        summary: "trigger leaves a required input without a value",
        level: Warn,
        check: check,
    }
}

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for task in cx.model.tasks() {
        for trigger in &task.triggers {
            if trigger.unbound_inputs.is_empty() {
                continue;
            }
            let names = trigger
                .unbound_inputs
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let (noun, them) = if trigger.unbound_inputs.len() == 1 {
                ("input", "it")
            } else {
                ("inputs", "them")
            };
            let mut d = finding(
                TRIGGER_INPUT_UNBOUND.code,
                trigger.at,
                format!(
                    "trigger `{}` starts runs of `{}` without a value for {noun} {names}",
                    trigger.name, task.name
                ),
            )
            .with_primary_label("every run it starts will fail for a missing input");
            for name in &trigger.unbound_inputs {
                if let Some(input) = task.input(name) {
                    d = d.with_label(input.at, format!("`{name}` has no default"));
                }
            }
            out.push(d.with_help(format!(
                "set {them} in the trigger's `inputs {{ … }}`, or give {them} a default"
            )));
        }
    }
}
