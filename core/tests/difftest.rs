//! Differential conformance (docs/difftest.md): random valid workspaces
//! from a seeded generator, compiled by taskc and, through the generated
//! Python bindings, serialized by the real Flyte SDK 2.12.1; the JSON must
//! be equal under the conformance masks. On a difference the seed, the
//! shrunk workspace and the first differing paths are printed.
//!
//! Seeds: `TASKC_DIFFTEST_SEEDS` (`1,5,9` or `100..400`), else `0..40`;
//! `TASKC_DIFFTEST_FRESH=1` adds one seed from the clock, printed;
//! `TASKC_DIFFTEST_MAX_FAILURES` (default 20) stops the run early;
//! `TASKC_DIFFTEST_SHRINK=0` reports failing workspaces unshrunk;
//! `TASKC_DIFFTEST_STRICT=1` fails on the known open classes too
//! (`difftest_support/known.rs`).
//! Skipped without the SDK venv unless `TASKC_REQUIRE_FLYTE=1`.

mod backend_support;
mod difftest_support;
mod python_support;

use std::time::Instant;

use difftest_support::generate::generate;
use difftest_support::known::classify;
use difftest_support::mutate::{MUTATIONS, SDK_PROBES, Sdk};
use difftest_support::oracle::{Differ, Verdict, compile, error_codes, shrink};
use difftest_support::ws::{Item, Workspace};
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
    for (done, &seed) in seeds.iter().enumerate() {
        if done > 0 && done % 1000 == 0 {
            println!(
                "difftest: {done} workspaces, {} failing, {:.0}s",
                failures.len(),
                started.elapsed().as_secs_f64()
            );
        }
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
        let small = if std::env::var("TASKC_DIFFTEST_SHRINK").as_deref() == Ok("0") {
            ws.clone()
        } else {
            shrink(&mut differ, &ws, &verdict)
        };
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

/// Where the SDK rejects a mutated workspace, `taskc check` reports an
/// error; where taskc rejects what the SDK accepts, the rule is a row of
/// docs/language.md §11.
#[test]
fn mutations_are_rejected_as_the_sdk_rejects_them() {
    let language = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/language.md"),
    )
    .unwrap_or_default();
    let deliberate = language
        .split("## 11. Deliberate differences from the SDK")
        .nth(1)
        .unwrap_or_default();
    let mut failures = Vec::new();
    let mut applied = 0;
    for seed in 0..60 {
        let ws = generate(seed);
        for mutation in MUTATIONS {
            let Some(mutant) = mutation.apply(&ws) else {
                continue;
            };
            applied += 1;
            let compiled = compile(&mutant);
            let check_errors = compiled.check.diagnostics.iter().any(|d| d.is_error());
            if !check_errors {
                failures.push(format!(
                    "seed {seed}, {} (the SDK rejects it: {}): `taskc check` accepts\n{}",
                    mutation.name,
                    mutation.evidence,
                    mutant.render()
                ));
            }
            if let Sdk::AcceptsDeliberately(row) = mutation.sdk
                && !deliberate.contains(row)
            {
                failures.push(format!(
                    "{}: taskc rejects what the SDK accepts, but §11 has no row `{row}`",
                    mutation.name
                ));
            }
        }
    }
    assert!(applied > 500, "only {applied} mutations applied");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The SDK behaviour of the mutations taskc refuses by rule, run against
/// the real SDK (`tools/difftest/sdk_rules.py`): a `Rejects` mutation's
/// probe raises, an `AcceptsDeliberately` one's changes the value, and every
/// control (`*_ok`) is accepted as written.
#[test]
fn sdk_rule_probes_show_what_the_sdk_does() {
    let Some(python) = venv_python("sdk rule probes") else {
        return;
    };
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/difftest/sdk_rules.py");
    let out = std::process::Command::new(&python)
        .arg(&script)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    let results: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let results = results.as_object().cloned().unwrap_or_default();
    let mut failures = Vec::new();
    for (mutation, probe) in SDK_PROBES {
        let Some(m) = MUTATIONS.iter().find(|m| m.name == *mutation) else {
            failures.push(format!("no mutation named `{mutation}`"));
            continue;
        };
        let want = match m.sdk {
            Sdk::Rejects => "rejects",
            Sdk::AcceptsDeliberately(_) => "changes",
        };
        let got = results
            .get(*probe)
            .and_then(|v| v.as_str())
            .unwrap_or("missing");
        if got != want {
            failures.push(format!(
                "{mutation} ({probe}): the SDK {got}, the mutation says {want}"
            ));
        }
    }
    for (probe, got) in results.iter().filter(|(k, _)| k.ends_with("_ok")) {
        if got != "accepts" {
            failures.push(format!("control {probe}: the SDK {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Errors only `taskc build` can find (they are not about output paths),
/// written into generated workspaces.
fn build_probes(ws: &Workspace) -> Vec<Workspace> {
    let mut out = Vec::new();
    // No module for a function template (E0720).
    let mut no_module = ws.clone();
    no_module.toml = no_module.toml.replace("default_module = \"tasks\"\n", "");
    out.push(no_module);
    // A deploy version Flyte refuses (E0723).
    let mut long_version = ws.clone();
    long_version.toml = long_version.toml.replace(
        "version = \"v1\"",
        &format!("version = \"{}\"", "v".repeat(70)),
    );
    out.push(long_version);
    // A pod spec whose containers cannot take the task's container (E0722).
    for decl in 0..ws.decls.len() {
        if ws.decls[decl].head.starts_with("env ") && !ws.decls[decl].head.contains(" extends ") {
            let mut bad_pod = ws.clone();
            bad_pod.decls[decl]
                .items
                .retain(|i| !i.head.starts_with("pod_template") && !i.head.starts_with("reusable"));
            bad_pod.decls[decl]
                .items
                .push(Item::line("pod_template { pod_spec { containers = 3 } }"));
            out.push(bad_pod);
            break;
        }
    }
    // A fixed-rate trigger starting at a time that is no timestamp (E0703).
    if let Some(t) = ws
        .decls
        .iter()
        .position(|d| d.head.starts_with("template "))
    {
        let mut bad_start = ws.clone();
        bad_start.decls[t].items.push(Item::block(
            "trigger late",
            vec![
                "rate = 5m".into(),
                "start_time = \"99999-01-01T00:00:00Z\"".into(),
            ],
        ));
        out.push(bad_start);
    }
    out
}

/// check = build: every error `taskc build` reports for a workspace (but
/// those about output paths) is reported by `taskc check` too.
#[test]
fn check_reports_every_error_build_reports() {
    let output_path_codes = ["E0721"];
    let mut failures = Vec::new();
    let mut build_errors_seen = 0;
    for seed in 0..60 {
        let ws = generate(seed);
        let mut variants = vec![ws.clone()];
        variants.extend(MUTATIONS.iter().filter_map(|m| m.apply(&ws)));
        variants.extend(build_probes(&ws));
        for variant in variants {
            let compiled = compile(&variant);
            let check_codes: Vec<String> = compiled
                .check
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.code.to_string())
                .collect();
            for d in compiled.build.diagnostics.iter().filter(|d| d.is_error()) {
                let code = d.code.to_string();
                build_errors_seen += 1;
                if !output_path_codes.contains(&code.as_str()) && !check_codes.contains(&code) {
                    failures.push(format!(
                        "seed {seed}: build reports {code} ({}), check does not\n{}",
                        d.message,
                        variant.render()
                    ));
                }
            }
        }
        if failures.len() > 5 {
            break;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    println!("check = build: {build_errors_seen} build errors, all reported by check");
}
