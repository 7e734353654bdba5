use crate::diagnostics::Diagnostic;
use crate::lint::LintContext;
use crate::lint::context::finding;
use crate::lint::registry::declare_rule;
use crate::semantic::model::{DeclRef, Settings};

declare_rule! {
    /// ## What it does
    /// Reports an `env_vars` entry with the same name as the environment
    /// variable a secret of the same env (or override) is exposed as.
    ///
    /// ## Why is this bad?
    /// The task's container gets two values for one variable: the plain
    /// one from the spec and the secret injected at run time. Which one the
    /// code sees depends on how Flyte's secret injection orders them, so a
    /// placeholder value can end up replacing the real secret, or the
    /// reverse. It is almost always a leftover from before the secret
    /// existed.
    ///
    /// ## Example
    /// ```task
    /// env etl {
    ///   secrets = [{ key = "db-password", env_var = "DB_PASSWORD" }]
    ///   env_vars { DB_PASSWORD = "unused" }
    /// }
    /// ```
    ///
    /// ## How to fix
    /// Remove the `env_vars` entry (or rename one of the two):
    /// ```task
    /// env etl {
    ///   secrets = [{ key = "db-password", env_var = "DB_PASSWORD" }]
    /// }
    /// ```
    pub static ENV_VAR_SHADOWS_SECRET = {
        code: L0011,
        name: "env-var-shadows-secret",
        summary: "env var has the same name as a secret's env var",
        level: Warn,
        check: check,
    }
}

fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for env in m.envs() {
        report(out, &env.decl(), &env.settings);
    }
    for o in m.overrides() {
        report(out, &o.decl(), &o.settings);
    }
}

/// Report in the declaration that wrote one of the two (so an env's
/// children do not repeat what their parent already reports).
fn report(out: &mut Vec<Diagnostic>, decl: &DeclRef, settings: &Settings) {
    let (Some(vars), Some(secrets)) = (&settings.env_vars, &settings.secrets) else {
        return;
    };
    let written_here = |p: &crate::semantic::model::Provenance| {
        p.is_declared_in(decl) || p.contributions.iter().any(|o| o.decl == *decl)
    };
    if !written_here(&vars.provenance) && !written_here(&secrets.provenance) {
        return;
    }
    // Each secret's variable once, not once per env var.
    let exposed: Vec<(Option<String>, _)> = secrets
        .value
        .iter()
        .map(|s| (s.effective_env_var(), s))
        .collect();
    for var in &vars.value {
        let Some(&(_, secret)) = exposed
            .iter()
            .find(|(name, _)| name.as_deref() == Some(var.key.as_str()))
        else {
            continue;
        };
        out.push(
            finding(
                ENV_VAR_SHADOWS_SECRET.code,
                var.at,
                format!(
                    "env var `{}` is also set by secret `{}`",
                    var.key, secret.key
                ),
            )
            .with_primary_label("plain value")
            .with_label(
                secret.at,
                format!("secret `{}` is exposed as `{}`", secret.key, var.key),
            )
            .with_help(format!(
                "remove `{}` from `env_vars`, or give the secret another `env_var`",
                var.key
            )),
        );
    }
}
