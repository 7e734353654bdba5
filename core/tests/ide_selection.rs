//! Selection ranges: from the word at the cursor out through the syntax
//! tree to the whole file.

mod ide_support;

use ide_support::{CURSOR, fixture};
use taskc_core::source::Span;

/// The text of each range, innermost first (newlines shown as `⏎`, long
/// texts cut).
fn steps(text_with_cursor: &str) -> Vec<String> {
    let f = fixture(text_with_cursor);
    let text = text_with_cursor.replacen(CURSOR, "", 1);
    let spans = f.analysis.selection_ranges(f.file, f.offset);
    for pair in spans.windows(2) {
        let (inner, outer) = (pair[0], pair[1]);
        assert!(
            outer.start <= inner.start && inner.end <= outer.end && inner != outer,
            "{inner:?} is not strictly inside {outer:?}"
        );
    }
    spans.iter().map(|s| shown(&text, *s)).collect()
}

fn shown(text: &str, span: Span) -> String {
    let slice = text.get(span.start..span.end).unwrap_or("<bad span>");
    let flat = slice.replace('\n', "⏎");
    if flat.chars().count() > 40 {
        let head: String = flat.chars().take(37).collect();
        format!("{head}...")
    } else {
        flat
    }
}

const SAMPLE: &str = r#"/// Shared runtime.
env base {
  resources { cpu = 1, memory = "2Gi" }
}

template train in base {
  inputs { day: list[dataframe[{ when: datetime }]] }
}
"#;

fn at(marker_after: &str) -> String {
    SAMPLE.replacen(marker_after, &format!("{marker_after}{CURSOR}"), 1)
}

#[test]
fn a_value_grows_to_its_entry_block_declaration_and_file() {
    let text = at(r#"memory = "2G"#);
    assert_eq!(
        steps(&text),
        [
            "2Gi",
            r#""2Gi""#,
            r#"memory = "2Gi""#,
            r#"{ cpu = 1, memory = "2Gi" }"#,
            r#"resources { cpu = 1, memory = "2Gi" }"#,
            r#"{⏎  resources { cpu = 1, memory = "2G..."#,
            r#"env base {⏎  resources { cpu = 1, mem..."#,
            // The declaration with its doc, then the whole file.
            r#"/// Shared runtime.⏎env base {⏎  reso..."#,
            r#"/// Shared runtime.⏎env base {⏎  reso..."#,
        ]
    );
}

#[test]
fn a_name_in_a_nested_type_grows_through_each_type() {
    let text = at("when: date");
    let got = steps(&text);
    assert_eq!(
        got[..6],
        [
            "datetime",
            "when: datetime",
            "{ when: datetime }",
            "dataframe[{ when: datetime }]",
            "list[dataframe[{ when: datetime }]]",
            "day: list[dataframe[{ when: datetime }]]",
        ]
    );
    assert!(got[6].starts_with("{ day: "), "{got:?}");
    assert!(got[7].starts_with("inputs {"), "{got:?}");
    assert!(got[8].starts_with("{⏎  inputs"), "{got:?}");
    assert!(got[9].starts_with("template train"), "{got:?}");
    assert_eq!(got.len(), 11, "{got:?}");
}

#[test]
fn a_keyword_is_a_word_inside_its_declaration() {
    let got = steps(&at("template tr"));
    assert_eq!(got[0], "train");
    assert!(got[1].starts_with("template train in base {"), "{got:?}");
    let got = steps(&SAMPLE.replacen("template", &format!("tem{CURSOR}plate"), 1));
    assert_eq!(got[0], "template");
    assert!(got[1].starts_with("template train in base {"), "{got:?}");
}

#[test]
fn the_doc_comment_is_a_step_before_the_documented_declaration() {
    let got = steps(&at("/// Shared"));
    assert_eq!(
        got[..3],
        [
            "Shared",
            "/// Shared runtime.",
            "/// Shared runtime.⏎env base {⏎  reso..."
        ]
    );
}

#[test]
fn a_comment_inside_a_block_is_a_step_of_its_own() {
    let got = steps("env a {\n  cpu = 1 // the le$0ast\n}\n");
    assert_eq!(
        got[..3],
        ["least", "// the least", "{⏎  cpu = 1 // the least⏎}"]
    );
}

#[test]
fn outside_the_file_there_is_nothing_and_between_declarations_only_the_file() {
    let f = fixture(SAMPLE);
    assert!(
        f.analysis
            .selection_ranges(f.file, SAMPLE.len() + 1)
            .is_empty()
    );
    let between = SAMPLE.find("}\n\n").map(|i| i + 2).unwrap_or(0);
    assert_eq!(
        f.analysis.selection_ranges(f.file, between),
        [Span::new(0, SAMPLE.len())]
    );
}
