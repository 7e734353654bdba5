//! The Python modules of function templates, read with the workspace so
//! that `taskc check` can compare each with its declared interface
//! (`crate::drift`).
//!
//! A template's `module = "a.b.c"` (or `[flyte] default_module`) lives in
//! `<root>/a/b/c.py` or `<root>/a/b/c/__init__.py` for the first of the
//! `[python] roots` that has one. A module under no root is not an error: it
//! may come from an installed package.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Config;
use crate::source::{FileId, SourceDb};

/// A Python module read with the workspace: its dotted name and its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PythonModule {
    pub name: String,
    pub file: FileId,
}

/// Add the Python module of each function template found under the
/// `[python] roots` to `db` (and `config.python.modules`), for the check of
/// the functions against their templates; the absolute paths of the files
/// added, in the order they were added. Only a workspace that uses
/// bindings (`[python] bindings`) is checked, so only then are modules
/// read. A module file that cannot be read as UTF-8 is left out: it is the
/// Python tooling's to report, and it must not stop the `.task` check.
pub fn read_modules(
    root: &Path,
    db: &mut SourceDb,
    config: &mut Config,
    task_files: &[FileId],
    shown: &dyn Fn(&Path) -> PathBuf,
) -> Vec<PathBuf> {
    if config.python.bindings.is_none() {
        return Vec::new();
    }
    let texts = task_files
        .iter()
        .filter_map(|&id| db.get(id).map(|file| &*file.text));
    let modules = candidate_modules(texts, config);
    let roots = root_folders(root, config);
    let mut added = Vec::new();
    for name in modules {
        let Some(path) = module_file(&roots, &name) else {
            continue;
        };
        if let Ok(text) = super::read_utf8(&path, &shown(&path)) {
            let file = db.add(shown(&path), text);
            config.python.modules.push(PythonModule { name, file });
            added.push(path);
        }
    }
    added
}

/// The module names the `.task` texts may name: every `module = "…"` value
/// and `[flyte] default_module`. The scan is textual and so may also pick up
/// a `module = "…"` inside a comment or a string: reading a file the check
/// then never looks at is harmless, and which module each template really
/// names comes from the semantic model, not from here.
pub fn candidate_modules<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    config: &Config,
) -> BTreeSet<String> {
    let mut modules: BTreeSet<String> = config.flyte.default_module.iter().cloned().collect();
    for text in texts {
        modules.extend(text.lines().filter_map(module_value));
    }
    modules.retain(|module| is_module_name(module));
    modules
}

/// `"a.b"` of a line `module = "a.b"` (any spacing).
fn module_value(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix("module")?;
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].to_string())
}

/// Dotted Python identifiers only: nothing that could leave a root.
fn is_module_name(module: &str) -> bool {
    !module.is_empty()
        && module.split('.').all(|part| {
            part.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && part.chars().all(|c| c.is_alphanumeric() || c == '_')
        })
}

/// The folders modules are looked up in, in order: each of `[python] roots`
/// below `workspace_root`, or the workspace root itself when none is set.
pub fn root_folders(workspace_root: &Path, config: &Config) -> Vec<PathBuf> {
    if config.python.roots.is_empty() {
        return vec![workspace_root.to_path_buf()];
    }
    config
        .python
        .roots
        .iter()
        .map(|(root, _)| workspace_root.join(root))
        .collect()
}

/// The file of `module` under the first root that has it.
pub fn module_file(roots: &[PathBuf], module: &str) -> Option<PathBuf> {
    if !is_module_name(module) {
        return None;
    }
    let relative: PathBuf = module.split('.').collect();
    roots.iter().find_map(|root| {
        let base = root.join(&relative);
        let plain = base.with_extension("py");
        let package = base.join("__init__.py");
        [plain, package].into_iter().find(|path| path.is_file())
    })
}

/// The dotted module name a workspace-relative `.py` path is imported
/// under: relative to the first root holding it (`src/pkg/b.py` with root
/// `src` → `pkg.b`), else to the workspace root.
pub fn module_name_of(relative: &str, config: &Config) -> String {
    let path = Path::new(relative);
    let under = config
        .python
        .roots
        .iter()
        .find_map(|(root, _)| path.strip_prefix(root).ok())
        .unwrap_or(path);
    let mut parts: Vec<String> = under
        .with_extension("")
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if parts.last().is_some_and(|last| last == "__init__") {
        parts.pop();
    }
    parts.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::parse_config;

    #[test]
    fn module_lines_and_the_default_module_are_candidates() {
        let (config, _) = parse_config(
            crate::source::FileId(0),
            "[flyte]\ndefault_module = \"pkg.tasks\"\n",
        );
        let text =
            "template a in e {\n  module = \"pkg.other\"\n}\n  module=\"x\"\nmodule = \"../etc\"\n";
        let found: Vec<String> = candidate_modules([text], &config).into_iter().collect();
        assert_eq!(found, ["pkg.other", "pkg.tasks", "x"]);
    }

    #[test]
    fn module_names_follow_the_roots() {
        let (config, _) = parse_config(crate::source::FileId(0), "[python]\nroots = [\"src\"]\n");
        assert_eq!(
            module_name_of("src/pkg/bindings.py", &config),
            "pkg.bindings"
        );
        assert_eq!(module_name_of("pkg/__init__.py", &config), "pkg");
        assert_eq!(
            module_name_of("flyte_tasks.py", &Config::default()),
            "flyte_tasks"
        );
    }

    #[test]
    fn python_roots_keep_where_they_are_written() {
        let text = "[python]\nroots = [\"src\", \"lib\"]\n";
        let (config, diagnostics) = parse_config(crate::source::FileId(0), text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let roots: Vec<&str> = config
            .python
            .roots
            .iter()
            .map(|(r, _)| r.as_str())
            .collect();
        assert_eq!(roots, ["src", "lib"]);
        let span = config.python.roots[1].1;
        assert_eq!(&text[span.start..span.end], "\"lib\"");
        let (config, diagnostics) =
            parse_config(crate::source::FileId(0), "[python]\nroots = \"src\"\n");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(config.python.roots.is_empty());
    }

    #[test]
    fn modules_are_files_or_packages_under_the_first_root_that_has_them() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let write = |relative: &str| {
            let path = dir.path().join(relative);
            std::fs::create_dir_all(path.parent().unwrap_or(dir.path()))
                .unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(&path, "").unwrap_or_else(|e| panic!("{e}"));
        };
        write("b/pkg/mod.py");
        write("a/pkg/__init__.py");
        let roots = [dir.path().join("a"), dir.path().join("b")];
        assert_eq!(
            module_file(&roots, "pkg.mod"),
            Some(dir.path().join("b/pkg/mod.py"))
        );
        assert_eq!(
            module_file(&roots, "pkg"),
            Some(dir.path().join("a/pkg/__init__.py"))
        );
        assert_eq!(module_file(&roots, "other"), None);
    }
}
