//! Questions about a resolved workspace that several front ends ask: the
//! CLI (`taskc why`) and the language server read the same answers. Nothing
//! here prints or knows a protocol; answers are plain values with
//! [`FileSpan`](crate::source::FileSpan)s.

pub mod why;

pub use why::{Effect, WhyAttribute, WhyError, WhyReport, WhyStep, WhySubject, why, why_attribute};
