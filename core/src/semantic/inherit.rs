//! `extends` chains and the layering of settings: a child env over its
//! parent, a template over its env, an override over its task. Which rule
//! applies to which attribute is the `merge` column of the attribute
//! schema; `schema::overlay` is generated from it with the helpers here.
//!
//! A written value replaces the inherited one whole (the SDK's `clone_with`
//! and `override` semantics); `env_vars +=` and `secrets +=` merge (parent
//! entries first, a child entry with the same key replaces the inherited one
//! in place). Every step is kept in the value's
//! [`Provenance`](super::provenance::Provenance).

use super::model::{EnvVar, Secret};
use super::provenance::{Provenance, Setting};
use crate::syntax::ast::AssignOp;

/// A value that cannot merge: the top one wins whole.
pub(crate) fn replace<T: Clone>(
    base: &Option<Setting<T>>,
    top: &Option<Setting<T>>,
) -> Option<Setting<T>> {
    layer(base, top, |_, child| child.clone())
}

/// `top` over `base`, merging with `merge` when `top` is a `+=` entry.
pub(crate) fn layer<T: Clone>(
    base: &Option<Setting<T>>,
    top: &Option<Setting<T>>,
    merge: impl Fn(&T, &T) -> T,
) -> Option<Setting<T>> {
    match (base, top) {
        (None, None) => None,
        (Some(b), None) => Some(b.clone()),
        (None, Some(t)) => Some(t.clone()),
        (Some(b), Some(t)) if t.provenance.origin.op == AssignOp::Append => {
            let mut contributions = if b.provenance.contributions.is_empty() {
                vec![b.provenance.origin.clone()]
            } else {
                b.provenance.contributions.clone()
            };
            contributions.push(t.provenance.origin.clone());
            let provenance = Provenance {
                origin: t.provenance.origin.clone(),
                shadowed: b.provenance.shadowed.clone(),
                contributions,
            };
            Some(Setting::with_provenance(
                merge(&b.value, &t.value),
                provenance,
            ))
        }
        (Some(b), Some(t)) => Some(b.shadowed_by(t.clone())),
    }
}

/// Parent entries first; a child secret with the same `(group, key)`
/// replaces the inherited one in place.
pub(crate) fn merge_secrets(parent: &[Secret], child: &[Secret]) -> Vec<Secret> {
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
pub(crate) fn merge_env_vars(parent: &[EnvVar], child: &[EnvVar]) -> Vec<EnvVar> {
    let mut out = parent.to_vec();
    for var in child {
        match out.iter_mut().find(|v| v.key == var.key) {
            Some(existing) => *existing = var.clone(),
            None => out.push(var.clone()),
        }
    }
    out
}
