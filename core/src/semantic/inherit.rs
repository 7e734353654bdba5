//! `extends` chains and the layering of settings: a child env over its
//! parent, a template over its env, an override over its task.
//!
//! A written value replaces the inherited one whole (the SDK's `clone_with`
//! and `override` semantics); `env_vars +=` and `secrets +=` merge (parent
//! entries first, a child entry with the same key replaces the inherited one
//! in place). Every step is kept in the value's
//! [`Provenance`](super::provenance::Provenance).

use super::model::{EnvVar, Secret, Settings};
use super::provenance::Setting;
use crate::syntax::ast::AssignOp;

/// `top` layered over `base`.
pub(crate) fn overlay(base: &Settings, top: &Settings) -> Settings {
    Settings {
        image: replace(&base.image, &top.image),
        resources: replace(&base.resources, &top.resources),
        env_vars: layer(&base.env_vars, &top.env_vars, |a, b| merge_env_vars(a, b)),
        secrets: layer(&base.secrets, &top.secrets, |a, b| merge_secrets(a, b)),
        service_account: replace(&base.service_account, &top.service_account),
        cache: replace(&base.cache, &top.cache),
        reusable: replace(&base.reusable, &top.reusable),
        interruptible: replace(&base.interruptible, &top.interruptible),
        queue: replace(&base.queue, &top.queue),
        pod_template: replace(&base.pod_template, &top.pod_template),
        description: replace(&base.description, &top.description),
        depends_on: replace(&base.depends_on, &top.depends_on),
        plugin: replace(&base.plugin, &top.plugin),
        retries: replace(&base.retries, &top.retries),
        timeout: replace(&base.timeout, &top.timeout),
        short_name: replace(&base.short_name, &top.short_name),
        report: replace(&base.report, &top.report),
        entrypoint: replace(&base.entrypoint, &top.entrypoint),
        debuggable: replace(&base.debuggable, &top.debuggable),
        produces_artifacts: replace(&base.produces_artifacts, &top.produces_artifacts),
        max_inline_io_bytes: replace(&base.max_inline_io_bytes, &top.max_inline_io_bytes),
        links: replace(&base.links, &top.links),
    }
}

/// A value that cannot merge: the top one wins whole.
fn replace<T: Clone>(base: &Option<Setting<T>>, top: &Option<Setting<T>>) -> Option<Setting<T>> {
    layer(base, top, |_, child| child.clone())
}

fn layer<T: Clone>(
    base: &Option<Setting<T>>,
    top: &Option<Setting<T>>,
    merge: impl Fn(&T, &T) -> T,
) -> Option<Setting<T>> {
    match (base, top) {
        (None, None) => None,
        (Some(b), None) => Some(b.clone()),
        (None, Some(t)) => Some(t.clone()),
        (Some(b), Some(t)) if t.provenance.origin.op == AssignOp::Append => {
            let mut merged = t.clone();
            merged.value = merge(&b.value, &t.value);
            let mut contributions = if b.provenance.contributions.is_empty() {
                vec![b.provenance.origin.clone()]
            } else {
                b.provenance.contributions.clone()
            };
            contributions.push(t.provenance.origin.clone());
            merged.provenance.contributions = contributions;
            merged.provenance.shadowed = b.provenance.shadowed.clone();
            Some(merged)
        }
        (Some(b), Some(t)) => Some(b.clone().shadowed_by(t.clone())),
    }
}

/// Parent entries first; a child secret with the same `(group, key)`
/// replaces the inherited one in place.
fn merge_secrets(parent: &[Secret], child: &[Secret]) -> Vec<Secret> {
    let mut out = parent.to_vec();
    for secret in child {
        match out
            .iter_mut()
            .find(|s| s.key == secret.key && s.group == secret.group)
        {
            Some(existing) => *existing = secret.clone(),
            None => out.push(secret.clone()),
        }
    }
    out
}

/// Parent entries first; a child key replaces the parent's value in place.
fn merge_env_vars(parent: &[EnvVar], child: &[EnvVar]) -> Vec<EnvVar> {
    let mut out = parent.to_vec();
    for var in child {
        match out.iter_mut().find(|v| v.key == var.key) {
            Some(existing) => *existing = var.clone(),
            None => out.push(var.clone()),
        }
    }
    out
}
