//! Document outline and workspace symbol search.

mod ide_support;

use ide_support::{Fixture, fixture};
use taskc_core::ide::Symbol;
use taskc_core::source::FileSpan;

fn outline(f: &Fixture, symbols: &[Symbol], depth: usize, out: &mut String) {
    for s in symbols {
        let detail = s
            .detail
            .as_deref()
            .map(|d| format!("  — {d}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{}{:?} {}{detail}  @ {}\n",
            "  ".repeat(depth),
            s.kind,
            s.name,
            f.place(FileSpan::new(s.file, s.selection_span))
        ));
        outline(f, &s.children, depth + 1, out);
    }
}

const WORKSPACE: &str = r#"//- envs.task
env base {
  resources { cpu = 1 }
  cache = auto
}
env gpu-train extends base {}
//- tasks.task
type Mode = enum { fast, slow }
type Opt = record pydantic { lr: float = 0.1 }
template fit in gpu-train {
  inputs { mode: Mode = fast, day: datetime }
  outputs { model: file }
  trigger nightly { schedule = daily, inputs { day = trigger_time } }
}
template score in base {
  returns float
}
override big of fit { retries = 3 }
"#;

#[test]
fn document_symbols_are_hierarchical() {
    let f = fixture(WORKSPACE);
    let mut out = String::new();
    for (id, _) in f.analysis.db().iter() {
        outline(&f, &f.analysis.document_symbols(id), 0, &mut out);
    }
    insta::assert_snapshot!(out);
}

#[test]
fn selection_span_is_inside_the_symbol_span() {
    let f = fixture(WORKSPACE);
    fn check(symbols: &[Symbol]) {
        for s in symbols {
            assert!(
                s.span.start <= s.selection_span.start && s.selection_span.end <= s.span.end,
                "{s:?}"
            );
            check(&s.children);
        }
    }
    for (id, _) in f.analysis.db().iter() {
        check(&f.analysis.document_symbols(id));
    }
}

fn search(query: &str) -> String {
    let f = fixture(WORKSPACE);
    let mut out = String::new();
    outline(&f, &f.analysis.workspace_symbols(query), 0, &mut out);
    out
}

#[test]
fn workspace_symbols_rank_exact_prefix_substring_then_fuzzy() {
    insta::assert_snapshot!(search("t"));
    assert_eq!(
        search("fit").lines().next().unwrap_or(""),
        "Template fit  — template fit in gpu-train  @ tasks.task:3:10"
    );
    assert!(
        search("gtr").starts_with("Env gpu-train"),
        "{}",
        search("gtr")
    );
    assert_eq!(search("zzz"), "");
}

#[test]
fn broken_declarations_are_left_out_of_the_outline() {
    let f = fixture("env a {}\nenv b {\n  cpu = \n}\ntemplate t in a {}\n");
    let names: Vec<String> = f
        .analysis
        .document_symbols(f.file)
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, ["a", "t"]);
}
