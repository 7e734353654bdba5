//! Every syntax diagnostic, rendered as a user sees it, plus recovery: one
//! broken declaration never hides the others.

mod expect_code;

use taskc_core::diagnostics::render::{HumanOptions, render_human};
use taskc_core::diagnostics::{Code, Diagnostic};
use taskc_core::source::{FileId, SourceDb, Span};
use taskc_core::syntax::ast::Item;
use taskc_core::syntax::{Parsed, parse};

/// Parse `text` as `test.task` and render its diagnostics for the terminal.
fn render(text: &str) -> String {
    let mut db = SourceDb::new();
    let file = db.add("test.task", text);
    let parsed = parse(file, text);
    render_human(&db, &parsed.diagnostics, HumanOptions::default())
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<Code> {
    diagnostics.iter().map(|d| d.code).collect()
}

/// `$name` (named after `$code`): parsing `$text` reports `$code`;
/// snapshot of the rendering.
macro_rules! rendered {
    ($name:ident, $code:ident, $text:expr) => {
        #[test]
        fn $name() {
            let parsed = parse(FileId(0), $text);
            expect_code::assert_named_after(stringify!($name), Code::$code);
            expect_code::assert_reports(&parsed.diagnostics, Code::$code, || render($text));
            insta::assert_snapshot!(stringify!($name), render($text));
        }
    };
}

// E0001: pest errors translated into words.
rendered!(
    e0001_attribute_without_operator,
    E0001,
    "env a {\n  retries 5\n}\n"
);
rendered!(
    e0001_missing_type,
    E0001,
    "template t in e {\n  inputs { x: }\n}\n"
);
rendered!(e0001_missing_value, E0001, "env a {\n  x =\n}\n");
rendered!(e0001_list_without_comma, E0001, "env a {\n  x = [1 2]\n}\n");
rendered!(
    e0001_unclosed_before_next_declaration,
    E0001,
    "env a {\n  x = 1\n\ntemplate t in a { }\n"
);
rendered!(
    e0001_unclosed_at_end_of_file,
    E0001,
    "env a {\n  resources { cpu = 1 }\n"
);
rendered!(e0001_stray_text, E0001, "foo = 1\nenv a {}\n");
rendered!(
    e0001_text_after_declaration,
    E0001,
    "env a { x = 1 } junk\n"
);
rendered!(e0001_bad_type_kind, E0001, "type X = struct { }\n");
rendered!(e0001_template_without_in, E0001, "template t e {}\n");
rendered!(
    e0001_returns_without_type,
    E0001,
    "template t in e { returns }\n"
);
rendered!(
    e0001_empty_generic,
    E0001,
    "template t in e {\n  inputs { x: list[] }\n}\n"
);
rendered!(e0001_double_comma, E0001, "env a { x = 1,, y = 2 }\n");
rendered!(
    e0001_enum_member_value,
    E0001,
    "type Region = enum { us = 1, eu = \"eu-west\" }\n"
);
// E0002, E0003: unterminated strings and comments.
rendered!(
    e0002_unterminated_string,
    E0002,
    "env a {\n  x = \"abc\n}\n"
);
rendered!(
    e0002_unterminated_triple_string,
    E0002,
    "env a {\n  q = \"\"\"abc\n}\n\nenv b {}\n"
);
rendered!(
    e0003_unterminated_block_comment,
    E0003,
    "env a {\n  /* x = 1 /* */\n}\n\nenv b {}\n"
);
// E0004: escapes.
rendered!(e0004_unknown_escape, E0004, "env a {\n  x = \"a\\qb\"\n}\n");
rendered!(e0004_nul_escape, E0004, "env a {\n  x = \"a\\0\"\n}\n");
rendered!(
    e0004_bad_unicode_escape,
    E0004,
    "env a {\n  x = \"\\u{zz}\", y = \"\\u{D800}\"\n}\n"
);
// E0005, E0006: numbers and durations.
rendered!(
    e0005_integer_out_of_range,
    E0005,
    "env a {\n  x = 99999999999999999999\n}\n"
);
rendered!(
    e0006_unknown_duration_unit,
    E0006,
    "env a {\n  timeout = 5x\n}\n"
);
rendered!(
    e0006_duration_units_out_of_order,
    E0006,
    "env a {\n  timeout = 30m1h\n}\n"
);
rendered!(
    e0006_negative_duration,
    E0006,
    "env a {\n  timeout = -5s\n}\n"
);
rendered!(
    e0006_sub_nanosecond_duration,
    E0006,
    "env a {\n  timeout = 1.5ns\n}\n"
);
rendered!(e0006_bad_underscores, E0006, "env a {\n  x = 1__000\n}\n");
// E0008: two entries on one line.
rendered!(
    e0008_missing_separator,
    E0008,
    "env a {\n  x = 1 y = 2\n}\n"
);
rendered!(
    e0008_enum_members_on_one_line,
    E0008,
    "type Region = enum { us eu }\n"
);

#[test]
fn e0008_any_line_break_separates_entries() {
    // `\n`, `\r\n` and a lone `\r` (old Mac files) are line breaks.
    for text in [
        "env a {\n  cpu = 1\n  memory = \"1Gi\"\n}\n",
        "env a {\r\n  cpu = 1\r\n  memory = \"1Gi\"\r\n}\r\n",
        "env a {\r  cpu = 1\r  memory = \"1Gi\"\r}\r",
        "type Region = enum {\r  us\r  eu\r}\r",
    ] {
        let parsed = taskc_core::syntax::parse(taskc_core::source::FileId(0), text);
        assert!(
            parsed.diagnostics.is_empty(),
            "{text:?}: {:#?}",
            parsed.diagnostics
        );
    }
}

// E0009: a doc comment that documents nothing.
rendered!(
    e0009_doc_before_closing_brace,
    E0009,
    "env a {\n  x = 1\n  /// nothing\n}\n"
);

#[test]
fn e0007_nesting_too_deep() {
    let text = format!(
        "env a {{\n  x = {}{}\n}}\n",
        "[".repeat(200),
        "]".repeat(200)
    );
    let parsed = parse(FileId(0), &text);
    expect_code::assert_reports(&parsed.diagnostics, Code::E0007, || render(&text));
    insta::assert_snapshot!("e0007_nesting_too_deep", render(&text));
}

#[test]
fn nesting_at_the_limit_parses() {
    // The body's `{` is one level; 127 more reach the limit. Each shape
    // recurses through different rules (and runs on a test thread's small
    // stack, unoptimized).
    let depth = taskc_core::syntax::MAX_NESTING - 1;
    for text in [
        format!("env a {{ x = {}{} }}", "[".repeat(depth), "]".repeat(depth)),
        format!("env a {{ {} }}", "x { ".repeat(depth) + &"} ".repeat(depth)),
        format!(
            "env a {{ x = {}1{} }}",
            "{ y = ".repeat(depth),
            " }".repeat(depth)
        ),
        format!(
            "template t in e {{ returns {}int{} }}",
            "list[".repeat(depth),
            "]".repeat(depth)
        ),
    ] {
        let parsed = parse(FileId(0), &text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert!(!matches!(parsed.file.items[0], Item::Error(_)));
    }
}

#[test]
fn hundred_thousand_deep_nesting_is_a_diagnostic() {
    for (open, close) in [("[", "]"), ("{", "}"), ("(", ")")] {
        let deep = 100_000;
        for text in [
            format!("env a {{ x = {} }}", open.repeat(deep)),
            format!(
                "env a {{ x = {}{} }}",
                open.repeat(deep),
                close.repeat(deep)
            ),
            format!(
                "template t in e {{ inputs {{ x: {} }} }}",
                "list[".repeat(deep)
            ),
        ] {
            let parsed = parse(FileId(0), &text);
            assert!(codes(&parsed.diagnostics).contains(&Code::E0007), "{open}");
            assert!(matches!(parsed.file.items[0], Item::Error(_)));
        }
    }
    // Outside any declaration the same text is reported as stray text.
    let parsed = parse(FileId(0), &"[".repeat(100_000));
    assert_eq!(codes(&parsed.diagnostics), [Code::E0001]);
}

fn spans(parsed: &Parsed) -> Vec<Span> {
    parsed.diagnostics.iter().map(|d| d.primary.span).collect()
}

#[test]
fn three_broken_declarations_give_three_diagnostics() {
    let text = "\
env base {
  image = \"x\"
}

env broken-one {
  retries 5
}

template good in base {
  inputs { x: int }
}

template broken-two in base {
  inputs { x: }
}

type Fine = enum { A, B }

override broken-three of good {
  retries = [1 2]
}

env last { cache = auto }
";
    let parsed = parse(FileId(0), text);
    assert_eq!(
        codes(&parsed.diagnostics),
        [Code::E0001, Code::E0001, Code::E0001]
    );
    let spans = spans(&parsed);
    assert!(spans[0] != spans[1] && spans[1] != spans[2]);
    assert_eq!(&text[spans[0].start..spans[0].end], "5");
    assert_eq!(&text[spans[1].start..spans[1].end], "}");
    assert_eq!(&text[spans[2].start..spans[2].end], "2");
    let names: Vec<Option<&str>> = parsed
        .file
        .items
        .iter()
        .map(|item| item.name().map(|n| n.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            Some("base"),
            None,
            Some("good"),
            None,
            Some("Fine"),
            None,
            Some("last")
        ]
    );
    insta::assert_snapshot!("three_broken_declarations", render(text));
}

#[test]
fn a_missing_brace_does_not_swallow_the_next_declaration() {
    let text = "env a {\n  x = 1\n\ntemplate t in a {\n  returns int\n}\n";
    let parsed = parse(FileId(0), text);
    assert_eq!(codes(&parsed.diagnostics), [Code::E0001]);
    assert!(matches!(parsed.file.items[0], Item::Error(_)));
    assert!(matches!(parsed.file.items[1], Item::Template(_)));
}

#[test]
fn unterminated_triple_string_resumes_at_the_next_declaration() {
    let text = "env a {\n  q = \"\"\"abc\n}\n\nenv b { x = 1 }\n";
    let parsed = parse(FileId(0), text);
    assert_eq!(codes(&parsed.diagnostics), [Code::E0002]);
    assert_eq!(parsed.file.items.len(), 2);
    assert!(matches!(parsed.file.items[1], Item::Env(_)));
}

#[test]
fn literal_errors_keep_the_declaration() {
    let text = "env a {\n  x = \"\\q\"\n  t = 5x\n  y = 1\n}\n";
    let parsed = parse(FileId(0), text);
    assert_eq!(codes(&parsed.diagnostics), [Code::E0004, Code::E0006]);
    let Item::Env(env) = &parsed.file.items[0] else {
        panic!("expected an env, got {:?}", parsed.file.items[0]);
    };
    assert_eq!(env.body.entries.len(), 3);
}

#[test]
fn every_emitted_code_is_registered() {
    for code in [
        Code::E0001,
        Code::E0002,
        Code::E0003,
        Code::E0004,
        Code::E0005,
        Code::E0006,
        Code::E0007,
        Code::E0008,
        Code::E0009,
    ] {
        assert!(
            taskc_core::diagnostics::lookup(code.as_str()).is_some(),
            "{code}"
        );
    }
}

#[test]
fn doc_comments_of_a_broken_declaration_are_not_reported_again() {
    let text = "/// Docs.\nenv a {\n  /// Inner.\n  retries 5\n}\n";
    let parsed = parse(FileId(0), text);
    assert_eq!(codes(&parsed.diagnostics), [Code::E0001]);
}

#[test]
fn a_doc_comment_at_the_end_of_the_file_is_reported() {
    let text = "env a {}\n/// Dangling.\n";
    let parsed = parse(FileId(0), text);
    assert_eq!(codes(&parsed.diagnostics), [Code::E0009]);
    assert!(!parsed.diagnostics[0].is_error());
}

#[test]
fn stray_text_is_reported_once_per_run() {
    let text = "foo bar baz\nenv a {}\n} ]\nenv b {}\n";
    let parsed = parse(FileId(0), text);
    assert_eq!(codes(&parsed.diagnostics), [Code::E0001, Code::E0001]);
    assert_eq!(parsed.file.items.len(), 2);
}
rendered!(
    e0001_misspelled_declaration_keyword,
    E0001,
    "templte t in e {\n  module = \"m\"\n}\nenv e {}\n"
);

#[test]
fn a_long_stray_token_is_shortened_in_the_message() {
    let text = format!("\"{}\"\nenv a {{}}\n", "x".repeat(10_000));
    let parsed = parse(FileId(0), &text);
    assert_eq!(parsed.diagnostics.len(), 1);
    assert!(
        parsed.diagnostics[0].message.len() < 80,
        "{}",
        parsed.diagnostics[0].message
    );
    assert_eq!(parsed.diagnostics[0].primary.span, Span::new(0, 10_002));
}
