//! Code actions: did-you-mean fixes and lint suppressions.

mod ide_support;

use ide_support::fixture;
use taskc_core::diagnostics::Code;
use taskc_core::source::Span;

/// Every action at the cursor, each followed by the file after applying it.
fn actions(text: &str) -> String {
    let f = fixture(text);
    let mut out = String::new();
    for a in f
        .analysis
        .code_actions(f.file, Span::new(f.offset, f.offset))
    {
        out.push_str(&format!(
            "## {} [{:?}, {}]\n{}\n",
            a.title,
            a.kind,
            a.diagnostic_code.as_deref().unwrap_or("-"),
            f.apply(&a.edits)
        ));
    }
    out
}

/// [`actions`], after asserting that one of them fixes a `code` diagnostic.
fn actions_fixing(text: &str, code: Code) -> String {
    let f = fixture(text);
    let codes: Vec<Option<String>> = f
        .analysis
        .code_actions(f.file, Span::new(f.offset, f.offset))
        .into_iter()
        .map(|a| a.diagnostic_code)
        .collect();
    assert!(
        codes.contains(&Some(code.to_string())),
        "no action for {code}: {codes:?}"
    );
    actions(text)
}

#[test]
fn misspelled_attribute() {
    insta::assert_snapshot!(actions_fixing(
        "env base {\n  resources { cpuu$0 = 1 }\n}\n",
        Code::E0301
    ));
}

#[test]
fn misspelled_env_in_extends() {
    insta::assert_snapshot!(actions_fixing(
        "env base {}\nenv child extends bsae$0 {}\n",
        Code::E0106
    ));
}

#[test]
fn misspelled_enum_member() {
    insta::assert_snapshot!(actions_fixing(
        "type Mode = enum { fast, slow }\nenv base {}\ntemplate t in base {\n  inputs { m: Mode = fsat$0 }\n}\n",
        Code::E0211
    ));
}

#[test]
fn lint_suppression_on_the_line_above() {
    insta::assert_snapshot!(actions_fixing(
        "env base {\n  cache = auto\n}\ntemplate t in base {\n  cache = enable$0\n}\n",
        Code::L0003
    ));
}

#[test]
fn lint_suppression_extends_an_existing_comment() {
    let text =
        "env base {}\ntemplate t in base {\n  // taskc: allow(L0013)\n  cache = enable$0\n}\n";
    let out = actions(text);
    assert!(out.contains("// taskc: allow(L0013, L0003)"), "{out}");
}

#[test]
fn the_suppression_it_adds_silences_the_lint() {
    let text = "env base {}\n/// Documented.\ntemplate t in base {\n  cache = enable$0\n}\n";
    let f = fixture(text);
    let action = f
        .analysis
        .code_actions(f.file, Span::new(f.offset, f.offset))
        .into_iter()
        .find(|a| a.title.starts_with("Allow"))
        .expect("a suppression action");
    let fixed = f.apply(&action.edits);
    let body = fixed.split_once('\n').map_or("", |(_, b)| b);
    let after = fixture(body);
    let codes: Vec<Code> = after
        .analysis
        .diagnostics()
        .iter()
        .map(|d| d.code)
        .collect();
    assert!(!codes.contains(&Code::L0003), "{codes:?}");
    assert!(
        !codes.contains(&Code::L0014),
        "the new comment is used: {codes:?}"
    );
}

#[test]
fn no_actions_away_from_diagnostics() {
    assert_eq!(actions("env base {\n  resources { cpu = 1 }\n}\n$0"), "");
}

/// Lint L0016's help suggests the current GPU name: the quick fix writes it.
#[test]
fn deprecated_gpu_device_gets_the_current_name() {
    let text = "env train { resources { gpu = \"A100 8$00G:8\" } }\ntemplate fit in train {}\n";
    let f = fixture(text);
    let fix = f
        .analysis
        .code_actions(f.file, Span::new(f.offset, f.offset))
        .into_iter()
        .find(|a| {
            a.diagnostic_code.as_deref() == Some(Code::L0016.as_str())
                && a.title.starts_with("Change")
        })
        .expect("a fix for L0016");
    assert_eq!(fix.title, "Change `\"A100 80G:8\"` to `\"A100_80G:8\"`");
    assert_eq!(
        f.apply(&fix.edits),
        "//- main.task\nenv train { resources { gpu = \"A100_80G:8\" } }\ntemplate fit in train {}\n"
    );
}
