//! Lint levels: each rule's default, replaced by `[lint]` in `taskc.toml`
//! (a key is a rule code or name; the last line for a rule wins).

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::source::FileSpan;
use crate::workspace::Config;

use super::LintLevel;
use super::registry::{self, find_rule, suggest_rule};

/// `[lint]` names a rule that does not exist: the config's unknown-key code.
const UNKNOWN_KEY: Code = Code::E0911;

/// The level of every rule for one workspace.
#[derive(Debug, Clone)]
pub struct Levels {
    by_code: HashMap<Code, LintLevel>,
}

impl Default for Levels {
    fn default() -> Self {
        Levels {
            by_code: registry::rules()
                .iter()
                .map(|r| (r.code, r.default_level))
                .collect(),
        }
    }
}

impl Levels {
    /// The levels `config` sets, plus a diagnostic for every `[lint]` key
    /// that names no rule.
    pub fn from_config(config: &Config) -> (Levels, Vec<Diagnostic>) {
        let mut levels = Levels::default();
        let mut diagnostics = Vec::new();
        for setting in &config.lint {
            match find_rule(&setting.rule) {
                Some(rule) => {
                    // The config only keeps words it checked are levels.
                    if let Some(level) = LintLevel::from_word(&setting.level) {
                        levels.by_code.insert(rule.code, level);
                    }
                }
                None => {
                    let Some(file) = config.source else { continue };
                    let help = match suggest_rule(&setting.rule) {
                        Some(s) => format!(
                            "did you mean `{s}`? `taskc lint --list-rules` shows every rule"
                        ),
                        None => "`taskc lint --list-rules` shows every rule".to_string(),
                    };
                    diagnostics.push(
                        Diagnostic::error(
                            UNKNOWN_KEY,
                            FileSpan::new(file, setting.span),
                            format!(
                                "`[lint]` names `{}`, which is not a lint rule",
                                setting.rule
                            ),
                        )
                        .with_primary_label("no rule has this code or name")
                        .with_help(help),
                    );
                }
            }
        }
        (levels, diagnostics)
    }

    /// The level of the rule with `code` (lints only; other codes are
    /// `None`).
    pub fn level(&self, code: Code) -> Option<LintLevel> {
        self.by_code.get(&code).copied()
    }

    /// Give each lint finding its level's severity and drop `allow`ed ones.
    /// Diagnostics that are not lints pass through unchanged.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                match self.level(d.code) {
                    Some(LintLevel::Allow) => return None,
                    Some(LintLevel::Warn) => d.severity = Severity::Warning,
                    Some(LintLevel::Deny) => d.severity = Severity::Error,
                    None => {}
                }
                Some(d)
            })
            .collect()
    }
}

/// `--deny-warnings`: every warning becomes an error.
pub fn deny_warnings(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        if d.severity == Severity::Warning {
            d.severity = Severity::Error;
        }
    }
}
