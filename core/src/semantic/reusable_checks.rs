//! Rules that tie other attributes to a reusable env (WIRE.md §4, §8):
//! reusable envs take no pod template, no plugin, no different service
//! account on a task, and concurrency above 1 only for async tasks.

use super::provenance::{DeclRef, Setting};
use crate::diagnostics::{Code, Diagnostic};

pub(crate) const REUSABLE_CONFLICT: Code = Code::E0311;

/// A conflict between two settings of one declaration, reported only when
/// at least one side is written in `decl` (an inherited conflict was already
/// reported where it was written). The primary label goes on the side that
/// is written here (the second one when both are).
pub(crate) fn conflict<A, B>(
    decl: &DeclRef,
    reusable: &Setting<A>,
    other: &Setting<B>,
    message: &str,
    help: &str,
) -> Option<Diagnostic> {
    let reusable_here = super::envs::is_local(reusable, decl);
    let other_here = super::envs::is_local(other, decl);
    let (primary, secondary, label) = match (reusable_here, other_here) {
        (_, true) => (
            other.origin().key,
            reusable.origin().key,
            format!("reusable set in {} here", reusable.origin().decl),
        ),
        (true, false) => (
            reusable.origin().key,
            other.origin().key,
            format!("set in {} here", other.origin().decl),
        ),
        (false, false) => return None,
    };
    Some(
        Diagnostic::error(REUSABLE_CONFLICT, primary, message)
            .with_label(secondary, label)
            .with_help(help),
    )
}
