//! Property tests: no input makes the parser panic, and every span it
//! reports lies inside the text on character boundaries.

mod proptest_cases;

use proptest::prelude::*;
use proptest_cases::cases_from_env;
use taskc_core::source::{FileId, Span};
use taskc_core::syntax::ast::Item;
use taskc_core::syntax::parse;

const EXAMPLE: &str = include_str!("data/example.task");

fn check(text: &str) {
    let parsed = parse(FileId(0), text);
    let in_text = |span: Span| {
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end)
    };
    for d in &parsed.diagnostics {
        assert!(in_text(d.primary.span), "{d:?} outside {text:?}");
        for label in &d.labels {
            assert!(in_text(label.span), "{d:?} outside {text:?}");
        }
    }
    for item in &parsed.file.items {
        assert!(in_text(item.span()), "{item:?}");
    }
    for comment in &parsed.file.comments {
        assert!(in_text(comment.span));
        assert_eq!(&text[comment.span.start..comment.span.end], comment.text);
    }
    let has_errors = parsed.diagnostics.iter().any(|d| d.is_error());
    let has_error_items = parsed
        .file
        .items
        .iter()
        .any(|i| matches!(i, Item::Error(_)));
    assert!(
        has_errors || !has_error_items,
        "an Item::Error without a diagnostic: {text:?}"
    );
}

/// Fragments that exercise every lexical path of the grammar and scanner.
fn fragment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "env",
        "template",
        "override",
        "type",
        "extends",
        "in",
        "of",
        "enum",
        "record",
        "returns",
        "trigger",
        "x",
        "a-b",
        "_",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "=",
        "+=",
        ":",
        ",",
        "|",
        "?",
        "-",
        ".",
        "\"",
        "\"\"\"",
        "\\",
        "\\u{",
        "\\n",
        "/*",
        "*/",
        "//",
        "///",
        "////",
        "\n",
        "\r\n",
        " ",
        "\t",
        "1",
        "-1",
        "1_000",
        "0.5",
        "1e-3",
        "1h30m",
        "5x",
        "99999999999999999999",
        "true",
        "none",
        "é",
        "😀",
        "\u{0}",
    ])
}

/// An edit of the example file: delete, insert or duplicate a slice.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    Duplicate(usize, usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0usize..80).prop_map(|(at, len)| Edit::Delete(at, len)),
        (any::<usize>(), prop::collection::vec(fragment(), 1..4))
            .prop_map(|(at, parts)| Edit::Insert(at, parts.concat())),
        (any::<usize>(), 0usize..200, any::<usize>())
            .prop_map(|(from, len, to)| Edit::Duplicate(from, len, to)),
    ]
}

/// The nearest character boundary at or before `at` (wrapped into the text).
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &mut String, edit: &Edit) {
    match edit {
        Edit::Delete(at, len) => {
            let start = boundary(text, *at);
            let end = boundary(text, (start + len).min(text.len()));
            text.replace_range(start..end.max(start), "");
        }
        Edit::Insert(at, s) => {
            let at = boundary(text, *at);
            text.insert_str(at, s);
        }
        Edit::Duplicate(from, len, to) => {
            let start = boundary(text, *from);
            let end = boundary(text, (start + len).min(text.len())).max(start);
            let piece = text[start..end].to_owned();
            let to = boundary(text, *to);
            text.insert_str(to, &piece);
        }
    }
}

proptest! {
    // 512 cases by default; `PROPTEST_CASES=100000` for a longer hunt.
    #![proptest_config(ProptestConfig::with_cases(cases_from_env(512)))]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn token_soup_never_panics(parts in prop::collection::vec(fragment(), 0..120)) {
        check(&parts.concat());
    }

    #[test]
    fn token_soup_inside_a_body_never_panics(parts in prop::collection::vec(fragment(), 0..80)) {
        check(&format!("env a {{\n  {}\n}}\n", parts.concat()));
    }

    #[test]
    fn mutated_example_never_panics(edits in prop::collection::vec(edit(), 1..6)) {
        let mut text = EXAMPLE.to_owned();
        for e in &edits {
            apply(&mut text, e);
        }
        check(&text);
    }
}

#[test]
fn the_unmutated_example_is_clean() {
    let parsed = parse(FileId(0), EXAMPLE);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
}

/// Every prefix of the example: each cut point is a realistic half-typed file.
#[test]
fn every_prefix_of_the_example_never_panics() {
    for (i, _) in EXAMPLE.char_indices() {
        check(&EXAMPLE[..i]);
    }
}
