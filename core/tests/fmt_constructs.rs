//! The formatter's output for each construct of the language (LANGUAGE.md
//! §2–§4), written untidily on purpose. Each snapshot shows the input and the
//! output; every case is also checked for idempotence, an unchanged tree and
//! unchanged literal spellings.

mod fmt_support;

use fmt_support::format_checked;

fn snapshot(name: &str, input: &str) {
    let output = format_checked(input);
    insta::assert_snapshot!(name, format!("{input}\n===== formatted =====\n{output}"));
}

#[test]
fn declarations() {
    snapshot(
        "declarations",
        "env base{ }\nenv   gpu   extends   base {}\n\n\n\ntemplate t in gpu{}\noverride o of t {\n}",
    );
}

#[test]
fn declarations_are_separated_by_one_blank_line() {
    snapshot(
        "declaration_spacing",
        "env a { x = 1 }\nenv b { y = 2 }\n\n\n\n\nenv c {\n\n\n  z = 3\n\n\n}",
    );
}

#[test]
fn enum_types() {
    snapshot(
        "enum_types",
        "type Region = enum {\n  /// United States\n  us\n  eu, ap,\n}\ntype Small=enum{a,b,c}\ntype Empty = enum { }",
    );
}

#[test]
fn enum_member_values() {
    snapshot(
        "enum_member_values",
        "type Color = enum{RED=\"r\",GREEN = \"g\" , BLUE}\ntype Long = enum {\n  /// First\n  FIRST_MEMBER = \"first-member-value\" // kept\n  SECOND_MEMBER = \"second-member-value\"\n  THIRD = \"third\"\n}",
    );
}

#[test]
fn record_types() {
    snapshot(
        "record_types",
        "type TrainConfig = record {\n  epochs: int = 10, lr: float? = none\n  tags: list[str]\n}\n\
         type Model = record pydantic {\n  name: str\n}\ntype Plain = record { }\n\
         type Point = record { x: float, y: float }",
    );
}

#[test]
fn attribute_forms() {
    snapshot(
        "attribute_forms",
        "env a {\n  x=1\n  env_vars+={ A = \"1\" }\n  cache{ behavior = override }\n  retries = { count = 5, backoff { base = 10s } }\n}",
    );
}

#[test]
fn quoted_keys() {
    snapshot(
        "quoted_keys",
        "env a {\n  resources { gpu = { device = \"A100\" }, \"smarter-devices/fuse\"=\"1\" }\n  \"quoted-top\" = 2\n}",
    );
}

#[test]
fn fields_labeled_blocks_and_returns() {
    snapshot(
        "fields_labeled_returns",
        "template t in e {\n  inputs { a: int, b: str = \"x\" }\n  outputs {\n  model: file\n  }\n  returns   float\n  trigger nightly { cron = \"0 2 * * *\" }\n  sql bigquery {\n    project_id = \"p\"\n  }\n}",
    );
}

#[test]
fn type_expressions() {
    snapshot(
        "type_expressions",
        "template t in e {\n  inputs {\n    a: int|str|none\n    b: list[int]?\n    c: dict[ str , list[ float ] ]\n    d: tuple[int,str,]\n    e: dataframe[{user_id: str,score: float},\"parquet\"]\n    f: dataframe\n    g: Region??\n    h: dataframe[{\n      a: int, b: str = \"x\"}]\n  }\n}",
    );
}

#[test]
fn literals_keep_their_spelling() {
    snapshot(
        "literals",
        "env a {\n  i = 1_000\n  n = -1\n  f = 0.50\n  e = 1E-3\n  d = 1h30m\n  ms = 500ms\n  \
         s = \"a\\tb\\u{e9}\"\n  b = true\n  z = none\n  w = auto\n  t = \"\"\"\n      keep\n        this\n    \"\"\"\n}",
    );
}

#[test]
fn triple_quoted_strings_are_copied_byte_for_byte() {
    snapshot(
        "triple_quoted",
        "template q in w {\n        query = \"\"\"\n    SELECT 1\n      FROM t   \n\"\"\"\n  args = [\"\"\"\n  a\n  \"\"\", \"b\"]\n}",
    );
}

#[test]
fn lists() {
    snapshot(
        "lists",
        "env a {\n  empty = [ ]\n  short = [1,2,3,]\n  spread = [\n    1, 2\n  ]\n  nested = [[1, 2], [3]]\n  maps = [{ a = 1 }, { b = 2 }]\n}",
    );
}

#[test]
fn maps() {
    snapshot(
        "maps",
        "env a {\n  empty = { }\n  flat = {a=1,b=2}\n  spread = { a = 1\n    b = 2 }\n  opened = {\n    a = 1, b = 2 }\n}",
    );
}

#[test]
fn long_lines_are_spread() {
    snapshot(
        "long_lines",
        "env orchestration {\n  depends_on = [gpu-train, gpu-finetune, tpu-batch, scoring-pool, feature-eng, warehouse, media-tools]\n  \
         sql bigquery { project_id = \"acme-analytics\", location = \"EU\", credentials_secret = \"gcp-analytics-sa\" }\n  \
         links = [{ name = \"Pod logs\", uri = \"https://grafana.acme.dev/explore?pod={pod_name}&project={project}&domain={domain}\" }]\n  \
         description = \"a single string that is longer than the line width stays on its line, since strings are never split\"\n}",
    );
}

#[test]
fn alignment_of_one_line_attributes() {
    snapshot(
        "alignment",
        "env a {\n  image = \"x\"\n  description = \"d\"\n  resources { cpu = 1 }\n  env_vars += { A = \"1\" }\n\n  \
         after_blank = 1\n  b = 2\n  // a comment line ends the run\n  ccc = 3\n  d = 4 // a trailing comment does not\n  \
         eeeee = 5\n  inputs {\n    x: int\n  }\n  f = 6\n}",
    );
}

#[test]
fn alignment_never_pushes_a_fitting_line_past_the_width() {
    snapshot(
        "alignment_width",
        "env a {\n  a_rather_long_attribute_name = 1\n  \
         b = [\"this list fits on its line alone\", \"but not after alignment padding\", \"x\"]\n  c = 3\n}",
    );
}

#[test]
fn entries_on_one_line_with_commas_get_their_own_lines() {
    snapshot(
        "comma_separated_entries",
        "template t in e {\n  trigger nightly {\n    cron = \"0 2 * * *\", timezone = \"Europe/Berlin\"\n  }\n}",
    );
}

#[test]
fn keywords_used_as_names() {
    snapshot(
        "keywords_as_names",
        "env a extends type {\n  cache { behavior = override }\n  type: str\n  returns = 1\n}",
    );
}

#[test]
fn empty_and_whitespace_files() {
    assert_eq!(format_checked(""), "");
    assert_eq!(format_checked("\n\n  \n"), "");
    assert_eq!(
        format_checked("// only\n\n\n// comments"),
        "// only\n\n// comments\n"
    );
}

#[test]
fn line_endings_are_normalised() {
    assert_eq!(
        format_checked("env a {\r\n  x = 1 // c\r\n}\r\n"),
        "env a {\n  x = 1 // c\n}\n"
    );
}

#[test]
fn a_byte_order_mark_is_kept() {
    assert_eq!(
        format_checked("\u{feff}env a {x=1}"),
        "\u{feff}env a {\n  x = 1\n}\n"
    );
}

#[test]
fn the_specification_example() {
    snapshot("spec_example", include_str!("data/example.task"));
}
