//! The rule registry: every lint with its code, name, default level and
//! documentation.
//!
//! A rule is declared in its own file under `rules/` with [`declare_rule!`],
//! whose doc comment becomes [`Rule::docs`]: the text `taskc explain` prints
//! and `docs/rules.md` is generated from. Codes are stable: never renumber
//! or reuse one.

use super::{LintContext, LintLevel};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::suggest::did_you_mean;

/// One lint rule.
pub struct Rule {
    /// `Code::L0001`, …: `declare_rule!` creates the constant, so the code
    /// is written once, in the rule's file.
    pub code: Code,
    /// The kebab-case name (`override-no-effect`); accepted wherever a code is.
    pub name: &'static str,
    /// One line: what the rule reports.
    pub summary: &'static str,
    pub default_level: LintLevel,
    /// The rule's doc comment: `## What it does`, `## Why is this bad?`,
    /// `## Example`, `## How to fix`, as Markdown.
    pub docs: &'static str,
    /// What the code registry says about the code: where its page is.
    pub explanation: &'static str,
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
        self.code.as_str().eq_ignore_ascii_case(code_or_name)
            || self.name.eq_ignore_ascii_case(code_or_name)
    }
}

/// Declare a rule: its doc comment (the fixed sections) becomes
/// [`Rule::docs`], and its code becomes the constant `Code::$code`, the
/// one place the code is written.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $rule:ident = {
            code: $code:ident,
            name: $name:literal,
            summary: $summary:literal,
            level: $level:ident,
            check: $check:path $(,)?
        }
    ) => {
        impl $crate::diagnostics::Code {
            #[doc = $summary]
            pub const $code: $crate::diagnostics::Code =
                $crate::diagnostics::Code::of_lint_rule(stringify!($code));
        }

        $(#[doc = $doc])*
        pub static $rule: $crate::lint::Rule = $crate::lint::Rule {
            code: $crate::diagnostics::Code::$code,
            name: $name,
            summary: $summary,
            default_level: $crate::lint::LintLevel::$level,
            docs: concat!($($doc, "\n"),*),
            explanation: concat!(
                "A lint (see core/src/lint/rules/). `taskc explain ",
                stringify!($code),
                "` prints the rule's full page."
            ),
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
    let candidates = rules().iter().flat_map(|r| [r.code.as_str(), r.name]);
    did_you_mean(code_or_name, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_sorted_and_well_formed() {
        // `Code::of_lint_rule` already rejects a malformed code at compile
        // time; the order is what `ALL` must keep.
        let mut previous = "";
        for rule in rules() {
            assert!(
                rule.code.as_str() > previous,
                "{} out of order or repeated",
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
            previous = rule.code.as_str();
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
    fn every_rule_code_is_registered_once_with_its_summary() {
        let registry = crate::diagnostics::registry();
        for rule in rules() {
            let entries: Vec<_> = registry.iter().filter(|i| i.code == rule.code).collect();
            assert_eq!(
                entries.len(),
                1,
                "{} registered {} times",
                rule.code,
                entries.len()
            );
            assert_eq!(entries[0].title, rule.summary, "{}", rule.code);
        }
        for info in registry {
            if info.code.as_str().starts_with('L') {
                let rule = find_rule(info.code.as_str());
                assert!(
                    rule.is_some_and(|r| r.code == info.code),
                    "{} has no rule",
                    info.code
                );
            }
        }
    }

    /// A rule declared in a file of `rules/` but left out of `ALL` would
    /// still create its `Code::Lxxxx` constant; it must not go missing
    /// from the registry.
    #[test]
    fn every_declared_rule_is_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lint/rules");
        let mut declared = Vec::new();
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for line in text.lines() {
                if let Some(code) = line.trim().strip_prefix("code: L") {
                    declared.push(format!("L{}", code.trim_end_matches(',')));
                }
            }
        }
        declared.sort();
        let listed: Vec<String> = rules().iter().map(|r| r.code.to_string()).collect();
        assert_eq!(declared, listed);
    }

    #[test]
    fn rules_are_found_by_code_or_name_in_any_case() {
        let rule = rules()[0];
        assert_eq!(
            find_rule(&rule.code.as_str().to_lowercase()).map(|r| r.code),
            Some(rule.code)
        );
        assert_eq!(
            find_rule(&rule.name.to_uppercase()).map(|r| r.code),
            Some(rule.code)
        );
        assert!(find_rule("L9999").is_none());
    }
}
