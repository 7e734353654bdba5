//! Parsing a changed file with the declaration trees of its last parse
//! (`syntax::parse_reusing`, what the language server does after every
//! keystroke) gives exactly what parsing it afresh gives: same trees, same
//! spans, same diagnostics.

mod proptest_cases;

use std::path::Path;

use taskc_core::source::FileId;
use taskc_core::syntax::{ChunkTrees, parse, parse_reusing};

const FILE: FileId = FileId(0);

/// Every `.task` file of the examples and the conformance cases.
fn corpus() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    let mut dirs = vec![root.join("examples"), root.join("tests/conformance")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "task") {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    files.push((path.display().to_string(), text));
                }
            }
        }
    }
    files.sort();
    assert!(files.len() > 20, "corpus not found: {}", files.len());
    files
}

/// Parse `before` keeping its trees, then `after` reusing them, and compare
/// with a fresh parse of `after`. Returns how many declarations were reused.
fn reparse_matches(name: &str, before: &str, after: &str) -> usize {
    let mut trees = ChunkTrees::new();
    let first = parse_reusing(FILE, before, &mut trees);
    assert_eq!(first, parse(FILE, before), "{name}: first parse");
    let second = parse_reusing(FILE, after, &mut trees);
    assert_eq!(
        second,
        parse(FILE, after),
        "{name}: reparse after the edit differs from a fresh parse"
    );
    trees.reused()
}

/// Byte offsets spread over the text, each on a character boundary.
fn offsets(text: &str, count: usize) -> Vec<usize> {
    let step = (text.len() / count).max(1);
    (0..text.len())
        .step_by(step)
        .filter(|&at| text.is_char_boundary(at))
        .collect()
}

#[test]
fn insertions_anywhere_match_a_fresh_parse() {
    let mut reused = 0;
    for (name, text) in corpus() {
        for at in offsets(&text, 12) {
            for inserted in ["x", "\n", " }", "/// doc\n", "// note\n", "\""] {
                let after = format!("{}{inserted}{}", &text[..at], &text[at..]);
                reused += reparse_matches(&name, &text, &after);
            }
        }
    }
    assert!(reused > 1000, "declarations were hardly reused: {reused}");
}

#[test]
fn deletions_anywhere_match_a_fresh_parse() {
    for (name, text) in corpus() {
        for at in offsets(&text, 12) {
            let end = text[at..]
                .char_indices()
                .nth(3)
                .map_or(text.len(), |(i, _)| at + i);
            let after = format!("{}{}", &text[..at], &text[end..]);
            reparse_matches(&name, &text, &after);
            // And back: the broken text's trees must not leak into the fixed one.
            reparse_matches(&name, &after, &text);
        }
    }
}

#[test]
fn unchanged_declarations_are_reused_and_moved() {
    let before = "/// First.\nenv a {\n  cpu = 1\n}\n\nenv b extends a {\n  memory = \"1Gi\"\n}\n\n/// Third.\ntemplate t in b {\n  module = \"m\"\n}\n";
    let after = before.replace("cpu = 1", "cpu = 12");
    // `a` changed; `b` and `t` moved by one byte and are reused.
    assert_eq!(reparse_matches("three", before, &after), 2);
    // A doc comment of a reused declaration is still attached (not
    // reported as documenting nothing).
    let mut trees = ChunkTrees::new();
    parse_reusing(FILE, before, &mut trees);
    let again = parse_reusing(FILE, &after, &mut trees);
    assert!(again.diagnostics.is_empty(), "{:?}", again.diagnostics);
}

#[test]
fn declarations_with_errors_are_parsed_again() {
    let before = "env a {\n  cpu = \n}\n\nenv b {\n  cpu = 1\n}\n";
    let after = format!("{before}\nenv c {{}}\n");
    // `a` has a syntax error: never reused; `b` follows it, so it is not
    // either (its leading text begins in a broken declaration).
    assert_eq!(reparse_matches("broken", before, &after), 0);
    let fixed = after.replace("cpu = \n", "cpu = 2\n");
    reparse_matches("fixed", &after, &fixed);
}

mod edits {
    //! Random edit sequences on the example file: after every edit, the
    //! reusing parse equals a fresh one.

    use proptest::prelude::*;

    use super::*;
    use crate::proptest_cases::cases_from_env;

    const EXAMPLE: &str = include_str!("data/example.task");

    fn boundary(text: &str, at: usize) -> usize {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "x",
            "\n",
            "{",
            "}",
            "=",
            "\"",
            "///",
            "/// doc\n",
            "//",
            "/*",
            "*/",
            " ",
            "1",
            "env e {}\n",
            "template",
            "é",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases_from_env(128)))]

        #[test]
        fn every_step_of_an_editing_session_matches_a_fresh_parse(
            steps in prop::collection::vec((any::<usize>(), 0usize..12, piece()), 1..12)
        ) {
            let mut text = EXAMPLE.to_owned();
            let mut trees = ChunkTrees::new();
            parse_reusing(FILE, &text, &mut trees);
            for (at, delete, insert) in steps {
                let start = boundary(&text, at);
                let end = boundary(&text, (start + delete).min(text.len())).max(start);
                text.replace_range(start..end, insert);
                let reused = parse_reusing(FILE, &text, &mut trees);
                prop_assert_eq!(reused, parse(FILE, &text), "{:?}", text);
            }
        }
    }
}
