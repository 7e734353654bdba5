use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::context::finding;
use crate::lint::registry::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a deployed template without a `///` doc comment. Off by
    /// default (`allow`); turn it on for workspaces whose tasks are used by
    /// other teams: `undocumented-task = "warn"` in `[lint]`.
    ///
    /// ## Why is this bad?
    /// The doc comment becomes the task's `documentation` in Flyte: the
    /// description people see in the UI and in `flyte get task`. Without
    /// it, callers have only the name to go by.
    ///
    /// ## Example
    /// ```task
    /// env gpu {}
    /// template train in gpu {
    ///   inputs { epochs: int = 10 }
    /// }
    /// ```
    ///
    /// ## How to fix
    /// Add a doc comment; the first paragraph is the short description:
    /// ```task
    /// env gpu {}
    /// /// Train the ranking model on last week's clicks.
    /// template train in gpu {
    ///   inputs { epochs: int = 10 }
    /// }
    /// ```
    pub static UNDOCUMENTED_TASK = {
        code: L0013,
        name: "undocumented-task",
        summary: "deployed task has no doc comment",
        level: Allow,
        check: check,
    }
}

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for task in cx.model.tasks() {
        if !task.deploy || task.docs.short.is_some() || task.docs.long.is_some() {
            continue;
        }
        out.push(
            finding(
                UNDOCUMENTED_TASK.code,
                task.name_at,
                format!("task `{}` has no documentation", task.name),
            )
            .with_primary_label("no `///` doc comment")
            .with_help("add a `///` comment above the template; its first paragraph is the short description"),
        );
    }
}
