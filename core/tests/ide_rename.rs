//! prepare_rename and rename.

mod ide_support;

use ide_support::fixture;

fn rename(text: &str, new_name: &str) -> String {
    let f = fixture(text);
    match f.analysis.rename(f.file, f.offset, new_name) {
        Ok(edits) => f.apply(&edits),
        Err(e) => format!("error: {e}"),
    }
}

fn prepare(text: &str) -> String {
    let f = fixture(text);
    match f.analysis.prepare_rename(f.file, f.offset) {
        Ok(span) => f.show_span(span),
        Err(e) => format!("error: {e}"),
    }
}

const WORKSPACE: &str = r#"//- envs.task
env base {}
env train extends base { depends_on = ["base"] }
//- tasks.task
type Mode = enum { fast, slow }
template fit in base {
  inputs { mode: Mode = fast, day: datetime }
  cache { ignored_inputs = ["day"] }
  trigger n { schedule = daily, inputs { mode = slow, day = trigger_time } }
}
override big of fit {}
template q in base {
  sql bigquery { project_id = "p" }
  deploy = false
  inputs { day: str }
  outputs { results: dataframe }
  query = "SELECT 1 WHERE d = @day"
}
"#;

#[test]
fn env_rename_edits_every_file() {
    insta::assert_snapshot!(rename(
        &WORKSPACE.replace("env base {}", "env ba$0se {}"),
        "root"
    ));
}

#[test]
fn input_rename_edits_triggers_cache_but_not_other_templates() {
    insta::assert_snapshot!(rename(
        &WORKSPACE.replace("day: datetime", "d$0ay: datetime"),
        "run_day"
    ));
}

#[test]
fn input_rename_edits_sql_placeholders() {
    insta::assert_snapshot!(rename(&WORKSPACE.replace("@day", "@d$0ay"), "when"));
}

#[test]
fn type_and_template_rename() {
    insta::assert_snapshot!(rename(
        &WORKSPACE.replace("mode: Mode", "mode: Mo$0de"),
        "Speed"
    ));
    insta::assert_snapshot!(rename(
        &WORKSPACE.replace("of fit", "of f$0it"),
        "train_model"
    ));
}

#[test]
fn prepare_rename_gives_the_name_or_a_reason() {
    assert_eq!(
        prepare(&WORKSPACE.replace("extends base", "extends b$0ase")),
        "envs.task:2:19  `base`"
    );
    assert_eq!(
        prepare(&WORKSPACE.replace("day: datetime", "day: date$0time")),
        "error: `datetime` is a built-in type and cannot be renamed"
    );
    assert_eq!(
        prepare(&WORKSPACE.replace("cache {", "cac$0he {")),
        "error: only env, template, override, type and input names can be renamed"
    );
    assert_eq!(
        prepare(&WORKSPACE.replace("fast, slow", "fa$0st, slow")),
        "error: renaming an enum member is not supported; rename envs, templates, overrides, types or inputs"
    );
}

#[test]
fn bad_new_names_are_refused() {
    let at_env = WORKSPACE.replace("env base {}", "env ba$0se {}");
    assert_eq!(
        rename(&at_env, "train"),
        "error: `train` is already the name of env `train`"
    );
    let at_template = WORKSPACE.replace("of fit", "of f$0it");
    assert_eq!(
        rename(&at_template, "big"),
        "error: `big` is already the name of override `big`"
    );
    let at_type = WORKSPACE
        .replace("mode: Mode", "mode: Mo$0de")
        .replace("{ fast, slow }", "{ fast, slow }\ntype Size = enum { s }");
    assert_eq!(
        rename(&at_type, "Size"),
        "error: `Size` is already the name of type `Size`"
    );
    assert_eq!(
        rename(&at_env, "template"),
        "error: `template` is a keyword"
    );
    assert_eq!(
        rename(&at_env, "int"),
        "error: `int` is a built-in type name"
    );
    assert_eq!(
        rename(&at_env, "9lives"),
        "error: `9lives` is not a valid name: use letters, digits, `_` and single `-` between parts, starting with a letter or `_`"
    );
    assert_eq!(
        rename(&at_env, "base"),
        "error: the env is already named `base`"
    );
    let at_input = WORKSPACE.replace("day: datetime", "d$0ay: datetime");
    assert_eq!(
        rename(&at_input, "run-day"),
        "error: `run-day` is not a Python identifier; input names are Python parameter names"
    );
    assert_eq!(
        rename(&at_input, "mode"),
        "error: template `fit` already has an input named `mode`"
    );
}

#[test]
fn kebab_case_env_names_are_allowed() {
    let edits = rename(
        &WORKSPACE.replace("env base {}", "env ba$0se {}"),
        "gpu-base",
    );
    assert!(edits.contains("env gpu-base {}"), "{edits}");
}

#[test]
fn renaming_a_function_template_keeps_its_function_name() {
    assert_eq!(
        rename("env base {}\ntemplate f$0it in base {}\n", "train"),
        "//- main.task\nenv base {}\ntemplate train in base { function = \"fit\" }\n"
    );
    assert_eq!(
        rename(
            "env base {}\ntemplate f$0it in base { retries = 1 }\n",
            "train"
        ),
        "//- main.task\nenv base {}\ntemplate train in base { function = \"fit\", retries = 1 }\n"
    );
    // Already written: nothing to add.
    assert_eq!(
        rename(
            "env base {}\ntemplate f$0it in base { function = \"go\" }\n",
            "train"
        ),
        "//- main.task\nenv base {}\ntemplate train in base { function = \"go\" }\n"
    );
    // Query templates have no Python function.
    let query = "env wh {}\ntemplate q$0 in wh {\n  sql bigquery { project_id = \"p\" }\n  query = \"SELECT 1\"\n}\n";
    assert!(!rename(query, "count").contains("function"));
}

/// Envs have a namespace of their own (language.md §1.3): an env may have a
/// template's name, and renaming one leaves the other alone.
const NAMESAKES: &str = "env x {}\nenv y extends x { depends_on = [x] }\ntemplate x in x { function = \"x\" }\noverride small of x {}\n";

#[test]
fn renaming_an_env_leaves_a_template_of_its_name_alone() {
    assert_eq!(
        rename(&NAMESAKES.replacen("env x", "env x$0", 1), "base"),
        "//- main.task\nenv base {}\nenv y extends base { depends_on = [base] }\n\
         template x in base { function = \"x\" }\noverride small of x {}\n"
    );
    assert_eq!(
        rename(&NAMESAKES.replace("of x", "of x$0"), "fit"),
        "//- main.task\nenv x {}\nenv y extends x { depends_on = [x] }\n\
         template fit in x { function = \"x\" }\noverride small of fit {}\n"
    );
}

#[test]
fn new_names_are_checked_within_their_own_namespace() {
    // An env may take a template's or an override's name, not another env's.
    let at_env = NAMESAKES.replacen("env x", "env x$0", 1);
    assert!(rename(&at_env, "small").contains("env small {}"));
    assert_eq!(
        rename(&at_env, "y"),
        "error: `y` is already the name of env `y`"
    );
    // A template may take an env's name, not an override's.
    let at_template = NAMESAKES.replace("template x", "template x$0");
    assert!(rename(&at_template, "y").contains("template y in x"));
    assert_eq!(
        rename(&at_template, "small"),
        "error: `small` is already the name of override `small`"
    );
}
