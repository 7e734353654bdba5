use super::*;
use crate::check::check_workspace;
use crate::semantic::provenance::DeclKind;
use crate::workspace::Config;

const ENVS: &str = r#"env base {
  image = "ghcr.io/acme/etl:1.4"
  resources { cpu = 1, memory = "2Gi" }
  env_vars { LOG_LEVEL = "info", REGION = "eu" }
  secrets = ["openai-key"]
  cache = auto
}

env gpu extends base {
  resources { cpu = 8, memory = "64Gi" }
  env_vars += { REGION = "us", CUDA = "all" }
}

env gpu-big extends gpu {
  resources { cpu = 16, memory = "128Gi" }
  secrets += [{ group = "prod", key = "db-password" }]
}
"#;

const TASKS: &str = r#"template train in gpu-big {
  module = "pipelines.train"
  cache = disable
  retries = 3
}

override train_small of train {
  resources { cpu = 2, memory = "8Gi" }
  retries = 1
}
"#;

/// Analyse the two files and answer `query`.
fn ask(query: &str) -> (SourceDb, Result<WhyReport, WhyError>) {
    let mut db = SourceDb::new();
    db.add("envs.task", ENVS);
    db.add("tasks.task", TASKS);
    let output = check_workspace(&db, &Config::default());
    assert!(!output.has_errors(), "{:?}", output.diagnostics);
    let answer = why(&db, &output.model, query);
    (db, answer)
}

/// The report as compact text: one line per attribute, one per step.
fn show(db: &SourceDb, report: &WhyReport) -> String {
    let mut out = format!("{} ({})\n", report.subject.decl, report.query);
    for attribute in &report.attributes {
        out.push_str(&format!(
            "{} = {}\n",
            attribute.name,
            attribute.value.as_deref().unwrap_or("<not set>")
        ));
        for step in &attribute.steps {
            let Some(file) = db.get(step.entry.file) else {
                continue;
            };
            let path = file.path.display();
            let at = file.line_col(step.entry.span.start);
            out.push_str(&format!(
                "  {:<8} {} {} at {path}:{}:{}: {}\n",
                step.effect.as_str(),
                step.decl,
                op_text(step.op),
                at.line,
                at.column,
                step.value_text
            ));
        }
    }
    out
}

fn answer(query: &str) -> String {
    let (db, report) = ask(query);
    match report {
        Ok(report) => show(&db, &report),
        Err(error) => panic!("{query}: {error:?}"),
    }
}

#[test]
fn env_attributes_show_every_shadowed_ancestor_in_order() {
    insta::assert_snapshot!(answer("gpu-big"));
}

#[test]
fn a_merge_lists_every_contribution_and_the_merged_value() {
    let (_, report) = ask("gpu.env_vars");
    let report = report.unwrap_or_else(|e| panic!("{e:?}"));
    let attribute = &report.attributes[0];
    assert_eq!(
        attribute.value.as_deref(),
        Some(r#"{ LOG_LEVEL = "info", REGION = "us", CUDA = "all" }"#)
    );
    let effects: Vec<Effect> = attribute.steps.iter().map(|s| s.effect).collect();
    assert_eq!(effects, [Effect::Merged, Effect::Merged]);
    let ops: Vec<AssignOp> = attribute.steps.iter().map(|s| s.op).collect();
    assert_eq!(ops, [AssignOp::Block, AssignOp::Append]);
}

#[test]
fn template_values_win_over_the_env_and_overrides_over_the_template() {
    insta::assert_snapshot!(answer("train"));
    insta::assert_snapshot!(answer("train_small.retries"));
}

#[test]
fn a_task_id_names_its_template_even_with_an_attribute() {
    let (_, by_id) = ask("gpu-big.train.retries");
    let report = by_id.unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        report.subject.decl,
        DeclRef::new(DeclKind::Template, "train")
    );
    assert_eq!(report.subject.task_id.as_deref(), Some("gpu-big.train"));
    assert_eq!(report.subject.env_chain, ["gpu-big", "gpu", "base"]);
    assert_eq!(report.attributes.len(), 1);
    assert_eq!(report.attributes[0].value.as_deref(), Some("3"));
}

#[test]
fn an_attribute_nobody_sets_has_no_value_and_no_steps() {
    let (_, report) = ask("base.timeout");
    let report = report.unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        report.attributes,
        [WhyAttribute {
            name: "timeout",
            value: None,
            steps: Vec::new()
        }]
    );
}

#[test]
fn override_subject_names_its_template_and_task_id() {
    let (_, report) = ask("train_small");
    let report = report.unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(report.subject.template.as_deref(), Some("train"));
    assert_eq!(report.subject.task_id.as_deref(), Some("gpu-big.train"));
}

#[test]
fn unknown_names_suggest_the_closest_declaration() {
    let (_, report) = ask("trian.retries");
    assert_eq!(
        report,
        Err(WhyError::UnknownName {
            name: "trian".into(),
            at: Span::new(0, 5),
            suggestion: Some("train".into()),
        })
    );
    let (_, report) = ask("nothing-like-it");
    assert!(matches!(
        report,
        Err(WhyError::UnknownName {
            suggestion: None,
            ..
        })
    ));
}

#[test]
fn the_name_before_an_attribute_is_what_gets_a_suggestion() {
    let (_, report) = ask("gpu_big.resources");
    assert_eq!(
        report,
        Err(WhyError::UnknownName {
            name: "gpu_big".into(),
            at: Span::new(0, 7),
            suggestion: Some("gpu-big".into()),
        })
    );
}

#[test]
fn env_dot_template_suggests_the_real_task_id() {
    let mut db = SourceDb::new();
    db.add("envs.task", ENVS);
    db.add(
        "t.task",
        "template fit in gpu {\n  module = \"m\"\n  function = \"fit_model\"\n}\n",
    );
    let output = check_workspace(&db, &Config::default());
    let answer = why(&db, &output.model, "gpu.fit.retries");
    assert_eq!(
        answer,
        Err(WhyError::UnknownName {
            name: "gpu.fit".into(),
            at: Span::new(0, 7),
            suggestion: Some("gpu.fit_model".into()),
        })
    );
    // The task id itself works, and a misspelt one is not taken for an
    // attribute of env `gpu`.
    assert!(why(&db, &output.model, "gpu.fit_model.retries").is_ok());
    let answer = why(&db, &output.model, "gpu.fit_modle");
    assert!(
        matches!(&answer, Err(WhyError::UnknownName { suggestion: Some(s), .. }) if s == "gpu.fit_model"),
        "{answer:?}"
    );
}

#[test]
fn unknown_attributes_suggest_the_closest_attribute() {
    let (_, report) = ask("gpu.resorces");
    assert_eq!(
        report,
        Err(WhyError::UnknownAttribute {
            subject: DeclRef::new(DeclKind::Env, "gpu"),
            attribute: "resorces".into(),
            at: Span::new(4, 12),
            suggestion: Some("resources"),
        })
    );
}

#[test]
fn errors_become_diagnostics_inside_the_query_text() {
    let mut db = SourceDb::new();
    let file = db.add("<query>", "x gpu.resorces");
    let error = WhyError::UnknownAttribute {
        subject: DeclRef::new(DeclKind::Env, "gpu"),
        attribute: "resorces".into(),
        at: Span::new(4, 12),
        suggestion: Some("resources"),
    };
    let diagnostic = error.to_diagnostic(FileSpan::new(file, Span::new(2, 14)));
    assert_eq!(diagnostic.code, Code::E0961);
    assert_eq!(diagnostic.primary.span, Span::new(6, 14));
    assert_eq!(
        diagnostic.help.as_deref(),
        Some("did you mean `resources`?")
    );
    assert!(crate::diagnostics::lookup(Code::E0960.as_str()).is_some());
    assert!(crate::diagnostics::lookup(Code::E0961.as_str()).is_some());
}

/// Envs have a namespace of their own: a name that is an env's and a
/// template's or an override's is ambiguous until a `KIND:` prefix (or the
/// task id) says which.
#[test]
fn a_kind_prefix_picks_an_env_or_a_template_of_one_name() {
    let mut db = SourceDb::new();
    db.add(
        "x.task",
        "env x { queue = \"q\" }\nenv small {}\ntemplate x in x { module = \"m\", retries = 3 }\n\
         template trainer in small { module = \"m\" }\noverride small of trainer { retries = 1 }\n",
    );
    let output = check_workspace(&db, &Config::default());
    assert!(!output.has_errors(), "{:?}", output.diagnostics);
    let subject = |query: &str| why(&db, &output.model, query).map(|r| r.subject.decl);
    let ambiguous = |name: &str, other| {
        Err(WhyError::Ambiguous {
            name: name.into(),
            at: Span::new(0, name.len()),
            other,
        })
    };
    assert_eq!(subject("x"), ambiguous("x", DeclKind::Template));
    assert_eq!(subject("x.retries"), ambiguous("x", DeclKind::Template));
    assert_eq!(subject("small"), ambiguous("small", DeclKind::Override));
    assert_eq!(subject("env:x"), Ok(DeclRef::new(DeclKind::Env, "x")));
    assert_eq!(
        subject("template:x"),
        Ok(DeclRef::new(DeclKind::Template, "x"))
    );
    assert_eq!(subject("x.x"), Ok(DeclRef::new(DeclKind::Template, "x")));
    assert_eq!(
        subject("override:small"),
        Ok(DeclRef::new(DeclKind::Override, "small"))
    );
    assert_eq!(
        subject("env:small"),
        Ok(DeclRef::new(DeclKind::Env, "small"))
    );
    let retries =
        why(&db, &output.model, "template:x.retries").map(|r| r.attributes[0].value.clone());
    assert_eq!(retries, Ok(Some("3".to_string())));
    // A prefix of the wrong kind names nothing; the suggestion keeps it.
    assert!(matches!(
        subject("override:x"),
        Err(WhyError::UnknownName { .. })
    ));
    assert!(
        matches!(&why(&db, &output.model, "template:trainr"), Err(WhyError::UnknownName { suggestion: Some(s), .. }) if s == "template:trainer"),
    );
    let query = db.add("<query>", "x");
    let diagnostic = WhyError::Ambiguous {
        name: "x".into(),
        at: Span::new(0, 1),
        other: DeclKind::Template,
    }
    .to_diagnostic(FileSpan::new(query, Span::new(0, 1)));
    assert_eq!(diagnostic.code, Code::E0962);
    assert_eq!(
        diagnostic.help.as_deref(),
        Some("say which one: `env:x` or `template:x` (a template also by its task id)")
    );
}
