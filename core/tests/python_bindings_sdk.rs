//! The generated Python bindings make the Flyte SDK 2.12.1 put on the wire
//! exactly what `taskc build` emits. For every valid conformance case and
//! for `examples/`: the bindings, starter modules of plain functions
//! decorated from them, the oracle's `serialize.py` run on them in the SDK
//! venv (tools/oracle/setup.sh), and each entry compared with taskc's
//! artifact under the masks of `backend_conformance` (WIRE.md §7). No
//! deliberate difference applies: the bindings reproduce taskc's choices.
//!
//! Skipped (with a message) without the venv; `TASKC_REQUIRE_FLYTE=1`
//! makes a missing venv a failure.

mod backend_support;
mod python_support;

use std::path::Path;

use backend_support::golden::{Expectations, compare_entry, expectations, layered_prefixes};
use backend_support::{compile_dir, conformance_cases, conformance_dir};
use python_support::{serialize, venv_python, write_workspace};

fn assert_sdk_equal(test: &str, dir: &Path) {
    let Some(python) = venv_python(test) else {
        return;
    };
    let compiled = compile_dir(dir);
    compiled.assert_no_errors();
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write_workspace(&compiled, dir, root.path());
    let entries = serialize(&python, root.path()).unwrap_or_else(|e| panic!("{test}: {e}"));
    let prefixes = layered_prefixes(&compiled);
    let none = Expectations {
        outcome_error: false,
        differences: Vec::new(),
    };
    let mut report = String::new();
    for entry in &entries {
        let (label, differences) = compare_entry(&compiled, entry, &none, &prefixes);
        if !differences.is_empty() {
            report.push_str(&format!("\n{label}:\n  {}", differences.join("\n  ")));
        }
    }
    let names: Vec<&str> = entries
        .iter()
        .filter_map(|e| e["task_name"].as_str())
        .collect();
    assert_eq!(
        entries.len(),
        compiled.build.artifacts.len(),
        "{test}: every artifact is one SDK entry; the SDK gave {names:?}"
    );
    assert!(report.is_empty(), "{test}: the SDK differs from taskc:{report}");
}

macro_rules! cases {
    ($($test:ident => $case:literal,)*) => {
        $(
            #[test]
            fn $test() {
                assert_sdk_equal($case, &conformance_dir().join($case));
            }
        )*

        const COVERED: &[&str] = &[$($case),*];
    };
}

cases! {
    case_01_minimal => "01_minimal",
    case_02_env_full => "02_env_full",
    case_03_clone_chain => "03_clone_chain",
    case_04_types_primitives => "04_types_primitives",
    case_06_types_enum_literal => "06_types_enum_literal",
    case_07_types_struct => "07_types_struct",
    case_08_types_io => "08_types_io",
    case_09_defaults => "09_defaults",
    case_11_cache => "11_cache",
    case_14_reusable => "14_reusable",
    case_15_interruptible_queue_sa => "15_interruptible_queue_sa",
    case_17_triggers => "17_triggers",
    case_18_links_report_docs => "18_links_report_docs",
    case_19_override => "19_override",
    case_20_sql_bigquery => "20_sql_bigquery",
    case_23_no_code_bundle => "23_no_code_bundle",
    case_24_sync_sys_paths => "24_sync_sys_paths",
    case_25_images => "25_images",
    case_29_plugin_dask => "29_plugin_dask",
    case_30_container_task => "30_container_task",
}

#[test]
fn examples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("examples");
    assert_sdk_equal("examples", &dir);
}

/// Every valid case taskc accepts is covered (those taskc deliberately
/// rejects have no bindings).
#[test]
fn every_valid_case_is_covered() {
    let valid: Vec<String> = conformance_cases()
        .into_iter()
        .filter(|c| {
            let dir = conformance_dir().join(c);
            !dir.join("expected_error.txt").exists() && !expectations(&dir).outcome_error
        })
        .collect();
    assert_eq!(valid, COVERED);
}
