//! Diagnostic codes of the spec backend (E0720–E0759; registered with their
//! explanations in `diagnostics/codes_build.rs`), and E0907 for the image
//! recipe files the backend reads.

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
/// A file or folder an image recipe names cannot be read (its content is
/// part of the image's tag).
pub(crate) const RECIPE_FILE: Code = Code::E0907;
