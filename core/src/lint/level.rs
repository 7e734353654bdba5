//! A lint rule's level: what a finding becomes (`deny` an error, `warn` a
//! warning, `allow` nothing). `taskc.toml` writes levels as words; the
//! workspace layer keeps them as written and [`LintLevel::from_word`] reads
//! them here.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LintLevel {
    Allow,
    Warn,
    Deny,
}

impl LintLevel {
    /// `allow`, `warn` or `deny` as written in `taskc.toml`.
    pub fn from_word(word: &str) -> Option<LintLevel> {
        match word {
            "allow" => Some(LintLevel::Allow),
            "warn" => Some(LintLevel::Warn),
            "deny" => Some(LintLevel::Deny),
            _ => None,
        }
    }

    /// The word `taskc.toml` and the docs use for this level.
    pub fn word(self) -> &'static str {
        match self {
            LintLevel::Allow => "allow",
            LintLevel::Warn => "warn",
            LintLevel::Deny => "deny",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LintLevel;
    use crate::workspace::LINT_LEVEL_WORDS;

    #[test]
    fn every_word_the_config_accepts_is_a_level() {
        for word in LINT_LEVEL_WORDS {
            let level = LintLevel::from_word(word);
            assert_eq!(level.map(LintLevel::word), Some(*word));
        }
        assert_eq!(LintLevel::from_word("warning"), None);
    }
}
