use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::context::finding;
use crate::lint::registry::declare_rule;
use crate::semantic::model::{Override, Reusable, Settings, Task};
use crate::semantic::schema::same_setting;

declare_rule! {
    /// ## What it does
    /// Reports an attribute of an `override` whose value is the one the
    /// task already has, inherited from its env or written on the template,
    /// or, where the task leaves it unset, Flyte's default
    /// (`interruptible = false`, `retries = 0`, `reusable = off` on a task
    /// that is not reusable).
    ///
    /// ## Why is this bad?
    /// An override exists to change something for one call site. A value
    /// that equals the resolved one changes nothing: it is usually a
    /// leftover after the template or env was edited, or a sign that the
    /// override was meant to set another value. Readers assume every line
    /// of an override matters.
    ///
    /// ## Example
    /// ```task
    /// env gpu { interruptible = true }
    /// template train in gpu { retries = 3 }
    /// override train_small of train {
    ///   retries = 3          // same as the template
    ///   interruptible = true // same as env `gpu`
    /// }
    /// ```
    ///
    /// ## How to fix
    /// Remove the attribute from the override, or give it the value the
    /// call site needs:
    /// ```task
    /// env gpu { interruptible = true }
    /// template train in gpu { retries = 3 }
    /// override train_small of train {
    ///   retries = 1
    /// }
    /// ```
    pub static OVERRIDE_NO_EFFECT = {
        code: L0001,
        name: "override-no-effect",
        summary: "override sets the value the task already has",
        level: Warn,
        check: check,
    }
}

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    // An override's findings read it and its task: an override kept from
    // the last analysis (same declaration, same task) keeps them.
    let mut units = cx.units(OVERRIDE_NO_EFFECT.code);
    for o in cx.model.overrides() {
        let Some(task) = cx.model.template(&o.template) else {
            continue;
        };
        units.override_(o, out, |out| check_one(out, o, task));
    }
}

fn check_one(out: &mut Vec<Diagnostic>, o: &Override, task: &Task) {
    let decl = o.decl();
    for name in o.settings.set_attributes() {
        let Some(written) = o.settings.provenance(name) else {
            continue;
        };
        if !written.is_declared_in(&decl) {
            continue;
        }
        let message = format!(
            "override `{}` sets `{name}` to the value task `{}` already has",
            o.name, task.name
        );
        let help = format!(
            "remove `{name}` from the override, or change it to the value this call site needs"
        );
        if same_setting(name, &o.settings, &task.settings) == Some(true)
            && let Some(inherited) = task.settings.provenance(name)
        {
            let from = &inherited.origin.decl;
            out.push(
                finding(OVERRIDE_NO_EFFECT.code, written.origin.value, message)
                    .with_primary_label("same value as inherited")
                    .with_label(
                        inherited.origin.value,
                        format!("the task gets this value from {from} here"),
                    )
                    .with_help(help),
            );
        } else if task.settings.provenance(name).is_none()
            && let Some(default) = flyte_default(name, &o.settings)
        {
            out.push(
                finding(OVERRIDE_NO_EFFECT.code, written.origin.value, message)
                    .with_primary_label(format!("{default}, which the task already has"))
                    .with_help(help),
            );
        }
    }
}

/// When the task leaves `name` unset: does the override write the value the
/// task has by default anyway? Returns how to say that default.
fn flyte_default(name: &str, settings: &Settings) -> Option<&'static str> {
    match name {
        "interruptible" => settings
            .interruptible
            .as_ref()
            .is_some_and(|s| !s.value)
            .then_some("`false` is the default"),
        "reusable" => settings
            .reusable
            .as_ref()
            .is_some_and(|s| s.value == Reusable::Off)
            .then_some("`off` means not reusable"),
        "retries" => settings
            .retries
            .as_ref()
            .is_some_and(|s| s.value.count == 0 && s.value.backoff.is_none())
            .then_some("`0` is the default"),
        _ => None,
    }
}
