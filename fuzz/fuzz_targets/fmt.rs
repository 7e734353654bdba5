//! The formatter's guarantees on any text: a text that parses without
//! errors formats to a text that parses to the same tree (spans aside) and
//! formats to itself; a text with syntax errors is refused, not formatted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taskc_core::fmt::{NOT_FORMATTED_SYNTAX_ERRORS, format_source, same_syntax};
use taskc_core::source::FileId;
use taskc_core::syntax::parse;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let original = parse(FileId(0), &text);
    if original.diagnostics.iter().any(|d| d.is_error()) {
        let refused = format_source(&text).err().unwrap_or_default();
        assert!(
            refused
                .iter()
                .any(|d| d.code == NOT_FORMATTED_SYNTAX_ERRORS),
            "a text with syntax errors was formatted"
        );
        return;
    }
    let once = match format_source(&text) {
        Ok(once) => once,
        Err(diagnostics) => panic!("a text that parses was not formatted: {diagnostics:#?}"),
    };
    let reparsed = parse(FileId(0), &once);
    assert!(
        !reparsed.diagnostics.iter().any(|d| d.is_error()),
        "the formatted text does not parse: {:#?}\n--- formatted:\n{once}",
        reparsed.diagnostics
    );
    assert!(
        same_syntax(&original.file, &reparsed.file),
        "formatting changed the tree\n--- formatted:\n{once}"
    );
    let twice = format_source(&once);
    assert_eq!(
        twice.as_ref().ok(),
        Some(&once),
        "formatting is not idempotent"
    );
});
