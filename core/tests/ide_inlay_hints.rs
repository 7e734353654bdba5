//! Inlay hints: inherited attribute values.

mod ide_support;

use ide_support::fixture;
use taskc_core::source::Span;

fn hints(text: &str) -> String {
    let f = fixture(text);
    let mut out = String::new();
    for (id, file) in f.analysis.db().iter() {
        for h in f.analysis.inlay_hints(id, Span::new(0, file.text.len())) {
            let lc = file.line_col(h.offset);
            out.push_str(&format!(
                "{}:{}:{}  {}\n",
                file.path.display(),
                lc.line,
                lc.column,
                h.label
            ));
        }
    }
    out
}

const WORKSPACE: &str = r#"//- envs.task
env base {
  resources { cpu = 2, memory = "4Gi" }
  env_vars { LOG = "info" }
  cache = auto
}
env train extends base {
  resources { cpu = 8 }
  env_vars += { NCCL = "WARN" }
}
//- tasks.task
template fit in train {
  cache = disable
}
override big of fit {
  retries = 3
}
"#;

#[test]
fn child_envs_templates_and_overrides_show_what_they_inherit() {
    insta::assert_snapshot!(hints(WORKSPACE));
}

#[test]
fn root_envs_get_no_hints() {
    assert_eq!(hints("env base { cache = auto }\n"), "");
}

#[test]
fn hints_outside_the_range_are_left_out() {
    let f = fixture(WORKSPACE);
    let tasks = taskc_core::source::FileId(1);
    assert!(f.analysis.inlay_hints(tasks, Span::new(0, 5)).is_empty());
    assert!(!f.analysis.inlay_hints(tasks, Span::new(0, 30)).is_empty());
}

#[test]
fn the_tooltip_holds_the_provenance() {
    let f = fixture(WORKSPACE);
    let tasks = taskc_core::source::FileId(1);
    let hints = f.analysis.inlay_hints(tasks, Span::new(0, 10_000));
    let resources = hints
        .iter()
        .find(|h| h.label.starts_with("resources"))
        .expect("a resources hint");
    insta::assert_snapshot!(resources.tooltip.clone().unwrap_or_default());
}
