//! `.dockerignore` matching (`workspace::dockerignore`) against the SDK's
//! own `PatternMatcher` on generated patterns and paths: which files a
//! copied folder hashes decides the image tag, so the two must agree on
//! every pattern the SDK can compile.

#[path = "python_support/venv.rs"]
mod venv;

use std::io::Write;
use std::process::{Command, Stdio};

use taskc_core::workspace::dockerignore::DockerIgnore;

/// The SDK's verdicts: one list of booleans per case (`null` when the SDK
/// cannot compile a pattern).
const SCRIPT: &str = r#"
import json, sys
from flyte._internal.imagebuild.docker import PatternMatcher
out = []
for patterns, paths in json.load(sys.stdin):
    try:
        matcher = PatternMatcher(patterns)
        out.append([matcher.matches(p) for p in paths])
    except Exception:
        out.append(None)
print(json.dumps(out))
"#;

/// A small deterministic generator (the cases must not change between runs).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PATTERN_PARTS: &[&str] = &[
    "a", "b", "c", "src", "x.py", "*.pyc", "*", "**", "?", "[ab]", "[!a]*", "A", ".", "..", "c?d",
    "**/*.txt",
];
const PATH_PARTS: &[&str] = &[
    "a", "b", "src", "x.py", "y.pyc", "cd", "C", "AB", "n.txt", ".hidden", "ab",
];

fn case(rng: &mut Rng) -> (Vec<String>, Vec<String>) {
    let patterns = (0..1 + rng.below(4))
        .map(|_| {
            let parts: Vec<&str> = (0..1 + rng.below(3))
                .map(|_| rng.pick(PATTERN_PARTS))
                .collect();
            let bang = if rng.below(4) == 0 { "!" } else { "" };
            let lead = if rng.below(6) == 0 { "/" } else { "" };
            format!("{bang}{lead}{}", parts.join("/"))
        })
        .collect();
    let paths = (0..6)
        .map(|_| {
            let parts: Vec<&str> = (0..1 + rng.below(4))
                .map(|_| rng.pick(PATH_PARTS))
                .collect();
            parts.join("/")
        })
        .collect();
    (patterns, paths)
}

#[test]
fn matching_agrees_with_the_sdks_pattern_matcher() {
    let Some(python) = venv::venv_python("dockerignore against the SDK") else {
        return;
    };
    let mut rng = Rng(20261203);
    let cases: Vec<(Vec<String>, Vec<String>)> = (0..600).map(|_| case(&mut rng)).collect();
    let mut child = Command::new(&python)
        .arg("-c")
        .arg(SCRIPT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    let input = serde_json::to_vec(&cases).expect("json");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input)
        .expect("write");
    let output = child.wait_with_output().expect("python");
    let verdicts: Vec<Option<Vec<bool>>> =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {output:?}"));
    assert_eq!(verdicts.len(), cases.len());
    let mut compared = 0;
    let mut differences = Vec::new();
    for ((patterns, paths), verdict) in cases.iter().zip(&verdicts) {
        let Some(sdk) = verdict else {
            continue;
        };
        let lines: Vec<&str> = patterns.iter().map(String::as_str).collect();
        let ours = DockerIgnore::new(&lines);
        for (path, sdk_ignores) in paths.iter().zip(sdk) {
            compared += 1;
            if ours.matches(path) != *sdk_ignores {
                differences.push(format!("{patterns:?} {path}: the SDK says {sdk_ignores}"));
            }
        }
    }
    assert!(compared > 3000, "only {compared} paths compared");
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
