use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::context::finding;
use crate::lint::registry::declare_rule;
use crate::semantic::model::{DeclRef, Settings};
use crate::semantic::schema::same_setting;
use crate::syntax::ast::AssignOp;

declare_rule! {
    /// ## What it does
    /// Reports an attribute a child env or a template writes with exactly
    /// the value it would inherit anyway: from the parent env (`extends`),
    /// or, for a template, from the env it is declared in.
    ///
    /// ## Why is this bad?
    /// The repeated value hides the inheritance: when the parent's value
    /// changes, this copy silently keeps the old one. It also makes the
    /// child look different from the parent when it is not.
    ///
    /// ## Example
    /// ```task
    /// env base { interruptible = true, service_account = "etl" }
    /// env nightly extends base { interruptible = true }
    /// template load in base { service_account = "etl" }
    /// ```
    ///
    /// ## How to fix
    /// Remove the repeated attribute and let it be inherited:
    /// ```task
    /// env base { interruptible = true, service_account = "etl" }
    /// env nightly extends base {}
    /// template load in base {}
    /// ```
    pub static REDUNDANT_INHERITED_VALUE = {
        code: L0009,
        name: "redundant-inherited-value",
        summary: "attribute repeats the value it inherits",
        level: Warn,
        check: check,
    }
}

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for env in m.envs().iter().filter(|e| !e.broken) {
        let Some(parent) = env.extends.as_ref().and_then(|p| m.env(&p.value)) else {
            continue;
        };
        compare(
            out,
            &env.decl(),
            &env.settings,
            &parent.decl(),
            &parent.settings,
        );
    }
    // A task's findings read the task and its env: a task kept from the
    // last analysis (same file, same env) keeps them.
    let mut units = cx.units(REDUNDANT_INHERITED_VALUE.code);
    for task in m.tasks() {
        units.task(task, out, |out| {
            if let Some(env) = m.env(&task.env) {
                compare(
                    out,
                    &task.decl(),
                    &task.settings,
                    &env.decl(),
                    &env.settings,
                );
            }
        });
    }
}

fn compare(
    out: &mut Vec<Diagnostic>,
    decl: &DeclRef,
    own: &Settings,
    parent_decl: &DeclRef,
    parent: &Settings,
) {
    for name in own.set_attributes() {
        let Some(written) = own.provenance(name) else {
            continue;
        };
        if !written.is_declared_in(decl) || written.origin.op == AssignOp::Append {
            continue;
        }
        if same_setting(name, own, parent) != Some(true) {
            continue;
        }
        let Some(inherited) = parent.provenance(name) else {
            continue;
        };
        out.push(
            finding(
                REDUNDANT_INHERITED_VALUE.code,
                written.origin.value,
                format!("{decl} sets `{name}` to the value it inherits from {parent_decl}"),
            )
            .with_primary_label("same value as inherited")
            .with_label(
                inherited.origin.value,
                format!("inherited value set in {} here", inherited.origin.decl),
            )
            .with_help(format!("remove `{name}` here; it is inherited")),
        );
    }
}
