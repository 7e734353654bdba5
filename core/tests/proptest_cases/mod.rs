//! How many cases a property test runs: `PROPTEST_CASES` when it is set
//! (`PROPTEST_CASES=100000` for a long hunt, `1` for a quick pass), else
//! the test's own default. Every `proptest_config` of these tests takes its
//! count from here, so the variable means the same for all of them.
//!
//! (The `proptest!` macro of proptest 1.2 and later also lets
//! `PROPTEST_CASES` override a test's config; reading it here keeps the
//! count right without relying on that, and in one place.)

/// The case count for a property whose default is `default`.
pub fn cases_from_env(default: u32) -> u32 {
    cases_from(std::env::var("PROPTEST_CASES").ok().as_deref(), default)
}

/// `value` as a case count, else `default` (as proptest reads the
/// variable: a value that is not a number is ignored).
pub fn cases_from(value: Option<&str>, default: u32) -> u32 {
    value
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::cases_from;

    #[test]
    fn the_variable_sets_the_case_count_and_the_default_fills_in() {
        assert_eq!(cases_from(Some("1"), 256), 1);
        assert_eq!(cases_from(Some("100000"), 256), 100_000);
        assert_eq!(cases_from(None, 256), 256);
        assert_eq!(cases_from(Some(""), 256), 256);
        assert_eq!(cases_from(Some("many"), 256), 256);
    }
}
