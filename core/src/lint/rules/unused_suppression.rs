use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::registry::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `// taskc: allow(…)` comment, or one code or name in it,
    /// that suppresses nothing: no finding of that rule starts on the lines
    /// it covers, the name is not a lint rule, it names an error code
    /// (errors cannot be suppressed), or the comment cannot be read.
    ///
    /// ## Why is this bad?
    /// Stale suppressions pile up: the problem was fixed, but the comment
    /// stays and will silently hide the next real finding on that line.
    /// A misspelt rule name suppresses nothing while looking as if it did.
    ///
    /// ## Example
    /// ```task
    /// env etl {
    ///   // taskc: allow(secret-value-in-env-var)
    ///   env_vars { LOG_LEVEL = "info" }
    /// }
    /// ```
    ///
    /// ## How to fix
    /// Remove the comment, or correct the rule name:
    /// ```task
    /// env etl {
    ///   env_vars { LOG_LEVEL = "info" }
    /// }
    /// ```
    pub static UNUSED_SUPPRESSION = {
        code: L0014,
        name: "unused-suppression",
        summary: "suppression comment suppresses nothing",
        level: Warn,
        check: check,
    }
}

/// Reported by the suppression pass (`lint/suppressions.rs`), which is the
/// only place that knows which suppressions were used.
fn check(_: &LintContext<'_>, _: &mut Vec<Diagnostic>) {}
