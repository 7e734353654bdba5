//! Where the formatter puts comments: every comment survives, in order, on
//! its own line or at the end of the line it was on. Each snapshot shows the
//! input and the output; every case is also checked for idempotence and an
//! unchanged tree (comments included).

mod fmt_support;

use fmt_support::format_checked;

fn snapshot(name: &str, input: &str) {
    let output = format_checked(input);
    insta::assert_snapshot!(name, format!("{input}\n===== formatted =====\n{output}"));
}

#[test]
fn file_header_and_end_of_file() {
    snapshot(
        "header_and_eof",
        "//! A file-level note.\n// Second line.\n\n\n\n/// The env.\nenv a { x = 1 }\n// after a\n\n\n// end of file\n/* last */",
    );
}

#[test]
fn doc_comments_on_every_documentable_node() {
    snapshot(
        "doc_comments",
        "/// Declaration doc.\n///\n/// Second paragraph.\ntemplate t in e {\n/// Entry doc.\nmodule = \"m\"\n  inputs {\n    /// Field doc.\n    x: int\n  }\n}\n\
         /// Enum doc.\ntype R = enum {\n  /// Member doc.\n  us, eu }\n/// Doc then comment.\n// plain\nenv d {}",
    );
}

#[test]
fn trailing_comments() {
    snapshot(
        "trailing",
        "env a {   // after the brace\n  x = 1 // after x\n  yy = 2    /* block after yy */\n  z { a = 1 } // after a block\n} // after the declaration\n\
         env b {} /* block after b */ // and a line",
    );
}

#[test]
fn trailing_comments_of_consecutive_lines_line_up() {
    snapshot(
        "trailing_aligned",
        "env a {\n  secrets = [\n    \"plain-key\", // one\n    { key = \"db-password\", group = \"prod\" }, // two\n    \"x\",\n    \"y\", // three\n    \"long-enough-value\", // four\n  ]\n  \
         x = 1 // a\n  long_name = 2 // b\n\n  y = 3 // c\n}",
    );
}

#[test]
fn comments_between_entries_keep_their_paragraphs() {
    snapshot(
        "between_entries",
        "env a {\n  // about x\n  x = 1\n\n\n\n  // about y, after blank lines\n\n  y = 2\n  // right after y\n  z = 3\n}",
    );
}

#[test]
fn comments_before_closing_brackets() {
    snapshot(
        "before_closing",
        "env a {\n  x = [\n    1,\n    // last item removed\n  ]\n  y = 1\n\n  // trailing note\n}\nenv b {\n  // nothing yet\n}\nenv c { // nothing yet\n}\ntype E = enum { A\n  // more later\n}",
    );
}

#[test]
fn a_comment_spreads_a_one_line_block() {
    snapshot(
        "spreads_one_line_block",
        "env a {\n  resources { cpu = 1 /* cores */, memory = \"2Gi\" }\n  secrets = [\"a\", /* b */ \"c\"]\n  outputs { x: int, // the count\n  y: str }\n}",
    );
}

#[test]
fn block_comments_spanning_lines_and_nested() {
    snapshot(
        "block_comments",
        "/* A block comment\n   over two lines. */\nenv a {\n  /* own line\n     continued */\n  x = 1 /* nested /* inner */ still */\n}",
    );
}

#[test]
fn comments_inside_entries_stay_inline() {
    snapshot(
        "inside_entries",
        "env /* a */ e /* b */ extends p {\n  x /* before = */ = /* after = */ 1\n  y: dict[str, /* value type */ int /* end */] = {}\n  z: list[ // why\n    int]\n  w: int /* opt */ ?\n}",
    );
}

#[test]
fn comments_in_type_declarations() {
    snapshot(
        "type_declarations",
        "type R = record { // fields\n  a: int // first\n  /// documented\n  b: str\n  // closing\n}\ntype C = record pydantic /* flavor */ { x: int }",
    );
}

#[test]
fn comments_that_look_like_code() {
    snapshot(
        "look_like_code",
        "env a {\n  x = \"// not a comment\"\n  y = \"/* nor this */\"\n  // env b { }\n  //// four slashes\n}\n",
    );
}

#[test]
fn a_doc_comment_never_trails_a_line() {
    snapshot(
        "doc_never_trails",
        "type T = enum { A, /// doc of B\n  B }\nenv e {\n  x = 1 /// doc of y\n  y = 2\n}",
    );
}

#[test]
fn a_doc_comment_before_a_separator_documents_what_follows_it() {
    // Found by the `fmt` fuzz target: the formatter drops the comma, and the
    // doc must mean the same before and after (the member after it).
    let input = "type g=enum{_///\n,a}\ntype T = enum {\n  A /// doc of B\n  , B\n}\nenv e {\n  r { x = 1 /// doc of y\n  , y = 2 }\n}";
    let parsed = taskc_core::syntax::parse(taskc_core::source::FileId(0), input);
    let Some(taskc_core::syntax::ast::Item::Type(t)) = parsed.file.items.get(1) else {
        panic!("type T: {:#?}", parsed.file.items);
    };
    let taskc_core::syntax::ast::TypeDef::Enum { members, .. } = &t.def else {
        panic!("an enum: {:#?}", t.def);
    };
    let doc = |i: usize| {
        members
            .get(i)
            .and_then(|m| m.doc.as_ref())
            .map(|d| d.text.as_str())
    };
    assert_eq!((doc(0), doc(1)), (None, Some("doc of B")));
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    snapshot("doc_before_separator", input);
}

#[test]
fn a_lone_carriage_return_ends_a_line_as_the_lexer_ends_a_comment_there() {
    // Old Mac line endings: the lexer ends `// own line` at the `\r`, so it
    // is a comment of its own line, not a trailing comment of `a = 1`.
    let input =
        "env e {\r  a = 1\r  // own line\r  bb = 2 // trailing\r  // one\r// two\r  c = 3\r}\r";
    let output = format_checked(input);
    assert!(output.contains("  a = 1\n  // own line\n"), "{output}");
    assert!(output.contains("  // one\n  // two\n"), "{output}");
    // The input escaped: a snapshot file keeps no raw `\r`.
    insta::assert_snapshot!(
        "lone_carriage_returns",
        format!("{input:?}\n===== formatted =====\n{output}")
    );
    // Found by the `fmt` fuzz target: formatting this twice differed.
    let found = "//-n\nenv syspa4en{\nnv_vapugclinkszAP = hi\r//\0\0\0\0\u{1}\u{4}\0\0\0\0\0\0spaten{\nnncronEP = hi\r//\0O\0\0\0= hi\r//\0\0\0\0\u{1}\u{4}\0\0\0\0\0\0spaten{\nnncronEP = hi\r//\0O\0\0\0\0\0\0\0\0\0\0\0}o\n}\n";
    format_checked(found);
}
