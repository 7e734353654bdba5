//! The taskc compiler library.
//!
//! The pipeline runs one way: [`syntax`] turns text into an AST with spans,
//! [`semantic`] resolves names, env inheritance and types into a model,
//! [`backend`] turns the model into what Flyte receives. Every stage reports
//! problems as [`diagnostics::Diagnostic`] values; none of them prints.

// The pest-generated parser (syntax/grammar.rs) refers to `::alloc`, since
// pest is built without its `std` feature (see the root Cargo.toml).
extern crate alloc;

pub mod backend;
pub mod check;
pub mod diagnostics;
pub mod drift;
pub mod fmt;
pub mod ide;
pub mod lint;
pub mod query;
pub mod semantic;
pub mod source;
pub mod syntax;
pub mod timings;
pub mod workspace;
