//! Go to definition.

mod ide_support;

use ide_support::fixture;

fn definition(text: &str) -> String {
    let f = fixture(text);
    f.show_all(&f.analysis.definition(f.file, f.offset))
}

const WORKSPACE: &str = r#"//- envs.task
env base { cache = auto, resources { cpu = 1 } }
env train extends base { resources { cpu = 8 } }
//- types.task
type Region = enum { eu, us }
type Opt = record { lr: float = 0.1 }
"#;

#[test]
fn env_in_extends_in_another_file() {
    insta::assert_snapshot!(definition(&format!(
        "{WORKSPACE}//- child.task\nenv child extends tr$0ain {{}}\n"
    )), @"envs.task:2:5  `train`");
}

#[test]
fn env_of_a_template_and_in_depends_on() {
    assert_eq!(
        definition(&format!(
            "{WORKSPACE}//- t.task\ntemplate t in b$0ase {{}}\n"
        )),
        "envs.task:1:5  `base`"
    );
    assert_eq!(
        definition(&format!(
            "{WORKSPACE}//- t.task\nenv x {{ depends_on = [base, \"tra$0in\"] }}\n"
        )),
        "envs.task:2:5  `train`"
    );
}

#[test]
fn template_of_an_override() {
    assert_eq!(
        definition(&format!(
            "{WORKSPACE}//- t.task\ntemplate fit in base {{}}\noverride o of f$0it {{}}\n"
        )),
        "t.task:1:10  `fit`"
    );
}

#[test]
fn types_members_and_fields() {
    let tasks = "template t in base {\n  inputs {\n    r: Reg$0ion = eu\n    o: Opt = { lr = 0.2 }\n  }\n}\n";
    assert_eq!(
        definition(&format!("{WORKSPACE}//- t.task\n{tasks}")),
        "types.task:1:6  `Region`"
    );
    let member = tasks.replace("Reg$0ion = eu", "Region = e$0u");
    assert_eq!(
        definition(&format!("{WORKSPACE}//- t.task\n{member}")),
        "types.task:1:22  `eu`"
    );
    let field = tasks
        .replace("Reg$0ion", "Region")
        .replace("{ lr", "{ l$0r");
    assert_eq!(
        definition(&format!("{WORKSPACE}//- t.task\n{field}")),
        "types.task:2:21  `lr`"
    );
}

#[test]
fn inputs_from_triggers_sql_and_container_arguments() {
    let trigger = r#"env base {}
template t in base {
  inputs { day: datetime, region: str }
  trigger nightly { cron = "0 2 * * *", inputs { d$0ay = trigger_time } }
}
"#;
    assert_eq!(definition(trigger), "main.task:3:12  `day`");
    let sql = r#"env wh {}
template q in wh {
  sql bigquery { project_id = "p" }
  deploy = false
  inputs { day: str }
  outputs { results: dataframe }
  query = """
    SELECT * FROM t WHERE day = @d$0ay
  """
}
"#;
    assert_eq!(definition(sql), "main.task:5:12  `day`");
    let container = r#"env tools { image = "x" }
template c in tools {
  container { command = ["run", "/var/inputs/s$0rc", "{{.inputs.percent}}"] }
  inputs { src: file, percent: int }
}
"#;
    assert_eq!(definition(container), "main.task:4:12  `src`");
    assert_eq!(
        definition(
            &container
                .replace("s$0rc", "src")
                .replace("inputs.percent", "inputs.per$0cent")
        ),
        "main.task:4:23  `percent`"
    );
}

#[test]
fn attribute_key_goes_to_the_value_it_replaces() {
    assert_eq!(
        definition(&WORKSPACE.replace("extends base { resources", "extends base { reso$0urces")),
        "envs.task:1:26  `resources`"
    );
}

#[test]
fn nothing_for_builtins_and_unknown_names() {
    assert_eq!(
        definition("env base {}\ntemplate t in base { inputs { x: i$0nt } }\n"),
        ""
    );
    assert_eq!(definition("template t in nowh$0ere {}\n"), "");
}

/// Envs have a namespace of their own: `in x` goes to env `x`, `of x` to
/// template `x`.
#[test]
fn an_env_and_a_template_of_one_name_are_told_apart() {
    let text = "env x {}\ntemplate x in x {}\noverride small of x {}\n";
    assert_eq!(
        definition(&text.replace("in x", "in x$0")),
        "main.task:1:5  `x`"
    );
    assert_eq!(
        definition(&text.replace("of x", "of x$0")),
        "main.task:2:10  `x`"
    );
}
