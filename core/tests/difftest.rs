//! Differential conformance (docs/testing.md): random valid workspaces
//! from a seeded generator, compiled by taskc and, through the generated
//! Python bindings, serialized by the real Flyte SDK 2.12.1; the JSON must
//! be equal under the conformance masks. On a difference the seed, the
//! shrunk workspace and the first differing paths are printed.
//!
//! Seeds: `TASKC_DIFFTEST_SEEDS` (`1,5,9` or `100..400`), else `0..40`;
//! `TASKC_DIFFTEST_FRESH=1` adds one seed from the clock, printed;
//! `TASKC_DIFFTEST_MAX_FAILURES` (default 20) stops the run early;
//! `TASKC_DIFFTEST_STRICT=1` fails on the known open classes too
//! (`difftest_support/known.rs`).
//! Skipped without the SDK venv unless `TASKC_REQUIRE_FLYTE=1`.

mod backend_support;
mod difftest_support;
mod python_support;

use std::time::Instant;

use difftest_support::generate::generate;
use difftest_support::known::classify;
use difftest_support::oracle::{Differ, Verdict, compile, error_codes, shrink};
use python_support::venv_python;

fn seeds() -> Vec<u64> {
    let mut out: Vec<u64> = match std::env::var("TASKC_DIFFTEST_SEEDS") {
        Ok(spec) => spec
            .split(',')
            .flat_map(|part| match part.split_once("..") {
                Some((a, b)) => {
                    let a: u64 = a.trim().parse().unwrap_or(0);
                    let b: u64 = b.trim().parse().unwrap_or(0);
                    (a..b).collect::<Vec<_>>()
                }
                None => part.trim().parse().into_iter().collect(),
            })
            .collect(),
        Err(_) => (0..40).collect(),
    };
    if std::env::var("TASKC_DIFFTEST_FRESH").as_deref() == Ok("1") {
        let fresh = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        println!("difftest: fresh seed {fresh} (TASKC_DIFFTEST_SEEDS={fresh} repeats it)");
        out.push(fresh);
    }
    out
}

#[test]
fn generated_workspaces_match_the_sdk() {
    let Some(python) = venv_python("difftest") else {
        return;
    };
    let seeds = seeds();
    let started = Instant::now();
    let mut differ = Differ::start(&python);
    let max_failures: usize = std::env::var("TASKC_DIFFTEST_MAX_FAILURES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let mut failures = Vec::new();
    let mut tasks = 0;
    let mut known = std::collections::BTreeMap::new();
    for &seed in &seeds {
        let ws = generate(seed);
        let verdict = differ.check(&ws);
        if verdict.is_same() {
            tasks += compile(&ws).build.artifacts.len();
            continue;
        }
        let strict = std::env::var("TASKC_DIFFTEST_STRICT").as_deref() == Ok("1");
        if let Some(class) = classify(&verdict).filter(|_| !strict) {
            *known.entry(class).or_insert(0usize) += 1;
            continue;
        }
        let small = shrink(&mut differ, &ws, &verdict);
        let small_verdict = differ.check(&small);
        let report = format!(
            "seed {seed}: {}\n--- shrunk workspace ---\n{}\n--- its result ---\n{}",
            verdict.describe(),
            small.render(),
            small_verdict.describe()
        );
        eprintln!("{report}\n");
        failures.push(seed);
        if failures.len() >= max_failures {
            break;
        }
    }
    println!(
        "difftest: {} workspaces, {tasks} tasks equal, {} failing, known open classes {known:?}, {:.1}s",
        seeds.len(),
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "failing seeds: {failures:?}");
}

/// Every generated workspace is valid: the generator writes only what
/// taskc accepts (no SDK needed).
#[test]
fn generated_workspaces_are_valid() {
    let mut failures = Vec::new();
    for seed in 0..300 {
        let ws = generate(seed);
        let compiled = compile(&ws);
        let codes = error_codes(&compiled);
        if !codes.is_empty() && failures.is_empty() {
            failures.push(format!(
                "seed {seed}: {codes:?}\n{}\n{}",
                compiled.render_diagnostics(),
                ws.render()
            ));
        } else if !codes.is_empty() {
            failures.push(format!("seed {seed}: {codes:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    let _ = Verdict::Same;
}
