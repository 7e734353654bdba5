//! Property tests: random mutations of real workspaces (the conformance
//! translations and the spec's example) never make parse + analyze panic,
//! and every diagnostic points inside the files.

mod proptest_cases;
mod semantic_common;

use proptest::prelude::*;
use proptest_cases::cases_from_env;
use semantic_common::{analyze_files, conformance_cases, conformance_dir, tasks_module};
use taskc_core::diagnostics::Code;

const EXAMPLE: &str = include_str!("data/example.task");

/// The source texts mutations start from.
fn corpus() -> Vec<String> {
    let mut out = vec![EXAMPLE.to_string()];
    out.extend(
        semantic_common::task_files_in(&semantic_common::examples_dir())
            .into_iter()
            .map(|(_, text)| text),
    );
    for case in conformance_cases() {
        let dir = conformance_dir().join(&case);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            if entry.path().extension().is_some_and(|e| e == "task") {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    out.push(text);
                }
            }
        }
    }
    out
}

/// Words and values that move a workspace into the semantic checks'
/// corners: attribute names of every block, wrong-kind values, names that
/// collide, `+=`, reusable and query bits.
fn token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "env",
        "template",
        "override",
        "extends",
        "in",
        "of",
        "base",
        "mid",
        "leaf",
        "e",
        "t",
        "x",
        "image",
        "resources",
        "cpu",
        "memory",
        "gpu",
        "disk",
        "shm",
        "env_vars",
        "secrets",
        "cache",
        "reusable",
        "replicas",
        "concurrency",
        "idle_ttl",
        "queue",
        "pod_template",
        "pod_spec",
        "plugin",
        "dask",
        "retries",
        "backoff",
        "factor",
        "cap",
        "timeout",
        "links",
        "uri",
        "sql",
        "bigquery",
        "snowflake",
        "query",
        "container",
        "command",
        "inputs",
        "outputs",
        "returns",
        "deploy",
        "async",
        "debuggable",
        "off",
        "auto",
        "none",
        "=",
        "+=",
        "{",
        "}",
        "[",
        "]",
        ",",
        "\n",
        "\"A100:9\"",
        "\"4GB\"",
        "-1",
        "0",
        "2",
        "1.5",
        "30s",
        "5m",
        "true",
        "\"{run}\"",
        "\"@x\"",
        "\"/var/inputs/q\"",
        "int",
        "str",
        "dataframe",
        "trigger_time",
        "\"\"",
        "\u{e9}",
    ])
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the bytes at `at..at+len` (fractions of the text) by a token.
    Replace {
        at: f64,
        len: usize,
        token: &'static str,
    },
    /// Insert a token.
    Insert { at: f64, token: &'static str },
    /// Duplicate the line at `at` (repeated keys and declarations).
    DuplicateLine { at: f64 },
    /// Cut the text at `at`.
    Truncate { at: f64 },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64, 0usize..12, token()).prop_map(|(at, len, token)| Mutation::Replace {
            at,
            len,
            token
        }),
        (0.0..1.0f64, token()).prop_map(|(at, token)| Mutation::Insert { at, token }),
        (0.0..1.0f64).prop_map(|at| Mutation::DuplicateLine { at }),
        (0.0..1.0f64).prop_map(|at| Mutation::Truncate { at }),
    ]
}

/// A byte offset on a character boundary.
fn offset(text: &str, at: f64) -> usize {
    let mut i = ((text.len() as f64) * at) as usize;
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, m: &Mutation) -> String {
    match m {
        Mutation::Replace { at, len, token } => {
            let start = offset(text, *at);
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}{token}{}", &text[..start], &text[end.max(start)..])
        }
        Mutation::Insert { at, token } => {
            let i = offset(text, *at);
            format!("{} {token} {}", &text[..i], &text[i..])
        }
        Mutation::DuplicateLine { at } => {
            let lines: Vec<&str> = text.lines().collect();
            if lines.is_empty() {
                return text.to_string();
            }
            let n = ((lines.len() as f64) * at) as usize % lines.len();
            let mut out: Vec<&str> = lines.clone();
            out.insert(n, lines[n]);
            out.join("\n")
        }
        Mutation::Truncate { at } => text[..offset(text, *at)].to_string(),
    }
}

fn check(files: &[(&str, &str)]) {
    let analyzed = analyze_files(files, &tasks_module());
    for d in &analyzed.diagnostics {
        for label in std::iter::once(&d.primary).chain(&d.labels) {
            let text = files
                .get(label.file.0 as usize)
                .map(|(_, t)| *t)
                .unwrap_or("");
            assert!(
                label.span.start <= label.span.end && label.span.end <= text.len(),
                "{d:?} outside its file"
            );
        }
    }
    // Rendering walks every span too.
    let _ = analyzed.render();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases_from_env(300)))]

    #[test]
    fn mutated_workspaces_never_panic(
        pick in 0usize..1000,
        other in 0usize..1000,
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let corpus = corpus();
        let base = &corpus[pick % corpus.len()];
        let mut text = base.clone();
        for m in &mutations {
            text = apply(&text, m);
        }
        // A second, unmutated file shares the namespace (duplicates across files).
        let second = &corpus[other % corpus.len()];
        check(&[("a.task", &text), ("b.task", second)]);
    }
}

#[test]
fn the_whole_corpus_as_one_workspace_does_not_panic() {
    let corpus = corpus();
    let files: Vec<(String, &str)> = corpus
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("f{i}.task"), t.as_str()))
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let analyzed = analyze_files(&refs, &tasks_module());
    // The files redeclare the same names: those are reported, nothing panics.
    assert!(analyzed.codes().contains(&Code::E0101) || analyzed.codes().contains(&Code::E0102));
}
