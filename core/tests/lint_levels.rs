//! `[lint]` levels, `--deny-warnings`, suppression comments, and the order
//! of lint output.

mod lint_common;

use lint_common::{lint_files, lint_text, lint_with_config};
use taskc_core::diagnostics::{Code, Severity};

/// Two findings of `unused-env` (L0006) on lines 2 and 3.
const TWO_UNUSED: &str = "env used {}\nenv spare-a {}\nenv spare-b {}\ntemplate t in used {}\n";

fn severities(linted: &lint_common::Linted, code: Code) -> Vec<Severity> {
    linted.with_code(code).iter().map(|d| d.severity).collect()
}

#[test]
fn default_level_warn_gives_warnings() {
    let linted = lint_text(TWO_UNUSED);
    assert_eq!(
        severities(&linted, Code::L0006),
        [Severity::Warning, Severity::Warning]
    );
}

#[test]
fn deny_by_name_makes_errors() {
    let linted = lint_with_config(TWO_UNUSED, "[lint]\nunused-env = \"deny\"\n");
    assert_eq!(
        severities(&linted, Code::L0006),
        [Severity::Error, Severity::Error]
    );
}

#[test]
fn allow_by_code_drops_findings_in_any_case() {
    let linted = lint_with_config(TWO_UNUSED, "[lint]\nl0006 = \"allow\"\n");
    assert!(
        linted.with_code(Code::L0006).is_empty(),
        "{}",
        linted.render()
    );
}

#[test]
fn the_last_line_for_a_rule_wins() {
    let linted = lint_with_config(
        TWO_UNUSED,
        "[lint]\nunused-env = \"deny\"\nL0006 = \"warn\"\n",
    );
    assert_eq!(
        severities(&linted, Code::L0006),
        [Severity::Warning, Severity::Warning]
    );
}

#[test]
fn levels_touch_only_their_rule() {
    let text = "env used {}\nenv spare {}\ntemplate t in used {}\ntype Zone = enum { a }\n";
    let linted = lint_with_config(text, "[lint]\nunused-env = \"deny\"\n");
    assert_eq!(severities(&linted, Code::L0006), [Severity::Error]);
    assert_eq!(severities(&linted, Code::L0005), [Severity::Warning]);
}

#[test]
fn unknown_rule_in_config_points_at_the_key_with_a_suggestion() {
    let linted = lint_with_config(
        TWO_UNUSED,
        "[lint]\nunused-envs = \"deny\"\nL9999 = \"allow\"\n",
    );
    let unknown = linted.with_code(Code::E0911);
    assert_eq!(unknown.len(), 2, "{}", linted.render());
    assert!(unknown.iter().all(|d| d.is_error()));
    insta::assert_snapshot!(linted.render_code(Code::E0911));
}

#[test]
fn deny_warnings_turns_every_warning_into_an_error() {
    let mut linted = lint_text(TWO_UNUSED);
    taskc_core::lint::levels::deny_warnings(&mut linted.diagnostics);
    assert!(!linted.diagnostics.is_empty());
    assert!(linted.diagnostics.iter().all(|d| d.is_error()));
}

// Suppressions.

#[test]
fn end_of_line_comment_suppresses_that_line_only() {
    let text = "env used {}\nenv spare-a {} // taskc: allow(unused-env)\nenv spare-b {}\ntemplate t in used {}\n";
    let linted = lint_text(text);
    let lines: Vec<usize> = linted
        .with_code(Code::L0006)
        .iter()
        .map(|d| {
            linted
                .db
                .get(d.primary.file)
                .unwrap()
                .line_index(d.primary.span.start)
        })
        .collect();
    assert_eq!(lines, [2]);
    assert!(
        linted.with_code(Code::L0014).is_empty(),
        "{}",
        linted.render()
    );
}

#[test]
fn own_line_comment_suppresses_the_next_line() {
    let text = "env used {\n  // taskc: allow(L0012) pinned by the release job\n  image = \"acme/etl:latest\"\n  queue = \"q\"\n}\ntemplate t in used {}\n";
    let linted = lint_text(text);
    assert!(
        linted.with_code(Code::L0012).is_empty(),
        "{}",
        linted.render()
    );
    assert!(
        linted.with_code(Code::L0014).is_empty(),
        "{}",
        linted.render()
    );
}

#[test]
fn own_line_comment_does_not_reach_past_the_next_line() {
    let text = "env used {\n  // taskc: allow(L0012)\n  queue = \"q\"\n  image = \"acme/etl:latest\"\n}\ntemplate t in used {}\n";
    let linted = lint_text(text);
    assert_eq!(
        linted.with_code(Code::L0012).len(),
        1,
        "{}",
        linted.render()
    );
    assert_eq!(
        linted.with_code(Code::L0014).len(),
        1,
        "{}",
        linted.render()
    );
}

#[test]
fn leading_comment_of_a_declaration_covers_all_of_it() {
    let text = "// taskc: allow(secret-value-in-env-vars, L0012) -- test fixtures, not real keys
/// Integration-test runtime.
env fixtures {
  image = \"acme/etl:latest\"
  env_vars {
    GITHUB_TOKEN = \"ghp_0123456789abcdefghijklmnopqrstuvwxyz\"
  }
}
env prod {
  env_vars { GITHUB_TOKEN = \"ghp_0123456789abcdefghijklmnopqrstuvwxyz\" }
}
template a in fixtures {}
template b in prod {}
";
    let linted = lint_text(text);
    let secrets = linted.with_code(Code::L0002);
    assert_eq!(secrets.len(), 1, "{}", linted.render());
    assert!(
        linted.with_code(Code::L0012).is_empty(),
        "{}",
        linted.render()
    );
    assert!(
        linted.with_code(Code::L0014).is_empty(),
        "{}",
        linted.render()
    );
}

#[test]
fn file_level_comment_covers_the_file_and_only_that_file() {
    let a = "//! taskc: allow(unused-env)\nenv spare-a {}\nenv used {}\ntemplate t in used {}\n";
    let b = "env spare-b {}\n";
    let linted = lint_files(&[("a.task", a), ("b.task", b)], "");
    let unused = linted.with_code(Code::L0006);
    assert_eq!(unused.len(), 1, "{}", linted.render());
    assert_eq!(
        linted.db.get(unused[0].primary.file).unwrap().path.to_str(),
        Some("b.task")
    );
    assert!(
        linted.with_code(Code::L0014).is_empty(),
        "{}",
        linted.render()
    );
}

#[test]
fn a_suppression_silences_only_the_rules_it_names() {
    let text = "env used {}\nenv spare { image = \"acme/x\" } // taskc: allow(unused-env)\ntemplate t in used {}\n";
    let linted = lint_text(text);
    assert!(linted.with_code(Code::L0006).is_empty());
    assert_eq!(
        linted.with_code(Code::L0012).len(),
        1,
        "{}",
        linted.render()
    );
}

#[test]
fn suppression_beats_deny() {
    let text = "env used {}\nenv spare {} // taskc: allow(unused-env)\ntemplate t in used {}\n";
    let linted = lint_with_config(text, "[lint]\nunused-env = \"deny\"\n");
    assert!(
        linted.diagnostics.iter().all(|d| !d.is_error()),
        "{}",
        linted.render()
    );
}

#[test]
fn block_and_doc_comments_are_not_suppressions() {
    let text = "env used {}\nenv spare-a {} /* taskc: allow(unused-env) */\n/// taskc: allow(unused-env)\nenv spare-b {}\ntemplate t in used {}\n";
    let linted = lint_text(text);
    assert_eq!(
        linted.with_code(Code::L0006).len(),
        2,
        "{}",
        linted.render()
    );
    assert!(
        linted.with_code(Code::L0014).is_empty(),
        "{}",
        linted.render()
    );
}

#[test]
fn unused_suppression_has_its_own_level() {
    let text = "env used {} // taskc: allow(unused-env)\ntemplate t in used {}\n";
    assert_eq!(lint_text(text).with_code(Code::L0014).len(), 1);
    let quiet = lint_with_config(text, "[lint]\nunused-suppression = \"allow\"\n");
    assert!(quiet.with_code(Code::L0014).is_empty());
}

#[test]
fn errors_cannot_be_suppressed() {
    let text = "env a {}\nenv a {} // taskc: allow(E0101)\ntemplate t in a {}\n";
    let linted = lint_text(text);
    assert!(linted.codes().contains(&Code::E0101), "{}", linted.render());
    assert_eq!(
        linted.with_code(Code::L0014).len(),
        1,
        "{}",
        linted.render()
    );
}

// Order and stability.

#[test]
fn output_is_in_display_order_and_the_same_on_every_run() {
    let files: Vec<(String, String)> = (0..12)
        .map(|i| {
            (
                format!("f{i:02}.task"),
                format!(
                    "env spare-{i} {{ env_vars {{ API_TOKEN = \"tok-{i}-abcdefgh\" }} }}\ntype T{i} = enum {{ a }}\nenv used-{i} {{}}\ntemplate t{i} in used-{i} {{}}\n"
                ),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let first = lint_files(&refs, "");
    let keys: Vec<_> = first
        .diagnostics
        .iter()
        .map(|d| (d.primary.file, d.primary.span.start, d.code))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(keys.len(), 36, "{}", first.render());
    for _ in 0..5 {
        assert_eq!(lint_files(&refs, "").diagnostics, first.diagnostics);
    }
}

#[test]
fn unused_rules_stay_quiet_when_a_declaration_does_not_parse() {
    // The broken template might be the one that uses `Zone` and `spare`.
    let text = "type Zone = enum { a }\nenv spare {}\ntemplate t in spare { inputs { z: Zone }\n  retries = = 1\n}\n";
    let linted = lint_text(text);
    assert!(linted.codes().contains(&Code::E0001), "{}", linted.render());
    assert!(
        !linted.codes().contains(&Code::L0005),
        "{}",
        linted.render()
    );
    assert!(
        !linted.codes().contains(&Code::L0006),
        "{}",
        linted.render()
    );
}

#[test]
fn unused_env_stays_quiet_while_a_template_names_an_unknown_env() {
    // `t` probably meant `trainig`'s correct spelling: no "unused" guess.
    let text = "env training {}\ntemplate t in trainig {}\n";
    let linted = lint_text(text);
    assert!(linted.codes().contains(&Code::E0106), "{}", linted.render());
    assert!(
        !linted.codes().contains(&Code::L0006),
        "{}",
        linted.render()
    );
}

#[test]
fn truncation_is_reported_once_as_a_lint() {
    let text = format!(
        "env e {{}}\ntemplate t in e {{ short_name = \"{}\" }}\n",
        "s".repeat(70)
    );
    let linted = lint_text(&text);
    assert_eq!(
        linted.with_code(Code::L0004).len(),
        1,
        "{}",
        linted.render()
    );
    assert!(
        !linted.codes().contains(&Code::E0320),
        "{}",
        linted.render()
    );
    let quiet = lint_with_config(&text, "[lint]\nvalue-truncated-on-wire = \"allow\"\n");
    assert!(quiet.diagnostics.is_empty(), "{}", quiet.render());
}

#[test]
fn own_line_comment_before_a_block_covers_the_block() {
    let text = "env etl {
  // taskc: allow(secret-value-in-env-vars) -- fixtures
  env_vars {
    A_TOKEN = \"abcdefgh12345678\"
    B_TOKEN = \"abcdefgh87654321\"
  }
  env_vars += { C_TOKEN = \"abcdefgh11223344\" }
}
template t in etl {}
";
    let linted = lint_text(text);
    let lines: Vec<usize> = linted
        .with_code(Code::L0002)
        .iter()
        .map(|d| {
            linted
                .db
                .get(d.primary.file)
                .unwrap()
                .line_index(d.primary.span.start)
        })
        .collect();
    assert_eq!(lines, [6], "{}", linted.render());
}

/// A rule at `allow` does not run, so its suppression comments cannot be
/// told unused: they are not reported (at `warn` the stale one is).
#[test]
fn suppressions_of_an_allowed_rule_are_not_reported_unused() {
    let text = "env used {} // taskc: allow(unused-env)\ntemplate t in used {}\n";
    let warned = lint_text(text);
    assert_eq!(
        warned.with_code(Code::L0014).len(),
        1,
        "{}",
        warned.render()
    );
    let allowed = lint_with_config(text, "[lint]\nunused-env = \"allow\"\n");
    assert!(
        allowed.with_code(Code::L0014).is_empty(),
        "{}",
        allowed.render()
    );
}
