//! `docs/rules.md` is generated from the rule doc comments and must match
//! them. Regenerate it with:
//!
//!     UPDATE_RULES_DOC=1 cargo test -p taskc-core --test lint_rules_doc

use std::path::PathBuf;

fn rules_doc_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("docs")
        .join("rules.md")
}

#[test]
fn docs_rules_md_is_up_to_date() {
    let expected = taskc_core::lint::docs::rules_markdown();
    let path = rules_doc_path();
    if std::env::var_os("UPDATE_RULES_DOC").is_some_and(|v| !v.is_empty()) {
        std::fs::write(&path, &expected).expect("write docs/rules.md");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is out of date with the rule doc comments in core/src/lint/rules/.\n\
         Regenerate it with:\n\n    UPDATE_RULES_DOC=1 cargo test -p taskc-core --test lint_rules_doc\n"
    );
}

#[test]
fn every_rule_has_a_section_in_the_generated_doc() {
    let doc = taskc_core::lint::docs::rules_markdown();
    for rule in taskc_core::lint::all_rules() {
        assert!(
            doc.contains(&format!("\n### {} {}\n", rule.code, rule.name)),
            "{}",
            rule.code
        );
    }
}
