//! Lints: problems that are valid `.task` code but probably not what the
//! author meant (an override that changes nothing, a token pasted into
//! `env_vars`, an env nothing uses, …).
//!
//! Lints run after semantic analysis and read the resolved [`Model`] (and,
//! where they need exact tokens or comments, the AST). The layout follows
//! Ruff: one rule per file under [`rules`], each with a doc comment in fixed
//! sections that `taskc explain` prints and `docs/rules.md` is generated
//! from. [`registry`] lists the rules; [`levels`] applies `[lint]` from
//! `taskc.toml`; [`suppressions`] reads `// taskc: allow(…)` comments.
//!
//! Every rule reports with severity warning; the configured level then
//! turns a finding into an error (`deny`), keeps it (`warn`) or drops it
//! (`allow`).

mod context;
pub mod docs;
mod level;
pub mod levels;
pub mod registry;
pub mod rules;
pub mod suppressions;
mod walk;

pub use context::LintContext;
pub use level::LintLevel;
pub use registry::{Rule, find_rule, rules as all_rules};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, sort_diagnostics};
use crate::workspace::Config;

/// Run every rule over the workspace, then apply the suppression comments
/// and the `[lint]` levels. Returns the lint findings at their final
/// severity plus the diagnostics about the `[lint]` table and the
/// suppression comments themselves, in display order.
pub fn lint_workspace(cx: &LintContext<'_>, config: &Config) -> Vec<Diagnostic> {
    let (levels, mut diagnostics) = levels::Levels::from_config(config);
    // Rules are independent of each other: run them in parallel. `collect`
    // keeps registry order, and the final sort makes the output stable. A
    // rule at `allow` would only have its findings dropped: it does not run.
    let mut findings: Vec<Diagnostic> = registry::rules()
        .par_iter()
        .filter(|rule| levels.level(rule.code) != Some(LintLevel::Allow))
        .flat_map_iter(|rule| {
            let mut out = Vec::new();
            (rule.check)(cx, &mut out);
            debug_assert!(out.iter().all(|d| d.code == rule.code));
            out
        })
        .collect();
    sort_diagnostics(&mut findings);

    let mut suppressions = suppressions::collect(cx);
    let mut kept = suppressions.apply(cx.db, findings);
    // A suppression of a rule that did not run cannot be told unused.
    kept.extend(suppressions.report_unused(&levels));

    diagnostics.extend(levels.apply(kept));
    sort_diagnostics(&mut diagnostics);
    diagnostics
}
