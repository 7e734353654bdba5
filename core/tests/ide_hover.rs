//! Hover: names, attributes with their resolved value and provenance.

mod ide_support;

use ide_support::fixture;

fn hover(text: &str) -> String {
    let f = fixture(text);
    match f.analysis.hover(f.file, f.offset) {
        Some(h) => format!("range: {}\n---\n{}", f.show_span(h.range), h.markdown),
        None => "no hover".to_string(),
    }
}

const ENVS: &str = r#"//- envs.task
/// The shared runtime.
env base {
  resources { cpu = 1, memory = "2Gi" }
  env_vars { LOG = "info" }
  cache = auto
}

/// Training nodes.
env train extends base {
  resources { cpu = 8, memory = "64Gi" }
  env_vars += { NCCL = "WARN" }
}
"#;

#[test]
fn env_name_shows_docs_chain_and_resolved_attributes() {
    insta::assert_snapshot!(hover(&format!(
        "{ENVS}//- tasks.task\ntemplate fit in tr$0ain {{\n  inputs {{ n: int }}\n}}\n"
    )));
}

#[test]
fn child_attribute_shows_value_and_the_value_it_shadows() {
    insta::assert_snapshot!(hover(
        &ENVS.replace("  resources { cpu = 8", "  resou$0rces { cpu = 8")
    ));
}

#[test]
fn merged_attribute_lists_every_contribution() {
    insta::assert_snapshot!(hover(&ENVS.replace("env_vars +=", "env_v$0ars +=")));
}

#[test]
fn nested_attribute_shows_its_documentation_and_the_block_it_belongs_to() {
    insta::assert_snapshot!(hover(&ENVS.replace("cpu = 8", "c$0pu = 8")));
}

#[test]
fn template_attribute_inherited_from_its_env() {
    insta::assert_snapshot!(hover(&format!(
        "{ENVS}//- tasks.task\ntemplate fit in train {{\n  ca$0che = disable\n}}\n"
    )));
}

#[test]
fn template_name_shows_signature_task_id_and_docs() {
    insta::assert_snapshot!(hover(
        r#"
env base {}
/// Fit the model.
template fi$0t in base {
  function = "fit_model"
  inputs { n: int = 3, tags: list[str] }
  returns float
}
"#
    ));
}

#[test]
fn input_use_in_a_trigger_shows_the_input() {
    insta::assert_snapshot!(hover(
        r#"
env base {}
template fit in base {
  inputs {
    /// When the run starts.
    at: datetime
  }
  trigger nightly { cron = "0 2 * * *", inputs { a$0t = trigger_time } }
}
"#
    ));
}

#[test]
fn type_name_lists_members_with_their_docs() {
    insta::assert_snapshot!(hover(
        r#"
/// Where data lives.
type Region = enum {
  /// Europe.
  eu
  us
}
env base {}
template fit in base {
  inputs { r: Reg$0ion = eu }
}
"#
    ));
}

#[test]
fn enum_member_in_a_default_shows_the_member() {
    insta::assert_snapshot!(hover(
        r#"
type Region = enum {
  /// Europe.
  eu
  us
}
env base {}
template fit in base {
  inputs { r: Region = e$0u }
}
"#
    ));
}

#[test]
fn record_field_in_a_record_default() {
    insta::assert_snapshot!(hover(
        r#"
type Opt = record {
  /// Learning rate.
  lr: float = 0.001
}
env base {}
template fit in base {
  inputs { o: Opt = { l$0r = 0.1 } }
}
"#
    ));
}

#[test]
fn builtin_type() {
    insta::assert_snapshot!(hover(
        "env base {}\ntemplate fit in base {\n  inputs { d: datet$0ime }\n}\n"
    ));
}

#[test]
fn unknown_attribute_says_so() {
    insta::assert_snapshot!(hover("env base {\n  cp$0u = 1\n}\n"));
}

#[test]
fn nothing_on_whitespace_or_past_the_end() {
    let f = fixture("env base {}\n\n$0\n");
    assert_eq!(f.analysis.hover(f.file, f.offset), None);
    assert_eq!(f.analysis.hover(f.file, 10_000), None);
}

#[test]
fn labeled_block_keyword_has_documentation() {
    let out = hover(
        "env wh {}\ntemplate q in wh {\n  s$0ql bigquery { project_id = \"p\" }\n  query = \"SELECT 1\"\n}\n",
    );
    assert!(out.contains("Makes the template a query task"), "{out}");
}

/// Envs have a namespace of their own: hover on `in x` is the env's, on the
/// template's name the template's.
#[test]
fn an_env_and_a_template_of_one_name_hover_as_themselves() {
    let text = "/// The env.\nenv x {}\n/// The task.\ntemplate x in x {}\n";
    let env = hover(&text.replace("in x", "in x$0"));
    assert!(env.contains("```task\nenv x\n```"), "{env}");
    assert!(env.contains("The env."), "{env}");
    let template = hover(&text.replace("template x", "template x$0"));
    assert!(
        template.contains("```task\ntemplate x in x\n```"),
        "{template}"
    );
    assert!(template.contains("The task."), "{template}");
}
