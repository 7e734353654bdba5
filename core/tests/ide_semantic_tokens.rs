//! Semantic tokens: what each word of a file is, at known positions of a
//! sample that uses every construct.

mod ide_support;

use ide_support::fixture;
use taskc_core::ide::SemanticToken;
use taskc_core::source::Span;

const SAMPLE: &str = r#"/// Shared settings.
env base {
  resources { cpu = 2, memory = "4Gi" }
}
// A child env.
env gpu extends base {
  depends_on = ["base"]
}
type Region = enum { eu, us }
type Params = record pydantic { epochs: int = 10 }
template train in gpu {
  inputs {
    region: Region = eu
    day: datetime
    params: Params = { epochs = 5 }
  }
  timeout = 1h30m
  cache = auto
  retries = 3
  trigger nightly {
    cron = "0 1 * * *"
    active = true
    inputs { day = trigger_time }
  }
}
override train_big of train {}
template bq in base {
  sql bigquery { project_id = "p" }
  deploy = false
  inputs { x: str }
  outputs { results: dataframe }
  query = "SELECT @x FROM t"
}
template box in base {
  container {
    command = ["sh", "-c", "cat {{.inputs.y}}"]
  }
  inputs { y: str }
}
"#;

/// Each token as `text kind[ modifiers]`, in order.
fn render(text: &str, tokens: &[SemanticToken]) -> Vec<String> {
    tokens
        .iter()
        .map(|t| {
            let mut line = format!("{} {:?}", &text[t.span.start..t.span.end], t.kind);
            if t.modifiers.declaration {
                line.push_str(" +declaration");
            }
            if t.modifiers.documentation {
                line.push_str(" +documentation");
            }
            if t.modifiers.default_library {
                line.push_str(" +defaultLibrary");
            }
            line
        })
        .collect()
}

fn tokens_of(text: &str) -> Vec<String> {
    let f = fixture(text);
    let tokens = f.analysis.semantic_tokens(f.file, None);
    render(f.text(f.file), &tokens)
}

/// The token at the `nth` occurrence (0-based) of `needle` in the sample.
fn token_at(needle: &str, nth: usize) -> String {
    let f = fixture(SAMPLE);
    let at = SAMPLE
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} is in the sample"))
        .0;
    let tokens = f.analysis.semantic_tokens(f.file, None);
    let found: Vec<SemanticToken> = tokens.into_iter().filter(|t| t.span.start == at).collect();
    render(SAMPLE, &found).join(" | ")
}

#[test]
fn the_sample_checks_clean() {
    let f = fixture(SAMPLE);
    let codes: Vec<String> = f
        .analysis
        .diagnostics()
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert_eq!(codes, Vec::<String>::new());
}

#[test]
fn keywords_are_tokens() {
    assert_eq!(token_at("env base", 0), "env Keyword");
    assert_eq!(token_at("extends", 0), "extends Keyword");
    assert_eq!(token_at("template train", 0), "template Keyword");
    assert_eq!(token_at(" in gpu", 0), "");
    assert_eq!(token_at("in gpu", 0), "in Keyword");
    assert_eq!(token_at("override", 0), "override Keyword");
    assert_eq!(token_at("of train", 0), "of Keyword");
    assert_eq!(token_at("type Region", 0), "type Keyword");
    assert_eq!(token_at("enum", 0), "enum Keyword");
    assert_eq!(token_at("record", 0), "record Keyword");
    assert_eq!(token_at("pydantic", 0), "pydantic Modifier");
    assert_eq!(token_at("trigger", 0), "trigger Keyword");
    assert_eq!(token_at("sql", 0), "sql Keyword");
    assert_eq!(token_at("true", 0), "true Keyword");
    assert_eq!(token_at("false", 0), "false Keyword");
}

#[test]
fn declarations_and_references_of_names() {
    assert_eq!(token_at("base {", 0), "base Namespace +declaration");
    assert_eq!(token_at("base {", 1), "base Namespace");
    assert_eq!(token_at("gpu {", 0), "gpu Namespace");
    assert_eq!(token_at("train in", 0), "train Function +declaration");
    assert_eq!(token_at("train {}", 0), "train Function");
    assert_eq!(token_at("train_big", 0), "train_big Function +declaration");
    assert_eq!(token_at("Region =", 0), "Region Enum +declaration");
    assert_eq!(token_at("Region = eu", 0), "Region Enum");
    assert_eq!(token_at("Params", 0), "Params Struct +declaration");
    assert_eq!(token_at("int", 0), "int Type +defaultLibrary");
    assert_eq!(token_at("datetime", 0), "datetime Type +defaultLibrary");
    assert_eq!(token_at("nightly", 0), "nightly Event +declaration");
    assert_eq!(token_at("day:", 0), "day Parameter +declaration");
    assert_eq!(token_at("epochs", 0), "epochs Property +declaration");
    assert_eq!(token_at("epochs", 1), "epochs Property");
    assert_eq!(token_at("Params =", 1), "Params Struct");
}

#[test]
fn attribute_keys_members_and_literals() {
    assert_eq!(token_at("resources", 0), "resources Property");
    assert_eq!(token_at("cpu", 0), "cpu Property");
    assert_eq!(token_at("2,", 0), "2 Number");
    assert_eq!(token_at("\"4Gi\"", 0), "\"4Gi\" Number");
    assert_eq!(token_at("1h30m", 0), "1h30m Number");
    assert_eq!(token_at("10 }", 0), "10 Number");
    assert_eq!(token_at("eu,", 0), "eu EnumMember +declaration");
    assert_eq!(token_at("eu\n", 0), "eu EnumMember");
    assert_eq!(token_at("auto", 0), "auto EnumMember");
    assert_eq!(token_at("bigquery", 0), "bigquery EnumMember");
    assert_eq!(token_at("\"0 1 * * *\"", 0), "\"0 1 * * *\" String");
}

#[test]
fn comments_and_doc_comments() {
    assert_eq!(
        token_at("/// Shared", 0),
        "/// Shared settings. Comment +documentation"
    );
    assert_eq!(token_at("// A child", 0), "// A child env. Comment");
}

#[test]
fn strings_are_split_around_the_names_inside_them() {
    let all = tokens_of(SAMPLE);
    let window = |first: &str| -> Vec<String> {
        let at = all
            .iter()
            .position(|t| t == first)
            .unwrap_or_else(|| panic!("{first} in {all:#?}"));
        all[at..at + 3].to_vec()
    };
    assert_eq!(
        window("\"SELECT @ String"),
        ["\"SELECT @ String", "x Parameter", " FROM t\" String"]
    );
    assert_eq!(
        window("\"cat {{.inputs. String"),
        ["\"cat {{.inputs. String", "y Parameter", "}}\" String"]
    );
    assert_eq!(
        window("\" String"),
        ["\" String", "base Namespace", "\" String"]
    );
}

#[test]
fn tokens_are_sorted_and_never_overlap() {
    let f = fixture(SAMPLE);
    let tokens = f.analysis.semantic_tokens(f.file, None);
    assert!(tokens.len() > 60, "{}", tokens.len());
    for pair in tokens.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start, "{pair:?}");
        assert!(!pair[0].span.is_empty());
    }
}

#[test]
fn a_range_keeps_the_tokens_that_meet_it() {
    let f = fixture(SAMPLE);
    let start = SAMPLE.find("type Region").unwrap_or(0);
    let end = start + "type Region".len();
    let tokens = f
        .analysis
        .semantic_tokens(f.file, Some(Span::new(start, end)));
    assert_eq!(
        render(SAMPLE, &tokens),
        ["type Keyword", "Region Enum +declaration"]
    );
}

#[test]
fn a_multi_line_string_is_one_token() {
    let text = "env e {\n  description = \"\"\"\n    a\n    b\n  \"\"\"\n}\n";
    assert_eq!(
        tokens_of(text),
        [
            "env Keyword",
            "e Namespace +declaration",
            "description Property",
            "\"\"\"\n    a\n    b\n  \"\"\" String",
        ]
    );
}

#[test]
fn files_that_do_not_parse_still_get_tokens_for_what_parsed() {
    let tokens = tokens_of("// note\nenv a {}\nenv {\n");
    assert_eq!(
        tokens[..3],
        ["// note Comment", "env Keyword", "a Namespace +declaration"]
    );
}

#[test]
fn a_keyword_written_in_a_comment_between_two_names_is_a_comment() {
    let tokens = tokens_of("env a {}\nenv b /* extends */ extends a {}\n");
    assert_eq!(
        tokens[2..],
        [
            "env Keyword",
            "b Namespace +declaration",
            "/* extends */ Comment",
            "extends Keyword",
            "a Namespace",
        ]
    );
}
