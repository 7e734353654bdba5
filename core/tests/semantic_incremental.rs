//! A check that reuses the last check's work (`check_workspace_with` and
//! its `CheckCache`, what the language server runs after every keystroke)
//! gives exactly what a check from scratch gives: the same diagnostics,
//! the same resolved model (settings, provenance, interfaces, spans), the
//! same trees — after any sequence of edits, in any file, including the
//! configuration.

mod proptest_cases;

use std::path::Path;

use taskc_core::check::{CheckCache, CheckOutput, check_workspace, check_workspace_with};
use taskc_core::source::SourceDb;
use taskc_core::workspace::parse_config;

/// The bundled examples: envs in one file, templates, types and overrides
/// in others that use them.
fn examples() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut files = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("examples").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "task") {
                let text = std::fs::read_to_string(&path).expect("example");
                let name = path
                    .strip_prefix(&root)
                    .expect("inside")
                    .display()
                    .to_string();
                files.push((name, text));
            }
        }
    }
    files.sort();
    assert!(files.len() >= 5, "examples not found");
    files
}

/// A small workspace whose templates all depend on declarations of other
/// files: envs with `extends` chains in one, named types in another, and
/// templates and overrides spread over three more.
fn layered() -> Vec<(String, String)> {
    let envs = r#"/// The root runtime.
env base {
  resources { cpu = 1, memory = "1Gi" }
  env_vars { A = "1" }
}
env mid extends base {
  resources { cpu = 2 }
  env_vars += { B = "2" }
  cache = auto
}
env leaf extends mid {
  secrets = ["token"]
}
env other {
  resources { cpu = 4, memory = "2Gi" }
}
"#;
    let types = r#"type Region = enum { us, eu, apac }
type Cfg = record {
  name: str = "run"
  epochs: int = 1
  region: Region = us
}
"#;
    let template = |k: usize, env: &str| {
        format!(
            r#"/// Template {k}.
template t{k} in {env} {{
  module = "pkg.tasks"
  inputs {{
    x: int = {k}
    cfg: Cfg = {{}}
    region: Region = eu
  }}
  returns float
  retries = {k}
}}
"#
        )
    };
    let mut files = vec![
        ("envs.task".to_string(), envs.to_string()),
        ("types.task".to_string(), types.to_string()),
    ];
    for (f, envs) in [["leaf", "mid"], ["base", "other"], ["leaf", "other"]]
        .iter()
        .enumerate()
    {
        let mut text = String::new();
        for (i, env) in envs.iter().enumerate() {
            text.push_str(&template(f * 2 + i, env));
        }
        if f == 0 {
            text.push_str("override fast of t0 { retries = 5 }\n");
        }
        files.push((format!("t{f}.task"), text));
    }
    files
}

const CONFIGS: [&str; 2] = [
    "[flyte]\nproject = \"p\"\ndomain = \"d\"\n",
    "[flyte]\nproject = \"p\"\ndomain = \"d\"\ndefault_module = \"pkg.default\"\n",
];

/// Check `files` with `cache` and from scratch; they must agree.
fn check_both(files: &[(String, String)], config: usize, cache: &mut CheckCache) -> CheckOutput {
    let mut db = SourceDb::new();
    let toml = db.add("taskc.toml", CONFIGS[config]);
    let (config, _) = parse_config(toml, CONFIGS[config]);
    for (path, text) in files {
        db.add(path.as_str(), text.as_str());
    }
    let incremental = check_workspace_with(&db, &config, cache);
    let fresh = check_workspace(&db, &config);
    assert_eq!(incremental.files, fresh.files, "trees differ");
    assert_eq!(
        incremental.diagnostics, fresh.diagnostics,
        "diagnostics differ"
    );
    assert!(
        incremental.model == fresh.model,
        "models differ:\n{}",
        first_difference(
            &format!("{:#?}", incremental.model),
            &format!("{:#?}", fresh.model)
        )
    );
    incremental
}

/// The first differing line of two debug dumps, with a little context.
fn first_difference(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = at.saturating_sub(8);
    format!(
        "incremental:\n{}\nfrom scratch:\n{}",
        a.get(from..(at + 3).min(a.len()))
            .unwrap_or_default()
            .join("\n"),
        b.get(from..(at + 3).min(b.len()))
            .unwrap_or_default()
            .join("\n")
    )
}

#[test]
fn unchanged_templates_are_taken_from_the_cache() {
    let mut files = layered();
    let mut cache = CheckCache::new();
    let first = check_both(&files, 0, &mut cache);
    assert!(!first.has_errors(), "{:#?}", first.diagnostics);
    assert_eq!(cache.reused_declarations(), 0);

    // An edit in a template file: the other files' templates are kept.
    files[2].1 = files[2].1.replace("x: int = 0", "x: int = 7");
    check_both(&files, 0, &mut cache);
    assert_eq!(cache.reused_declarations(), 4, "t2..t5 are in other files");

    // An edit to env `mid`: templates in `mid` and in `leaf` (which
    // extends it) resolve again, those in `base` and `other` do not.
    files[0].1 = files[0]
        .1
        .replace("resources { cpu = 2 }", "resources { cpu = 3 }");
    check_both(&files, 0, &mut cache);
    assert_eq!(
        cache.reused_declarations(),
        3,
        "t2 (base), t3 and t5 (other); not the override of t0"
    );

    // A named type changed: every template resolves again.
    files[1].1 = files[1].1.replace("epochs: int = 1", "epochs: int = 2");
    check_both(&files, 0, &mut cache);
    assert_eq!(cache.reused_declarations(), 0);

    // Nothing changed: everything is kept.
    check_both(&files, 0, &mut cache);
    assert_eq!(
        cache.reused_declarations(),
        7,
        "six templates and the override"
    );

    // The configuration changed: everything resolves again.
    check_both(&files, 1, &mut cache);
    assert_eq!(cache.reused_declarations(), 0);
}

#[test]
fn a_renamed_env_is_reported_where_templates_use_it_and_fixed_there() {
    let mut files = layered();
    let mut cache = CheckCache::new();
    check_both(&files, 0, &mut cache);
    files[0].1 = files[0].1.replace("env other {", "env others {");
    let broken = check_both(&files, 0, &mut cache);
    let unknown: Vec<_> = broken
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("`other`, which is not declared"))
        .collect();
    assert_eq!(unknown.len(), 2, "{:#?}", broken.diagnostics);
    assert!(
        unknown
            .iter()
            .all(|d| d.help.as_deref() == Some("did you mean `others`?"))
    );
    files[0].1 = files[0].1.replace("env others {", "env other {");
    let fixed = check_both(&files, 0, &mut cache);
    assert!(!fixed.has_errors(), "{:#?}", fixed.diagnostics);
}

#[test]
fn lint_findings_of_kept_tasks_are_kept_and_follow_their_env() {
    let mut files = layered();
    // t1 (in `mid`) repeats mid's cache: lint `redundant-inherited-value`.
    files[2].1 = files[2]
        .1
        .replace("  retries = 1\n", "  retries = 1\n  cache = auto\n");
    let redundant = |output: &CheckOutput| {
        output
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("to the value it inherits"))
            .count()
    };
    let mut cache = CheckCache::new();
    let first = check_both(&files, 0, &mut cache);
    assert_eq!(redundant(&first), 1, "{:#?}", first.diagnostics);
    // Another file changed: t1 is kept, and so is its finding.
    files[3].1.push_str("// note\n");
    assert_eq!(redundant(&check_both(&files, 0, &mut cache)), 1);
    assert!(cache.reused_declarations() > 0);
    // Its env changed: t1 resolves again, and its value is no longer an
    // inherited one.
    files[0].1 = files[0].1.replace("  cache = auto\n", "");
    assert_eq!(redundant(&check_both(&files, 0, &mut cache)), 0);
}

mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::proptest_cases::cases_from_env;

    /// One edit of an editing session.
    #[derive(Debug, Clone)]
    enum Edit {
        /// Insert a piece of text at (a character boundary near) a fraction
        /// of the file.
        Insert {
            file: usize,
            at: f64,
            piece: &'static str,
        },
        /// Delete up to `len` bytes from there.
        Delete { file: usize, at: f64, len: usize },
        /// Rename every occurrence of one word of the file in that file (an
        /// env, a type, a template, an attribute…).
        Rename {
            file: usize,
            word: usize,
            suffix: &'static str,
        },
        /// Replace a number of the file by another.
        Number {
            file: usize,
            which: usize,
            value: u32,
        },
        /// Move a line to another file.
        MoveLine { from: usize, line: usize, to: usize },
        /// Switch the configuration.
        Config,
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "x",
            "\n",
            " ",
            "}",
            "{",
            "\"",
            "// c\n",
            "/// doc\n",
            "env extra extends base { cpu = 3 }\n",
            "env base { }\n",
            "template extra in leaf { module = \"m\" }\n",
            "type Extra = record { a: int = 1 }\n",
            "type Cfg = record { a: int }\n",
            "override again of t1 { retries = 2 }\n",
            "  resources { cpu = 9 }\n",
            "  cache = auto\n",
            "  retries = 4\n",
            "  timeout = 1h\n",
            "  inputs { y: int = 2 }\n",
            "  extends mid\n",
        ])
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let file = 0..16usize;
        prop_oneof![
            4 => (file.clone(), 0.0..1.0f64, piece()).prop_map(|(file, at, piece)| Edit::Insert { file, at, piece }),
            2 => (file.clone(), 0.0..1.0f64, 1..40usize).prop_map(|(file, at, len)| Edit::Delete { file, at, len }),
            3 => (file.clone(), 0..400usize, prop::sample::select(vec!["x", "2", ""])).prop_map(|(file, word, suffix)| Edit::Rename { file, word, suffix }),
            2 => (file.clone(), 0..200usize, 0..12u32).prop_map(|(file, which, value)| Edit::Number { file, which, value }),
            1 => (file.clone(), 0..400usize, file).prop_map(|(from, line, to)| Edit::MoveLine { from, line, to }),
            1 => Just(Edit::Config),
        ]
    }

    fn boundary(text: &str, at: f64) -> usize {
        let mut at = ((text.len() as f64) * at) as usize;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// The words of a text (identifiers, including `-`), in order of first
    /// appearance.
    fn words(text: &str) -> Vec<&str> {
        let mut seen = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_alphabetic() || bytes[i] == b'_' {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'-')
                {
                    i += 1;
                }
                let word = &text[start..i];
                if !seen.contains(&word) {
                    seen.push(word);
                }
            } else {
                i += 1;
            }
        }
        seen
    }

    /// `text` with every whole occurrence of `word` replaced.
    fn rename(text: &str, word: &str, to: &str) -> String {
        let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        let mut before: Option<u8> = None;
        while let Some(at) = rest.find(word) {
            let after = rest.as_bytes().get(at + word.len()).copied();
            let prev = if at == 0 {
                before
            } else {
                Some(rest.as_bytes()[at - 1])
            };
            out.push_str(&rest[..at]);
            if prev.is_some_and(is_word) || after.is_some_and(is_word) {
                out.push_str(word);
            } else {
                out.push_str(to);
            }
            before = word.as_bytes().last().copied();
            rest = &rest[at + word.len()..];
        }
        out.push_str(rest);
        out
    }

    fn apply(files: &mut [(String, String)], config: &mut usize, edit: &Edit) {
        let n = files.len();
        match *edit {
            Edit::Insert { file, at, piece } => {
                let text = &mut files[file % n].1;
                let at = boundary(text, at);
                text.insert_str(at, piece);
            }
            Edit::Delete { file, at, len } => {
                let text = &mut files[file % n].1;
                let start = boundary(text, at);
                let mut end = (start + len).min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.replace_range(start..end, "");
            }
            Edit::Rename { file, word, suffix } => {
                let text = &files[file % n].1;
                let words = words(text);
                if let Some(&w) = words.get(word % words.len().max(1)) {
                    let renamed = if suffix.is_empty() {
                        w.chars()
                            .take(w.chars().count().saturating_sub(1).max(1))
                            .collect()
                    } else {
                        format!("{w}{suffix}")
                    };
                    files[file % n].1 = rename(text, w, &renamed);
                }
            }
            Edit::Number { file, which, value } => {
                let text = &mut files[file % n].1;
                let digits: Vec<usize> = text
                    .char_indices()
                    .filter(|(_, c)| c.is_ascii_digit())
                    .map(|(i, _)| i)
                    .collect();
                if let Some(&at) = digits.get(which % digits.len().max(1)) {
                    let digit = char::from_digit(value % 10, 10).unwrap_or('0');
                    text.replace_range(at..at + 1, &digit.to_string());
                }
            }
            Edit::MoveLine { from, line, to } => {
                let source = &files[from % n].1;
                let lines: Vec<&str> = source.split_inclusive('\n').collect();
                if lines.is_empty() {
                    return;
                }
                let k = line % lines.len();
                let moved = lines[k].to_string();
                let rest: String = lines
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != k)
                    .map(|(_, l)| *l)
                    .collect();
                files[from % n].1 = rest;
                files[to % n].1.push_str(&moved);
            }
            Edit::Config => *config = 1 - *config,
        }
    }

    fn session(mut files: Vec<(String, String)>, edits: &[Edit]) -> usize {
        let mut cache = CheckCache::new();
        let mut config = 0;
        check_both(&files, config, &mut cache);
        let mut reused = 0;
        for edit in edits {
            apply(&mut files, &mut config, edit);
            check_both(&files, config, &mut cache);
            reused += cache.reused_declarations();
        }
        reused
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases_from_env(48)))]

        #[test]
        fn any_editing_session_of_a_layered_workspace_matches_checks_from_scratch(
            edits in prop::collection::vec(edit(), 1..12)
        ) {
            session(layered(), &edits);
        }

        #[test]
        fn any_editing_session_of_the_examples_matches_checks_from_scratch(
            edits in prop::collection::vec(edit(), 1..6)
        ) {
            session(examples(), &edits);
        }
    }

    /// The sessions above would pass with a cache that never reuses
    /// anything; this one shows that they exercise reuse.
    #[test]
    fn editing_sessions_reuse_templates() {
        let edits = [
            Edit::Insert {
                file: 2,
                at: 0.5,
                piece: "x",
            },
            Edit::Number {
                file: 3,
                which: 1,
                value: 5,
            },
            Edit::Rename {
                file: 0,
                word: 3,
                suffix: "x",
            },
        ];
        assert!(session(layered(), &edits) > 0);
        assert!(session(examples(), &edits) > 0);
    }
}
