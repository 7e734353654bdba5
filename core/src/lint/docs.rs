//! Rule documentation as text: what `taskc explain` prints and the
//! generated `docs/rules.md`.

use super::LintLevel;
use crate::diagnostics::render::{SarifDefaultLevel, SarifLintRule};

use super::Rule;
use super::registry::rules;

pub fn level_word(level: LintLevel) -> &'static str {
    level.word()
}

/// Every rule as the SARIF renderer describes it, in code order.
pub fn sarif_rules() -> Vec<SarifLintRule> {
    rules()
        .iter()
        .map(|rule| SarifLintRule {
            code: rule.code.as_str(),
            name: rule.name,
            summary: rule.summary,
            docs_markdown: rule.docs_markdown(),
            default_level: match rule.default_level {
                LintLevel::Allow => SarifDefaultLevel::Disabled,
                LintLevel::Warn => SarifDefaultLevel::Warning,
                LintLevel::Deny => SarifDefaultLevel::Error,
            },
        })
        .collect()
}

/// `taskc explain L0001`: header line, then the rule's documentation.
pub fn explain_rule(rule: &Rule) -> String {
    format!(
        "{} {}: {}\nDefault level: {}. Set it in taskc.toml: `[lint] {} = \"allow\" | \"warn\" | \"deny\"`.\n\n{}\n",
        rule.code,
        rule.name,
        rule.summary,
        level_word(rule.default_level),
        rule.name,
        rule.docs_markdown()
    )
}

/// The whole of `docs/rules.md`.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Lint rules\n\n\
         <!-- This file is generated from the rule doc comments in core/src/lint/rules/.\n     \
         Regenerate it with: UPDATE_RULES_DOC=1 cargo test -p taskc-core --test lint_rules_doc -->\n\n\
         `taskc check` and `taskc lint` run these rules after semantic analysis, so editors, CI\n\
         and the command line see the same findings at the same levels. `taskc lint` shows only\n\
         lint findings (and errors); `taskc explain CODE` prints a rule's page.\n\n\
         ## Levels\n\n\
         Each rule has a default level. `[lint]` in `taskc.toml` changes it, by code or name:\n\n\
         ```toml\n[lint]\noverride-no-effect = \"deny\"   # an error: `taskc check` exits 1\n\
         L0012 = \"allow\"                # not reported\nundocumented-task = \"warn\"     # off by default\n```\n\n\
         `allow` drops a rule's findings, `warn` reports them as warnings, `deny` as errors. A\n\
         name that is no rule is an error with a did-you-mean. `--deny-warnings` (on `check`\n\
         and `lint`) turns every warning into an error for one run.\n\n\
         ## Suppressions\n\n\
         A `//` comment `taskc: allow(CODE, …)` (codes or names, comma-separated; text after\n\
         the `)` is free, e.g. a reason) suppresses findings whose primary span starts on the\n\
         lines it covers:\n\n\
         - at the end of a line: that line;\n\
         - on its own line: the next line with code; if that line starts a declaration (the\n  \
           comment is one of the declaration's leading comments) or an entry such as\n  \
           `env_vars { … }`, the whole declaration or entry;\n\
         - `//! taskc: allow(…)` anywhere in a file: the whole file.\n\n\
         ```task\n// taskc: allow(secret-value-in-env-vars) -- fixtures, not real keys\n\
         env fixtures {\n  env_vars { GITHUB_TOKEN = \"ghp_0123456789abcdefghijklmnopqrstuvwxyz\" }\n}\n```\n\n\
         `///` doc comments and `/* */` block comments are never read as suppressions. Errors\n\
         (E-codes) cannot be suppressed. A suppression that suppresses nothing is itself\n\
         reported (`unused-suppression`, L0014).\n\n\
         ## Rules\n\n\
         | Code | Name | Default | Reports |\n| --- | --- | --- | --- |\n",
    );
    for rule in rules() {
        out.push_str(&format!(
            "| [{}](#{}) | `{}` | {} | {} |\n",
            rule.code,
            anchor(rule),
            rule.name,
            level_word(rule.default_level),
            rule.summary
        ));
    }
    for rule in rules() {
        out.push_str(&format!(
            "\n### {} {}\n\n{}. Default level: `{}`.\n\n",
            rule.code,
            rule.name,
            capitalized(rule.summary),
            level_word(rule.default_level)
        ));
        // Rule sections become level-4 headings under the rule's heading.
        for line in rule.docs_markdown().lines() {
            if let Some(title) = line.strip_prefix("## ") {
                out.push_str("#### ");
                out.push_str(title);
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
    }
    out
}

/// The Markdown anchor of a rule's heading (`### L0001 override-no-effect`).
fn anchor(rule: &Rule) -> String {
    format!("{}-{}", rule.code.as_str().to_lowercase(), rule.name)
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
