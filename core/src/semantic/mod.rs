//! Semantic analysis: names, inheritance, types and validations.
//!
//! [`analyze`] takes every parsed file of a workspace and returns a
//! [`Model`] plus every semantic diagnostic, in one run:
//!
//! 1. `namespace`: the names of all files, one namespace per kind (envs;
//!    templates and overrides; types); duplicates and bad env names.
//! 2. `envs` + `inherit`: each env body lowered to typed settings (which
//!    attribute goes where, and how, is the one table of [`schema`])
//!    (`settings` dispatches to `resources`, `secrets`, `cache`, `policies`,
//!    `reusable`, `pod_template`, `links`, `image`, `plugin`), then `extends`
//!    chains resolved with [`provenance`].
//! 3. `templates` (+ `interface`, `sql`, `container`, `template_checks`):
//!    kind, identity, interface (through [`types`] and [`values`]), triggers
//!    (through [`triggers`]), effective settings.
//! 4. `overrides`: the SDK's `override()` set over a resolved task.
//!
//! Backends, lints and editor features read only [`model`].

pub mod triggers;
pub mod types;
pub mod values;

mod accelerators;
mod analyze;
mod attr_values;
pub(crate) mod attrs;
mod cache;
mod container;
mod cron;
mod cx;
mod envs;
mod image;
mod inherit;
mod interface;
mod limits;
mod links;
mod memo;
pub mod model;
mod namespace;
mod options;
mod overrides;
mod plain_values;
pub(crate) mod plugin;
mod plugin_configs;
pub mod pod_helpers;
mod pod_template;
mod policies;
pub mod provenance;
pub(crate) mod python_float;
mod resources;
mod reusable;
mod reusable_checks;
mod same_value;
pub mod schema;
mod secrets;
mod settings;
mod sql;
mod template_checks;
mod template_parts;
mod templates;
mod value_readers;

/// Did-you-mean help, shared by every stage (one policy for all of them).
pub(crate) use crate::diagnostics::suggest;
/// A GPU device string with a deprecated device name in its current
/// spelling (what lint `deprecated-gpu-device` suggests).
pub(crate) use accelerators::current_gpu_spelling;
pub use analyze::{analyze, analyze_with_memo};
pub use memo::AnalysisMemo;
pub use model::Model;
pub use options::SemanticOptions;
/// The placeholders a query refers to, as the checks count them.
pub(crate) use sql::placeholders as sql_placeholders;

/// The SDK's accelerator strings (`"A100:2"`, …) that `resources.gpu`
/// accepts, in the SDK's order: for tools that write workspaces.
pub fn accelerator_strings() -> &'static [&'static str] {
    accelerators::ACCELERATORS
}

/// The closest known name to `name`, for did-you-mean help.
pub(crate) fn suggest_name<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    suggest::did_you_mean(name, candidates.iter().copied())
}
