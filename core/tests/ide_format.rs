//! Formatting through the editor API.

mod ide_support;

use ide_support::fixture;

#[test]
fn formatting_returns_one_edit_to_the_canonical_text() {
    let f = fixture("env   base {\n    cache=auto\n}\n");
    let edits = f.analysis.format(f.file).expect("formattable");
    insta::assert_snapshot!(f.apply(&edits));
}

#[test]
fn formatted_text_needs_no_edit() {
    let f = fixture("env base {\n  cache = auto\n}\n");
    assert_eq!(f.analysis.format(f.file), Some(Vec::new()));
}

#[test]
fn a_file_with_syntax_errors_is_not_formatted() {
    let f = fixture("env base {\n  cache = \n}\n");
    assert_eq!(f.analysis.format(f.file), None);
}
