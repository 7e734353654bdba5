//! The rule registry: every lint with its code, name, default level and
//! documentation.
//!
//! A rule is declared in its own file under `rules/` with [`declare_rule!`],
//! whose doc comment becomes [`Rule::docs`]: the text `taskc explain` prints
//! and `docs/rules.md` is generated from. Codes are stable: never renumber
//! or reuse one.

use super::{LintContext, LintLevel};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::suggest::did_you_mean;

/// One lint rule.
pub struct Rule {
    /// `L0001`, …
    pub code: &'static str,
    /// The kebab-case name (`override-no-effect`); accepted wherever a code is.
    pub name: &'static str,
    /// One line: what the rule reports.
    pub summary: &'static str,
    pub default_level: LintLevel,
    /// The rule's doc comment: `## What it does`, `## Why is this bad?`,
    /// `## Example`, `## How to fix`, as Markdown.
    pub docs: &'static str,
    /// Push one warning-severity diagnostic with [`Rule::code`] per finding.
    pub check: fn(&LintContext<'_>, &mut Vec<Diagnostic>),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("code", &self.code)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl Rule {
    /// The documentation with the one space `///` leaves at the start of
    /// each line removed.
    pub fn docs_markdown(&self) -> String {
        let mut out = String::new();
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string()
    }

    /// `L0001` or `override-no-effect` (either case).
    pub fn matches(&self, code_or_name: &str) -> bool {
        self.code.eq_ignore_ascii_case(code_or_name) || self.name.eq_ignore_ascii_case(code_or_name)
    }
}

/// Declare a rule: its doc comment (the fixed sections) becomes
/// [`Rule::docs`].
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $rule:ident = {
            code: $code:literal,
            name: $name:literal,
            summary: $summary:literal,
            level: $level:ident,
            check: $check:path $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub static $rule: $crate::lint::Rule = $crate::lint::Rule {
            code: $code,
            name: $name,
            summary: $summary,
            default_level: $crate::lint::LintLevel::$level,
            docs: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
}
pub(crate) use declare_rule;

/// Every rule, in code order.
pub fn rules() -> &'static [&'static Rule] {
    super::rules::ALL
}

/// The rule with this code or name (case-insensitive).
pub fn find_rule(code_or_name: &str) -> Option<&'static Rule> {
    rules().iter().copied().find(|r| r.matches(code_or_name))
}

/// The closest rule code or name to `code_or_name`, for did-you-mean help.
pub fn suggest_rule(code_or_name: &str) -> Option<&'static str> {
    let candidates = rules().iter().flat_map(|r| [r.code, r.name]);
    did_you_mean(code_or_name, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_sorted_and_well_formed() {
        let mut previous = "";
        for rule in rules() {
            assert!(
                rule.code > previous,
                "{} out of order or repeated",
                rule.code
            );
            assert!(
                rule.code.len() == 5
                    && rule.code.starts_with('L')
                    && rule.code[1..].bytes().all(|b| b.is_ascii_digit()),
                "{}",
                rule.code
            );
            assert!(
                rule.name.split('-').all(|w| !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{} is not kebab-case",
                rule.name
            );
            assert_eq!(
                rules().iter().filter(|r| r.name == rule.name).count(),
                1,
                "{}",
                rule.name
            );
            previous = rule.code;
        }
    }

    #[test]
    fn every_rule_documents_the_fixed_sections_in_order() {
        const SECTIONS: [&str; 4] = [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## How to fix",
        ];
        for rule in rules() {
            let docs = rule.docs_markdown();
            let mut from = 0;
            for section in SECTIONS {
                let at = docs[from..].find(section).unwrap_or_else(|| {
                    panic!("{}: `{section}` missing or out of order", rule.code)
                });
                from += at + section.len();
            }
            assert!(
                docs.contains("```"),
                "{}: the example needs a code block",
                rule.code
            );
        }
    }

    #[test]
    fn every_rule_code_is_registered_with_its_summary() {
        for rule in rules() {
            let info = crate::diagnostics::lookup(rule.code)
                .unwrap_or_else(|| panic!("{} is not in diagnostics/codes.rs", rule.code));
            assert_eq!(info.title, rule.summary, "{}", rule.code);
        }
        for info in crate::diagnostics::registry() {
            if info.code.starts_with('L') {
                assert!(find_rule(info.code).is_some(), "{} has no rule", info.code);
            }
        }
    }

    #[test]
    fn rules_are_found_by_code_or_name_in_any_case() {
        let rule = rules()[0];
        assert_eq!(
            find_rule(&rule.code.to_lowercase()).map(|r| r.code),
            Some(rule.code)
        );
        assert_eq!(
            find_rule(&rule.name.to_uppercase()).map(|r| r.code),
            Some(rule.code)
        );
        assert!(find_rule("L9999").is_none());
    }
}
