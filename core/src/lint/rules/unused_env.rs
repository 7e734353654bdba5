use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::context::finding;
use crate::lint::registry::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports an `env` that no template is declared `in`, no other env
    /// `extends` and no env names in `depends_on` (deploying that env
    /// deploys it too).
    ///
    /// ## Why is this bad?
    /// Flyte deploys tasks, not environments: an env without tasks and
    /// without children reaches nothing that runs. It is usually left over
    /// after its templates moved, or its templates name a similar env by
    /// mistake. (A workspace with no template at all is not reported: it
    /// is still being written.)
    ///
    /// ## Example
    /// ```task
    /// env gpu { resources { gpu = "A100:1" } }
    /// env gpu-old { resources { gpu = "T4:1" } }   // nothing uses it
    /// template train in gpu {}
    /// ```
    ///
    /// ## How to fix
    /// Remove the env, or declare the templates that should run in it:
    /// ```task
    /// env gpu { resources { gpu = "A100:1" } }
    /// template train in gpu {}
    /// ```
    pub static UNUSED_ENV = {
        code: L0006,
        name: "unused-env",
        summary: "env has no templates and no child envs",
        level: Warn,
        check: check,
    }
}

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    if cx.has_unparsed_declarations() {
        return;
    }
    let m = cx.model;
    // A template `in` (or an env `extends`) an unknown name was probably
    // meant for one of the envs that look unused.
    // (Per env name the templates are in, not per template.)
    let dangling = m.tasks_by_env.keys().any(|env| m.env(env).is_none())
        || m.envs().iter().any(|e| {
            e.extends
                .as_ref()
                .is_some_and(|p| m.env(&p.value).is_none())
        });
    // A workspace without any template deploys nothing yet: it is being
    // written, and every env in it would be reported.
    if dangling || m.tasks().is_empty() {
        return;
    }
    let depended_on: std::collections::HashSet<&str> = m
        .envs()
        .iter()
        .filter_map(|e| e.settings.depends_on.as_ref())
        .flat_map(|deps| deps.value.iter().map(|d| d.value.as_str()))
        .collect();
    for env in m.envs().iter().filter(|e| !e.broken) {
        let has_tasks = m.tasks_in_env(&env.name).next().is_some();
        let has_children = m.children_of(&env.name).next().is_some();
        if has_tasks || has_children || depended_on.contains(env.name.as_str()) {
            continue;
        }
        out.push(
            finding(
                UNUSED_ENV.code,
                env.name_at,
                format!("env `{}` is never used", env.name),
            )
            .with_primary_label("no template is declared in it and no env extends it")
            .with_help(format!(
                "remove it, or declare a template in it: `template <name> in {} {{ … }}`",
                env.name
            )),
        );
    }
}
