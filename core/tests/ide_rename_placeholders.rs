//! Renaming an input edits every place `taskc check` counts as a use of it,
//! and nothing else: SQL placeholders and container input references come
//! from the semantic pass, so quotes, comments, `%%` and `{{.Inputs.x}}`
//! are read exactly as the checker reads them.

mod ide_support;

use ide_support::fixture;
use taskc_core::check::check_workspace;
use taskc_core::ide::TextEdit;
use taskc_core::source::SourceDb;
use taskc_core::workspace::Config;

/// Rename at the cursor, apply the edits to every file, and return the new
/// texts with what `taskc check` reports about them (codes only).
fn rename_and_check(text: &str, new_name: &str) -> (Vec<String>, Vec<String>) {
    let f = fixture(text);
    let edits: Vec<TextEdit> = match f.analysis.rename(f.file, f.offset, new_name) {
        Ok(edits) => edits,
        Err(e) => panic!("rename failed: {e}"),
    };
    let mut db = SourceDb::new();
    let mut texts = Vec::new();
    for (id, file) in f.analysis.db().iter() {
        let mut mine: Vec<&TextEdit> = edits.iter().filter(|e| e.file == id).collect();
        mine.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut text = file.text.to_string();
        for e in mine {
            text.replace_range(e.span.start..e.span.end, &e.new_text);
        }
        db.add(file.path.clone(), text.clone());
        texts.push(text);
    }
    let output = check_workspace(&db, &fixture_config());
    let codes = output
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    (texts, codes)
}

/// Diagnostics of the fixture as written (it must be clean to begin with).
fn check_as_written(text: &str) -> Vec<String> {
    let f = fixture(text);
    let output = check_workspace(f.analysis.db(), &fixture_config());
    output
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

/// The fixture's configuration: templates that name no module use `tasks`.
fn fixture_config() -> Config {
    let mut config = Config::default();
    config.flyte.default_module = Some("tasks".to_string());
    config
}

const WORKSPACE: &str = r#"env base {}

template bq in base {
  sql bigquery { project_id = "p" }
  deploy = false
  inputs { x: str }
  outputs { results: dataframe }
  query = """
    SELECT @x, '@x in a string', `@x` -- @x in a comment
    FROM t /* @x */ WHERE a = @x AND b = @@x_system
  """
}

template sf in base {
  sql snowflake { account = "a", user = "u", database = "d", schema = "s", warehouse = "w" }
  deploy = false
  inputs { x: str }
  outputs { results: dataframe }
  query = "SELECT %(x)s, 100%% FROM t WHERE a = %(x)s AND b = \"%%(x)s\""
}

template box in base {
  container {
    command = ["sh", "-c", "cat /in/x {{.inputs.x}} {{ .inputs.x }} {{.Inputs.x}}"]
    args = ["--x={{.inputs.x}}", "/in/x", "/var/inputs/x", "{{.inputs.other}}"]
    input_data_dir = "/in"
  }
  inputs { x: str, other: str = "/in/other" }
  cache { behavior = auto, ignored_inputs = ["x"] }
  trigger every_hour {
    schedule = hourly
    inputs { x = "now", other = "/in/other" }
  }
}
"#;

#[test]
fn the_workspace_checks_clean_as_written() {
    assert_eq!(check_as_written(WORKSPACE), Vec::<String>::new());
}

#[test]
fn renaming_a_bigquery_input_keeps_the_workspace_clean() {
    let (texts, diagnostics) = rename_and_check(
        &WORKSPACE.replace(
            "inputs { x: str }\n  outputs { results: dataframe }\n  query = \"\"\"",
            "inputs { x$0: str }\n  outputs { results: dataframe }\n  query = \"\"\"",
        ),
        "day",
    );
    assert_eq!(diagnostics, Vec::<String>::new());
    // Strings, quoted identifiers, comments and `@@` are not placeholders.
    assert!(texts[0].contains(
        "SELECT @day, '@x in a string', `@x` -- @x in a comment\n    FROM t /* @x */ WHERE a = @day AND b = @@x_system"
    ));
}

#[test]
fn renaming_a_snowflake_input_leaves_percent_escapes_alone() {
    let text = WORKSPACE.replace("SELECT %(x)s", "SELECT %(x$0)s");
    let (texts, diagnostics) = rename_and_check(&text, "day");
    assert_eq!(diagnostics, Vec::<String>::new());
    // `%%(x)s` is a literal `%(x)s`, not a placeholder: the old text scan
    // renamed it, which changed what the query sends.
    assert!(texts[0].contains(
        r#"query = "SELECT %(day)s, 100%% FROM t WHERE a = %(day)s AND b = \"%%(x)s\"""#
    ));
}

#[test]
fn renaming_a_container_input_edits_every_reference_form() {
    let text = WORKSPACE.replace("inputs { x: str, other", "inputs { x$0: str, other");
    let (texts, diagnostics) = rename_and_check(&text, "src");
    assert_eq!(diagnostics, Vec::<String>::new());
    assert!(texts[0].contains(
        r#"command = ["sh", "-c", "cat /in/src {{.inputs.src}} {{ .inputs.src }} {{.Inputs.src}}"]"#
    ));
    // `/var/inputs/x` is not an input path once `input_data_dir` is `/in`.
    assert!(texts[0].contains(
        r#"args = ["--x={{.inputs.src}}", "/in/src", "/var/inputs/x", "{{.inputs.other}}"]"#
    ));
    assert!(texts[0].contains(r#"ignored_inputs = ["src"]"#));
    assert!(texts[0].contains(r#"inputs { src = "now", other = "/in/other" }"#));
}
