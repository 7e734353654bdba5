//! Folding ranges: blocks, lists, doc comment runs, comment runs and
//! triple-quoted strings that span lines.

mod ide_support;

use ide_support::fixture;
use taskc_core::ide::{FoldingKind, FoldingRange};

/// One line per fold: its kind, its lines (1-based, as an editor shows
/// them) and the text of its first line.
fn render(text: &str, folds: &[FoldingRange]) -> String {
    let lines: Vec<&str> = text.lines().collect();
    folds
        .iter()
        .map(|f| {
            format!(
                "{:?} {}-{}: {}\n",
                f.kind,
                f.start_line + 1,
                f.end_line + 1,
                lines.get(f.start_line).map_or("", |l| l.trim())
            )
        })
        .collect()
}

fn folds_of(text: &str) -> String {
    let f = fixture(text);
    render(text, &f.analysis.folding_ranges(f.file))
}

const SAMPLE: &str = r#"// Shared settings for
// every task below.
env base {
  image = "ghcr.io/acme/etl:1.4"
  resources {
    cpu = 1
    memory = "2Gi"
  }
  secrets = [
    "a",
    "b",
  ]
  env_vars { A = "1" }   // one line: no fold
}

/// Train the model.
/// Nightly, on GPUs.
template train in base {
  module = "pipelines.train"
  inputs {
    day: datetime
    cols: dataframe[{
      a: int
    }]
  }
  retries = { count = 5,
    backoff { base = 10s } }
  sql bigquery {
    query = """
      select 1
      """
  }
}

/* A block comment
   over two lines. */
type Region = enum {
  us,
  eu,
}
"#;

#[test]
fn blocks_comments_and_strings_that_span_lines_fold() {
    assert_eq!(
        folds_of(SAMPLE),
        "\
Comment 1-2: // Shared settings for
Block 3-13: env base {
Block 5-7: resources {
Block 9-11: secrets = [
Comment 16-17: /// Train the model.
Block 18-32: template train in base {
Block 20-24: inputs {
Block 22-23: cols: dataframe[{
Block 26-27: retries = { count = 5,
Block 28-31: sql bigquery {
String 29-31: query = \"\"\"
Comment 35-36: /* A block comment
Block 37-39: type Region = enum {
"
    );
}

#[test]
fn a_closing_bracket_after_text_folds_with_the_block() {
    // `}` ends a line that holds an entry: nothing stays behind to show.
    assert_eq!(folds_of("env a {\n  cpu = 1 }\n"), "Block 1-2: env a {\n");
    // Alone on its line, it stays visible; a block with nothing between
    // its lines has nothing to fold.
    assert_eq!(folds_of("env a {\n  cpu = 1\n}\n"), "Block 1-2: env a {\n");
    assert_eq!(folds_of("env a {\n}\n"), "");
}

#[test]
fn comment_runs_break_at_blank_lines_trailing_comments_and_kind_changes() {
    let text = "\
// a
// b

// c
env x { cpu = 1 } // trailing
// d
/// doc one
/// doc two
env y {}
";
    assert_eq!(
        folds_of(text),
        "Comment 1-2: // a\nComment 7-8: /// doc one\n"
    );
}

#[test]
fn one_fold_per_start_line_the_outermost() {
    let text = "env a { resources {\n  cpu = 1\n}\n}\n";
    let f = fixture(text);
    let folds = f.analysis.folding_ranges(f.file);
    assert_eq!(folds.len(), 1, "{folds:?}");
    assert_eq!(folds[0].kind, FoldingKind::Block);
    assert_eq!((folds[0].start_line, folds[0].end_line), (0, 2));
}

#[test]
fn a_file_with_syntax_errors_still_folds_what_parsed_and_its_comments() {
    let text = "// one\n// two\nenv a {\n  cpu = 1\n}\nenv {{{ broken\n";
    let out = folds_of(text);
    assert!(out.contains("Comment 1-2: // one"), "{out}");
    assert!(out.contains("Block 3-4: env a {"), "{out}");
}
