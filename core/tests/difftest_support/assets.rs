//! The files generated image recipes name (`requirements`, `uv_script`,
//! `source_folder`, …): one folder per test process, the root of every
//! generated workspace, with a `.dockerignore` that leaves some of them out.

use std::path::Path;
use std::sync::LazyLock;

const FILES: &[(&str, &str)] = &[
    (".dockerignore", "# generated\n**/*.pyc\nsrc/pkg/skip*\n"),
    (
        "requirements.txt",
        "pandas==2.2.3\nrequests>=2.31 ; python_version >= \"3.10\"\n",
    ),
    ("config.yaml", "region: eu\n"),
    ("bin/run.sh", "#!/bin/sh\nexec python -m pkg \"$@\"\n"),
    ("src/pkg/__init__.py", "\"\"\"pkg ✓\"\"\"\n"),
    ("src/pkg/cache.pyc", "ignored"),
    ("src/pkg/skip_me.txt", "ignored too"),
    ("src/pkg/sub/mod.py", "X = 1\n"),
    (
        "proj/pyproject.toml",
        "[project]\nname = \"proj\"\nversion = \"0.1.0\"\n",
    ),
    ("proj/uv.lock", "version = 1\n"),
    ("poetry/pyproject.toml", "[tool.poetry]\nname = \"poet\"\n"),
    ("poetry/poetry.lock", "# poetry lock\n"),
    (
        "jobs/etl.py",
        "# /// script\n# requires-python = \">=3.11\"\n# dependencies = [\"httpx\", \"it's-ok\"]\n# ///\nprint('etl')\n",
    ),
    (
        "Dockerfile",
        "FROM python:3.12-slim\nRUN pip install flyte==2.12.1\n",
    ),
];

static FOLDER: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in FILES {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
});

/// The folder holding the files (written on first use).
pub fn folder() -> &'static Path {
    FOLDER.path()
}
