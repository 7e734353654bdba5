//! Wire features outside the conformance corpus, compared with what the
//! Flyte SDK 2.12.1 emits for the same definitions. Each folder of
//! `tests/backend_goldens/` holds `tasks.py` (the Python definition),
//! `expected.json` (the oracle's output for it, WIRE.md §9), `taskc.toml`
//! and `tasks.task` (the translation); the comparison and its masks are
//! those of the conformance cases.

mod backend_support;

use std::path::{Path, PathBuf};

use backend_support::golden::run_golden;

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("backend_goldens")
        .join(name)
}

/// Pod templates, retry/timeout policies, TPU, Dask defaults, a reusable
/// env with security settings, a Snowflake batch query.
#[test]
fn extras_equal_the_sdk() {
    run_golden(&golden("extras"));
}

/// `_F_SYS_PATH` on the deploy path only, an override switching to a pod
/// template, an override replacing the reuse policy, container tasks with
/// container settings and pinned / salted caches, a BigQuery job config.
#[test]
fn more_equal_the_sdk() {
    run_golden(&golden("more"));
}
