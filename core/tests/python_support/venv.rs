//! The Flyte SDK venv the Python tests run in (`tools/oracle/setup.sh`),
//! shared by the bindings and the drift tests.

use std::path::{Path, PathBuf};

/// The venv's Python, or why it cannot be used. With `TASKC_REQUIRE_FLYTE=1`
/// a missing venv is a failure instead of a skip.
pub fn venv_python(test: &str) -> Option<PathBuf> {
    let venv = std::env::var_os("TASKC_FLYTE_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            // The repository root: the root package's folder or its parent.
            let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
            let root = if manifest.join("Cargo.lock").exists() {
                manifest.to_path_buf()
            } else {
                manifest.join("..")
            };
            root.join("target").join("flyte-venv")
        });
    let python = venv.join("bin").join("python");
    if python.exists() {
        return Some(python);
    }
    let why = format!(
        "{test}: no Flyte SDK venv at {} (run tools/oracle/setup.sh)",
        venv.display()
    );
    assert!(
        std::env::var("TASKC_REQUIRE_FLYTE").as_deref() != Ok("1"),
        "{why}; TASKC_REQUIRE_FLYTE=1 requires it"
    );
    eprintln!("skipped {why}");
    None
}
