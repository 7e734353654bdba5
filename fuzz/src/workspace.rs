//! An in-memory workspace written as one text, so that one fuzz input can
//! hold several files and a `taskc.toml`:
//!
//! ```text
//! env base { cpu = 1 }          <- text before any header: `main.task`
//! %%% more/other.task           <- a header line starts the next file
//! template t extends base { }
//! %%% taskc.toml
//! [flyte]
//! version = "v1"
//! %%% pkg/tasks.py
//! def t(): ...
//! ```
//!
//! The workspace is put together the way loading one from disk does it
//! (`taskc_core::workspace::load_workspace`): the `taskc.toml` first, then
//! the `.task` files, then the Python modules the `.task` files name, and
//! only when `[python] bindings` is set. Files of any other kind are left
//! out, as discovery leaves them out.

use std::collections::BTreeSet;

use taskc_core::diagnostics::Diagnostic;
use taskc_core::source::{FileId, SourceDb};
use taskc_core::workspace::python::{PythonModule, candidate_modules, module_name_of};
use taskc_core::workspace::{CONFIG_FILE_NAME, Config, parse_config};

/// The start of a header line; the rest of the line is the file's path.
pub const HEADER: &str = "%%% ";

/// The path of the text before the first header.
pub const FIRST_FILE: &str = "main.task";

/// The files of one input, as (path, text), in input order.
pub fn split_files(text: &str) -> Vec<(String, String)> {
    let mut files = vec![(FIRST_FILE.to_string(), String::new())];
    for line in text.split_inclusive('\n') {
        match line.strip_prefix(HEADER) {
            Some(path) => files.push((path.trim().to_string(), String::new())),
            None => {
                if let Some((_, body)) = files.last_mut() {
                    body.push_str(line);
                }
            }
        }
    }
    files
}

/// A workspace loaded from one input.
pub struct Workspace {
    pub db: SourceDb,
    pub config: Config,
    /// The `.task` files, in input order.
    pub task_files: Vec<FileId>,
    /// The problems of `taskc.toml` (as loading reports them).
    pub config_diagnostics: Vec<Diagnostic>,
}

impl Workspace {
    /// The workspace the files of `text` ([`split_files`]) make up. The
    /// first `taskc.toml` is the configuration; a later one is ignored.
    pub fn from_text(text: &str) -> Workspace {
        let files = split_files(text);
        let mut db = SourceDb::new();
        let mut config = Config::default();
        let mut config_diagnostics = Vec::new();
        if let Some((path, toml)) = files.iter().find(|(path, _)| path == CONFIG_FILE_NAME) {
            let id = db.add(path.as_str(), toml.as_str());
            (config, config_diagnostics) = parse_config(id, toml);
            config.source = Some(id);
        }
        let task_files: Vec<FileId> = files
            .iter()
            .filter(|(path, _)| path.ends_with(".task"))
            .map(|(path, body)| db.add(path.as_str(), body.as_str()))
            .collect();
        if config.python.bindings.is_some() {
            add_python_modules(&files, &task_files, &mut db, &mut config);
        }
        Workspace {
            db,
            config,
            task_files,
            config_diagnostics,
        }
    }
}

/// Each `.py` file whose module one of the `.task` files may name, once.
fn add_python_modules(
    files: &[(String, String)],
    task_files: &[FileId],
    db: &mut SourceDb,
    config: &mut Config,
) {
    let wanted = {
        let texts = task_files
            .iter()
            .filter_map(|&id| db.get(id).map(|file| &*file.text));
        candidate_modules(texts, config)
    };
    let mut added = BTreeSet::new();
    for (path, body) in files.iter().filter(|(path, _)| path.ends_with(".py")) {
        let name = module_name_of(path, config);
        if wanted.contains(&name) && added.insert(name.clone()) {
            let file = db.add(path.as_str(), body.as_str());
            config.python.modules.push(PythonModule { name, file });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_split_the_text_into_files() {
        let files = split_files("env a {}\n%%% b.task\nenv b {}\n%%% taskc.toml\n[flyte]\n");
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["main.task", "b.task", "taskc.toml"]);
        assert_eq!(files[1].1, "env b {}\n");
    }

    #[test]
    fn python_modules_are_read_only_with_bindings_and_when_named() {
        let text = "template t {\n  module = \"pkg.m\"\n}\n%%% pkg/m.py\ndef t(): ...\n\
                    %%% pkg/unused.py\n%%% taskc.toml\n[python]\nbindings = \"b.py\"\n";
        let workspace = Workspace::from_text(text);
        let names: Vec<&str> = workspace
            .config
            .python
            .modules
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(names, ["pkg.m"]);
        let without = Workspace::from_text(text.replace("bindings", "nothing").as_str());
        assert!(without.config.python.modules.is_empty());
    }
}
