use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::context::finding;
use crate::lint::registry::declare_rule;
use crate::semantic::Model;
use crate::semantic::model::Env;
use crate::syntax::ast::AssignOp;

declare_rule! {
    /// ## What it does
    /// Reports an attribute of an env that no task ever gets: the env has
    /// no templates of its own, and every env that extends it (at any
    /// depth, down to the ones with templates) replaces the attribute with
    /// its own value. `description` is not reported: each env describes
    /// itself.
    ///
    /// ## Why is this bad?
    /// A child env's attribute replaces the parent's whole value (`=` does
    /// not merge). A value that every child replaces is dead: editing it
    /// changes no deployed task, which surprises whoever edits it.
    ///
    /// ## Example
    /// ```task
    /// env base { env_vars { LOG_LEVEL = "info" } }
    /// env cpu extends base { env_vars { MODE = "cpu" } }
    /// env gpu extends base { env_vars { MODE = "gpu" } }
    /// ```
    ///
    /// ## How to fix
    /// Merge into the parent's value with `+=` in the children, or remove
    /// the attribute from the parent:
    /// ```task
    /// env base { env_vars { LOG_LEVEL = "info" } }
    /// env cpu extends base { env_vars += { MODE = "cpu" } }
    /// env gpu extends base { env_vars += { MODE = "gpu" } }
    /// ```
    pub static SHADOWED_ENV_ATTRIBUTE = {
        code: L0007,
        name: "shadowed-env-attribute",
        summary: "env attribute is replaced in every child env",
        level: Warn,
        check: check,
    }
}

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for env in m.envs().iter().filter(|e| !e.broken) {
        if children(m, &env.name).next().is_none() {
            continue; // nothing extends it: `unused-env` covers it if unused
        }
        let decl = env.decl();
        // Every env describes itself: a description replaced in each
        // child is documentation of the parent, not a dead value.
        for name in env
            .settings
            .set_attributes()
            .into_iter()
            .filter(|n| *n != "description")
        {
            let Some(own) = env.settings.provenance(name) else {
                continue;
            };
            if !own.is_declared_in(&decl) {
                continue;
            }
            let mut replaced_at = Vec::new();
            if !fully_replaced(m, env, name, &mut replaced_at, 0) {
                continue;
            }
            let mut d = finding(
                SHADOWED_ENV_ATTRIBUTE.code,
                own.origin.key,
                format!(
                    "`{name}` of env `{}` reaches no task: every env that extends it replaces it",
                    env.name
                ),
            )
            .with_primary_label("never used");
            for (child, at) in replaced_at {
                d = d.with_label(at, format!("replaced in env `{child}`"));
            }
            out.push(d.with_help(format!(
                "merge with `{name} += …` in the children, or remove `{name}` here"
            )));
        }
    }
}

fn children<'a>(m: &'a Model, name: &'a str) -> impl Iterator<Item = &'a Env> + 'a {
    m.children_of(name)
}

/// Whether no task gets `env`'s value of `name`: `env` has no templates,
/// has children, and each child either replaces the value or is itself
/// fully replaced. Records where the children replace it. An env without
/// templates or children is a dead end (`unused-env`), not a replacement.
fn fully_replaced(
    m: &Model,
    env: &Env,
    name: &str,
    replaced_at: &mut Vec<(String, crate::source::FileSpan)>,
    depth: usize,
) -> bool {
    if m.tasks_in_env(&env.name).next().is_some() || depth > m.envs().len() {
        return false;
    }
    let mut any_child = false;
    for child in children(m, &env.name) {
        any_child = true;
        let replaced = child
            .settings
            .provenance(name)
            .filter(|p| p.is_declared_in(&child.decl()) && p.origin.op != AssignOp::Append);
        match replaced {
            Some(p) => replaced_at.push((child.name.clone(), p.origin.key)),
            None => {
                if !fully_replaced(m, child, name, replaced_at, depth + 1) {
                    return false;
                }
            }
        }
    }
    any_child
}
