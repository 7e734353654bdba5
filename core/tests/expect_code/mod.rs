//! Assertions shared by the snapshot tests: a snapshot shows what a user
//! sees, and these make each test also state which code it is about, so a
//! change that reports another code (with a similar message) fails by name.

#![allow(dead_code)]

use taskc_core::diagnostics::{Code, Diagnostic};

/// Panics unless `diagnostics` hold one with `code`; `render` shows them
/// all when it fails.
pub fn assert_reports(diagnostics: &[Diagnostic], code: Code, render: impl FnOnce() -> String) {
    let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    assert!(
        codes.contains(&code),
        "expected {code} in {codes:?}:\n{}",
        render()
    );
}

/// Panics unless the test `name` starts with `code` (`e0201_wrong_case` is
/// about E0201), so that a test's name and the code it asserts agree.
pub fn assert_named_after(name: &str, code: Code) {
    let prefix = format!("{}_", code.as_str().to_lowercase());
    assert!(
        name.starts_with(&prefix),
        "test `{name}` asserts {code} but is not named after it"
    );
}
