//! Diagnostic codes of the spec backend (E0720–E0759; registered with their
//! explanations in `diagnostics/codes.rs`).

use crate::diagnostics::Code;

/// A function task whose module is known neither from the template nor
/// from `default_module`.
pub(crate) const MISSING_MODULE: Code = Code::E0720;
/// Two artifacts would be written to the same file.
pub(crate) const DUPLICATE_OUTPUT: Code = Code::E0721;
/// An inline pod template whose `pod_spec` cannot take the task's container.
pub(crate) const POD_SPEC_CONTAINER: Code = Code::E0722;
/// A deploy version Flyte rejects (empty or over 63 characters).
pub(crate) const BAD_VERSION: Code = Code::E0723;
