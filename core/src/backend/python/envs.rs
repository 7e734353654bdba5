//! Envs as `flyte.TaskEnvironment(...)` (roots) and `parent.clone_with(...)`
//! (children), with the fully resolved values: a child passes what differs
//! from its parent, and sets afterwards what `clone_with` does not accept.

use super::expr::{Py, assign};
use super::names::EnvGlobals;
use super::settings::{differing, kwarg, set};
use crate::semantic::model::{Env, Model, TaskKind};

/// What `flyte.TaskEnvironment(...)` takes.
const ROOT_KEYWORDS: &[&str] = &[
    "image",
    "resources",
    "env_vars",
    "secrets",
    "service_account",
    "cache",
    "reusable",
    "interruptible",
    "queue",
    "pod_template",
    "plugin_config",
];

/// What `clone_with(...)` takes (WIRE.md §4).
const CLONE_KEYWORDS: &[&str] = &[
    "image",
    "resources",
    "env_vars",
    "secrets",
    "service_account",
    "cache",
    "reusable",
    "interruptible",
];

/// What a clone copies but cannot be given: set on the clone afterwards.
const ASSIGNED_KEYWORDS: &[&str] = &["queue", "pod_template", "plugin_config"];

/// The envs in workspace order, each after the env it extends.
pub(crate) fn ordered(model: &Model) -> Vec<&Env> {
    let mut done: Vec<&Env> = Vec::new();
    let mut pending: Vec<&Env> = model.envs().iter().collect();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|env| {
            let ready = match &env.extends {
                Some(parent) => {
                    model.env(&parent.value).is_none()
                        || done.iter().any(|d| d.name == parent.value)
                }
                None => true,
            };
            if ready {
                done.push(env);
            }
            !ready
        });
        if pending.len() == before {
            // A cycle (already an error): emit the rest as they are.
            done.append(&mut pending);
        }
    }
    done
}

/// An env holding only query templates: the SDK's
/// `TaskEnvironment.from_task(...)` around plugin tasks, without an image.
fn holds_only_queries(model: &Model, env: &Env) -> bool {
    let mut tasks = model.tasks_in_env(&env.name).peekable();
    tasks.peek().is_some() && tasks.all(|t| matches!(t.kind, TaskKind::Query(_)))
}

fn description(env: &Env) -> Option<Py> {
    env.settings.description.as_ref().map(|d| Py::str(&d.value))
}

/// The statements that create one env.
pub(crate) fn env_statements(model: &Model, globals: &EnvGlobals, env: &Env) -> String {
    let name = globals.get(&env.name);
    let parent = env
        .extends
        .as_ref()
        .and_then(|p| model.env(&p.value))
        .filter(|p| !env.chain.is_empty() && p.name != env.name);
    let Some(parent) = parent else {
        let mut kwargs: Vec<(Option<String>, Py)> = vec![(Some("name".into()), Py::str(&env.name))];
        if let Some(d) = description(env) {
            kwargs.push((Some("description".into()), d));
        }
        let mut settings = set(&env.settings, ROOT_KEYWORDS);
        if holds_only_queries(model, env) {
            settings.retain(|(k, _)| k != "image");
            settings.insert(0, ("image".into(), Py::raw("None")));
        } else if env.settings.image.is_none() {
            // The SDK's own default would follow the importing interpreter.
            let at = settings
                .iter()
                .position(|(k, _)| k != "short_name")
                .unwrap_or(settings.len());
            settings.insert(at, ("image".into(), Py::raw(super::AUTO_IMAGE)));
        }
        kwargs.extend(settings.into_iter().map(|(k, v)| (Some(k), v)));
        return assign(&name, &Py::call("flyte.TaskEnvironment", kwargs));
    };
    let mut args: Vec<(Option<String>, Py)> = vec![(None, Py::str(&env.name))];
    if let Some(d) = description(env)
        && description(parent).map(|p| p.flat()) != Some(d.flat())
    {
        args.push((Some("description".into()), d));
    }
    let mut changed = differing(&env.settings, &parent.settings, CLONE_KEYWORDS);
    // The parent stands for `from_task` without an image, which its clone
    // would inherit: give the clone its own.
    if holds_only_queries(model, parent)
        && !holds_only_queries(model, env)
        && !changed.iter().any(|(k, _)| k == "image")
    {
        let own = kwarg(&env.settings, "image").unwrap_or_else(|| Py::str("auto"));
        changed.insert(0, ("image".into(), own));
    }
    args.extend(changed.into_iter().map(|(k, v)| (Some(k), v)));
    let mut out = assign(
        &name,
        &Py::call(format!("{}.clone_with", globals.get(&parent.name)), args),
    );
    for (keyword, value) in differing(&env.settings, &parent.settings, ASSIGNED_KEYWORDS) {
        out.push_str(&assign(&format!("{name}.{keyword}"), &value));
    }
    out
}

/// `env.depends_on = [...]`, once every env exists (an env may depend on
/// one declared after it).
pub(crate) fn depends_on_statement(globals: &EnvGlobals, env: &Env) -> Option<String> {
    let deps = env.settings.depends_on.as_ref()?;
    let list = Py::List(
        deps.value
            .iter()
            .map(|d| Py::raw(globals.get(&d.value)))
            .collect(),
    );
    Some(assign(
        &format!("{}.depends_on", globals.get(&env.name)),
        &list,
    ))
}
