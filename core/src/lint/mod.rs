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
mod memo;
pub mod registry;
pub mod rules;
pub mod suppressions;
mod walk;

pub use context::LintContext;
pub use level::LintLevel;
pub use memo::LintMemo;
pub(crate) use memo::MemoRun;
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
    // keeps registry order, and the final sort makes the output stable.
    let mut findings: Vec<Diagnostic> = rules_to_run(&levels)
        .par_iter()
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

/// The rules [`lint_workspace`] runs at these levels: a rule at `allow`
/// would only have its findings dropped, so it does not run and costs
/// nothing however large the workspace.
fn rules_to_run(levels: &levels::Levels) -> Vec<&'static Rule> {
    registry::rules()
        .iter()
        .copied()
        .filter(|rule| levels.level(rule.code) != Some(LintLevel::Allow))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;
    use crate::source::FileId;
    use crate::workspace::parse_config;

    #[test]
    fn a_rule_at_allow_does_not_run() {
        let text = "[lint]\nshadowed-env-attribute = \"allow\"\nL0004 = \"allow\"\n";
        let (config, errors) = parse_config(FileId(0), text);
        assert!(errors.is_empty(), "{errors:?}");
        let (levels, _) = levels::Levels::from_config(&config);
        let running: Vec<Code> = rules_to_run(&levels).iter().map(|r| r.code).collect();
        assert!(!running.contains(&Code::L0007), "{running:?}");
        assert!(!running.contains(&Code::L0004), "{running:?}");
        // `undocumented-task` is `allow` by default; the other rules run.
        assert!(!running.contains(&Code::L0013), "{running:?}");
        assert_eq!(running.len(), registry::rules().len() - 3);
        let defaults = rules_to_run(&levels::Levels::default());
        assert!(defaults.iter().any(|r| r.code == Code::L0007));
    }
}
