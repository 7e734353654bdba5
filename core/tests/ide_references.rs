//! Find references.

mod ide_support;

use ide_support::fixture;

fn references(text: &str, include_declaration: bool) -> String {
    let f = fixture(text);
    f.show_all(&f.analysis.references(f.file, f.offset, include_declaration))
}

const WORKSPACE: &str = r#"//- envs.task
env base {}
env train extends base { depends_on = [base] }
//- tasks.task
type Mode = enum { fast, slow }
template fit in base {
  inputs { mode: Mode = fast, day: datetime }
  cache { ignored_inputs = ["day"] }
  trigger n { schedule = daily, inputs { mode = slow, day = trigger_time } }
}
override big of fit {}
"#;

#[test]
fn env_references_across_files() {
    insta::assert_snapshot!(references(
        &WORKSPACE.replace("env base {}", "env ba$0se {}"),
        true
    ));
}

#[test]
fn without_the_declaration() {
    insta::assert_snapshot!(references(
        &WORKSPACE.replace("env base {}", "env ba$0se {}"),
        false
    ));
}

#[test]
fn input_references_in_triggers_and_cache() {
    insta::assert_snapshot!(references(
        &WORKSPACE.replace("day: datetime", "d$0ay: datetime"),
        true
    ));
}

#[test]
fn enum_member_references_in_defaults_and_trigger_values() {
    insta::assert_snapshot!(references(
        &WORKSPACE.replace("enum { fast, slow }", "enum { fast, sl$0ow }"),
        true
    ));
}

#[test]
fn template_references_from_overrides() {
    insta::assert_snapshot!(references(
        &WORKSPACE.replace("override big of fit", "override big of f$0it"),
        true
    ));
}

#[test]
fn sql_placeholders_of_both_dialects() {
    let text = r#"env wh {}
template q in wh {
  sql snowflake { account = "a", database = "d", schema = "s", warehouse = "w", user = "u" }
  deploy = false
  inputs { d$0ay: str, kind: str }
  outputs { results: dataframe }
  query = "SELECT * FROM t WHERE day = %(day)s AND kind = %(kind)s AND x = %(day)s"
}
"#;
    insta::assert_snapshot!(references(text, true));
}

#[test]
fn nothing_away_from_names() {
    assert_eq!(references("env base {}\n$0\n", true), "");
}

/// Envs have a namespace of their own: the references of env `x` are not
/// those of template `x`.
#[test]
fn an_env_and_a_template_of_one_name_have_their_own_references() {
    let text = "env x {}\nenv y extends x {}\ntemplate x in x {}\noverride small of x {}\n";
    assert_eq!(
        references(&text.replacen("env x", "env x$0", 1), true),
        references(&text.replace("extends x", "extends x$0"), true)
    );
    let env = references(&text.replacen("env x", "env x$0", 1), true);
    let template = references(&text.replace("of x", "of x$0"), true);
    assert_eq!(env.lines().count(), 3, "{env}");
    assert_eq!(template.lines().count(), 2, "{template}");
    assert!(template.contains("main.task:3:10"), "{template}");
    assert!(!env.contains("main.task:3:10"), "{env}");
}
