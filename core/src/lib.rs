//! The taskc compiler library.
//!
//! The pipeline runs one way: [`syntax`] turns text into an AST with spans,
//! [`semantic`] resolves names, env inheritance and types into a model,
//! [`backend`] turns the model into what Flyte receives. Every stage reports
//! problems as [`diagnostics::Diagnostic`] values; none of them prints.

pub mod diagnostics;
pub mod source;
pub mod syntax;
