//! Differential conformance against the real SDK on generated programs
//! (`core/tests/difftest.rs`): a seeded generator of valid workspaces, a
//! mutator that breaks them, the check against the SDK and a shrinker.

#![allow(dead_code)]

pub mod assets;
pub mod attrs;
pub mod generate;
pub mod known;
pub mod mutate;
pub mod oracle;
pub mod plugins;
pub mod probe;
pub mod types;
pub mod ws;
