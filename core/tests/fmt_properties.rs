//! Property tests of the formatter: on the shipped files, on those files
//! with comments and whitespace shuffled in, on generated values and on
//! random token soup, formatting keeps the tree, every comment and every
//! literal's spelling, and formatting twice changes nothing.

mod fmt_support;
mod proptest_cases;

use fmt_support::{format_checked, shipped_files};
use proptest::prelude::*;
use proptest_cases::cases_from_env;
use taskc_core::fmt::{NOT_FORMATTED_SYNTAX_ERRORS, format_source};
use taskc_core::source::FileId;
use taskc_core::syntax::parse;

fn parses(text: &str) -> bool {
    !parse(FileId(0), text)
        .diagnostics
        .iter()
        .any(|d| d.is_error())
}

/// Check the guarantees if `text` parses; otherwise it must be refused.
fn check_any(text: &str) {
    if parses(text) {
        format_checked(text);
    } else {
        let Err(diagnostics) = format_source(text) else {
            panic!("a file with syntax errors was formatted:\n{text}");
        };
        assert!(
            diagnostics
                .iter()
                .any(|d| d.code == NOT_FORMATTED_SYNTAX_ERRORS)
        );
    }
}

#[test]
fn every_shipped_file_formats_stably() {
    let files = shipped_files();
    assert!(files.len() > 20, "found only {} files", files.len());
    for (name, text) in &files {
        if parses(text) {
            let formatted = format_checked(text);
            assert!(
                formatted.ends_with("}\n") || formatted.ends_with("/\n"),
                "{name}"
            );
        }
    }
}

/// Offsets between tokens: inside a whitespace run that is not in a string
/// or comment.
fn gaps(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\"\"\"") {
            i += 3;
            while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 3;
        } else if bytes[i] == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else if bytes[i..].starts_with(b"//") {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if bytes[i..].starts_with(b"/*") {
            let mut depth = 0;
            while i < bytes.len() {
                if bytes[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if bytes[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else {
            if matches!(bytes[i], b' ' | b'\n') {
                out.push(i);
            }
            i += 1;
        }
    }
    out
}

const INSERTS: &[&str] = &[
    " /* c */ ",
    " // line\n",
    "\n// own line\n",
    "\n\n\n",
    "\n",
    "  ",
    " /* a\n   b */ ",
    "\n/// doc\n",
    " /* /* nested */ */ ",
    "\n\t",
];

/// The shipped files that parse (read once for all cases).
fn shipped_parsing() -> &'static [String] {
    static FILES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        shipped_files()
            .into_iter()
            .map(|(_, text)| text)
            .filter(|text| parses(text))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases_from_env(256)))]

    /// Comments and whitespace dropped between any two tokens of a shipped
    /// file.
    #[test]
    fn comments_and_whitespace_anywhere(
        file in any::<prop::sample::Index>(),
        picks in prop::collection::vec((any::<prop::sample::Index>(), 0..INSERTS.len()), 1..8),
    ) {
        let files = shipped_parsing();
        let mut text = files[file.index(files.len())].clone();
        let mut at: Vec<(usize, &str)> = {
            let gaps = gaps(&text);
            picks.iter().map(|(i, k)| (gaps[i.index(gaps.len())], INSERTS[*k])).collect()
        };
        at.sort_by_key(|a| std::cmp::Reverse(a.0));
        for (offset, insert) in at {
            text.insert_str(offset, insert);
        }
        check_any(&text);
    }

    /// Generated values of every shape, written flat or spread, with
    /// comments inside.
    #[test]
    fn generated_values(value in value_text(), key in "[a-z][a-z_]{0,12}") {
        check_any(&format!("env e {{\n  {key} = {value}\n}}\n"));
        check_any(&format!("env e {{ {key} = {value} }}"));
    }

    /// Random token soup: whatever parses formats correctly.
    #[test]
    fn token_soup(parts in prop::collection::vec(fragment(), 0..40)) {
        check_any(&parts.concat());
    }
}

fn scalar() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "1",
        "-2",
        "1_000",
        "0.5",
        "1e-3",
        "1.5s",
        "90s",
        "1h30m",
        "500ms",
        "true",
        "false",
        "none",
        "auto",
        "eu",
        "\"s\"",
        "\"\\u{e9}\\n\"",
        "\"\"",
        "\"\"\"\n    text\n  \"\"\"",
        "\"a very long string that takes up quite a bit of the line width on its own\"",
    ])
    .prop_map(str::to_owned)
}

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "bb", "long_key_name", "\"quoted/key\"", "k-2"])
        .prop_map(str::to_owned)
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![", ", ",\n", "\n", " /* c */, ", " // c\n", "\n\n"])
}

fn value_text() -> impl Strategy<Value = String> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            (
                prop::collection::vec((inner.clone(), separator()), 0..6),
                any::<bool>()
            )
                .prop_map(|(items, spread)| {
                    let mut text = String::from(if spread { "[\n" } else { "[" });
                    for (i, (item, sep)) in items.iter().enumerate() {
                        if i > 0 {
                            // Lists take commas only.
                            text.push_str(if sep.contains("/*") {
                                " /* c */, "
                            } else {
                                ",\n"
                            });
                        }
                        text.push_str(item);
                    }
                    text.push(']');
                    text
                }),
            (
                prop::collection::vec((key(), inner, separator(), any::<bool>()), 0..6),
                any::<bool>()
            )
                .prop_map(|(entries, spread)| {
                    let mut text = String::from(if spread { "{\n" } else { "{ " });
                    for (i, (key, value, sep, block)) in entries.iter().enumerate() {
                        if i > 0 {
                            text.push_str(sep);
                        }
                        if *block && value.starts_with('{') {
                            text.push_str(&format!("{key} {value}"));
                        } else {
                            text.push_str(&format!("{key} = {value}"));
                        }
                    }
                    text.push_str(" }");
                    text
                }),
        ]
    })
}

fn fragment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "env ",
        "template ",
        "override ",
        "type ",
        " extends ",
        " in ",
        " of ",
        "enum ",
        "record ",
        "returns ",
        "trigger ",
        "x",
        "a-b",
        " = ",
        " += ",
        ": ",
        "{",
        "}",
        "[",
        "]",
        ", ",
        "\n",
        " ",
        "|",
        "?",
        "1",
        "1_000",
        "2h",
        "\"s\"",
        "\"\"\"\n t\n\"\"\"",
        "// c\n",
        "/* c */",
        "/// d\n",
        "int",
        "list[",
        "dict[str, ",
        "dataframe[{c: int}, \"csv\"]",
        "none",
        "true",
    ])
}
