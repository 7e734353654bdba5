//! A file that does not parse is never formatted: the result is its syntax
//! errors plus E0950, and the caller keeps the text as it is.

use taskc_core::diagnostics::render::{HumanOptions, render_human};
use taskc_core::diagnostics::{Code, Diagnostic};
use taskc_core::fmt::{NOT_FORMATTED_SYNTAX_ERRORS, format_file, format_source};
use taskc_core::source::SourceDb;

fn refused(text: &str) -> Vec<Diagnostic> {
    match format_source(text) {
        Ok(formatted) => panic!("formatted a broken file:\n{formatted}"),
        Err(diagnostics) => diagnostics,
    }
}

#[test]
fn syntax_errors_are_reported_with_e0950() {
    for text in [
        "env a { x = }",
        "env a { x = \"unterminated }\n",
        "env a { /* unterminated }\n",
        "env a { x = 1 y = 2 }",
        "env a { d = 5parsecs }",
        "stray words\nenv a {}",
        "env a {\n  x = 1\n",
    ] {
        let diagnostics = refused(text);
        let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes.last(), Some(&NOT_FORMATTED_SYNTAX_ERRORS), "{text}");
        assert!(codes.len() >= 2, "{text}: {codes:?}");
        assert!(diagnostics.iter().all(Diagnostic::is_error), "{text}");
    }
}

#[test]
fn warnings_do_not_stop_formatting() {
    // A doc comment that documents nothing is a warning (E0009).
    assert_eq!(
        format_source("env a {x=1}\n/// nothing after me\n").as_deref(),
        Ok("env a {\n  x = 1\n}\n\n/// nothing after me\n")
    );
}

#[test]
fn the_rendered_refusal() {
    let text = "env a {\n  x = 1\n  resources { cpu = }\n}\n";
    let mut db = SourceDb::new();
    let file = db.add("broken.task", text);
    let Err(diagnostics) = format_file(file, text) else {
        panic!("formatted a broken file");
    };
    let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::E0001, NOT_FORMATTED_SYNTAX_ERRORS]);
    insta::assert_snapshot!(render_human(&db, &diagnostics, HumanOptions::default()));
}
