//! `taskc init [DIR]`: start a workspace with a `taskc.toml`, a sample
//! `.task` file that `taskc check` accepts, and the Python function of its
//! template, decorated from the bindings `taskc build` generates. Existing
//! files are never replaced unless `--force` is given; when one exists,
//! nothing is written.

use std::fs;
use std::path::{Path, PathBuf};

use clap::Args;
use taskc_core::diagnostics::Code;

use super::output::{self, Status};

/// Create a workspace: taskc.toml, a sample .task file and its Python.
///
/// The project name in taskc.toml is the folder's name. `taskc build` then
/// writes the Python bindings that workflows/hello.py imports. Nothing is
/// written if one of the files exists, unless --force is given.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  taskc init                Start a workspace in the current folder
  taskc init pipelines      Create pipelines/ and start one there
  taskc init --force        Replace taskc.toml, hello.task and workflows/hello.py

Exit codes: 0 files written, 2 a file exists (without --force) or cannot be written.")]
pub struct InitArgs {
    /// Folder of the new workspace, created when missing [default: the current folder]
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,

    /// Replace taskc.toml and the sample files when they exist
    #[arg(long)]
    force: bool,
}

/// The sample file's name.
pub const SAMPLE_FILE_NAME: &str = "hello.task";

/// The sample `.task` file: one env and one documented template, a shape
/// to copy from. It passes `taskc check` and `taskc lint` without findings.
pub const SAMPLE_TASK: &str = r#"// A first .task file. Every .task file below taskc.toml belongs to this
// workspace and shares one namespace: no imports are needed.
//
//   taskc check                  find mistakes before Flyte does
//   taskc why hello.resources    see where a value comes from
//   taskc build                  write what Flyte receives

/// The runtime every task of this workspace starts from.
env base {
  // Flyte's default image for the SDK version in taskc.toml.
  image     = auto
  resources { cpu = 1, memory = "1Gi" }
}

/// Greet someone.
template hello in base {
  // The Python function `hello` lives in this module.
  module = "workflows.hello"
  inputs {
    /// Who to greet.
    name: str = "world"
  }
  outputs {
    /// The greeting.
    greeting: str
  }
  retries = 2
}
"#;

/// The sample template's Python module: the plain function, made a task by
/// the decorator the bindings generate for it.
pub const SAMPLE_PYTHON_PATH: &str = "workflows/hello.py";

pub const SAMPLE_PYTHON: &str = r#""""The Python of template `hello` (hello.task).

The function stays plain Python; the decorator from the generated bindings
(`taskc build` writes workflows/flyte_tasks.py) checks it against the
template and makes it the Flyte task.
"""

from workflows import flyte_tasks
from workflows.flyte_tasks import HelloOutputs


@flyte_tasks.hello
def hello(name: str = "world") -> HelloOutputs:
    return HelloOutputs(greeting=f"Hello, {name}!")
"#;

/// Makes `workflows` a regular package; written only when missing.
const PACKAGE_INIT: &str = "workflows/__init__.py";

/// `taskc.toml` for a project named `project`.
fn config_text(project: &str) -> String {
    format!(
        "# A taskc workspace: this file and every *.task file below this folder.\n\
         [flyte]\n\
         project = {project}\n\
         domain  = \"development\"\n\
         version = \"content\"   # a hash of the resolved specs; or a fixed string such as \"v1\"\n\
         \n\
         [build]\n\
         out_dir = \"build\"\n\
         \n\
         [python]\n\
         bindings = \"workflows/flyte_tasks.py\"   # written by `taskc build`; the decorators workflows/*.py apply\n",
        project = toml_string(project)
    )
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Flyte project id from a folder name: lowercase letters, digits and
/// `-`; anything else becomes `-`.
fn project_name(dir: &Path) -> String {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut project = String::new();
    for c in name.chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '-' };
        if !(c == '-' && (project.is_empty() || project.ends_with('-'))) {
            project.push(c);
        }
    }
    let project = project.trim_end_matches('-').to_string();
    if project.is_empty() {
        "my-project".to_string()
    } else {
        project
    }
}

pub fn run(args: &InitArgs) -> Status {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(error) => return output::fail(&format!("cannot read the current folder: {error}")),
    };
    let dir = match &args.dir {
        Some(dir) => cwd.join(dir),
        None => cwd.clone(),
    };
    let shown = args.dir.clone().unwrap_or_default();
    // The folder's own name, also for `.` and paths ending in `..`.
    let named = fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
    let files = [
        ("taskc.toml", config_text(&project_name(&named))),
        (SAMPLE_FILE_NAME, SAMPLE_TASK.to_string()),
        (SAMPLE_PYTHON_PATH, SAMPLE_PYTHON.to_string()),
    ];

    if !args.force {
        let existing: Vec<&str> = files
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| dir.join(name).exists())
            .collect();
        if !existing.is_empty() {
            let list = existing
                .iter()
                .map(|name| format!("`{}`", shown.join(name).display()))
                .collect::<Vec<_>>()
                .join(" and ");
            let verb = if existing.len() == 1 {
                "exists"
            } else {
                "exist"
            };
            output::write_stderr(&format!(
                "error[{}]: {list} already {verb}; nothing was written\n  \
                 help: run `taskc init --force` to replace {}, or choose another folder\n",
                Code::E0965,
                if existing.len() == 1 { "it" } else { "them" }
            ));
            return Status::Failed;
        }
    }

    if let Err(error) = fs::create_dir_all(&dir) {
        return cannot_write(&shown, &error);
    }
    let package_init = (!dir.join(PACKAGE_INIT).exists()).then(|| (PACKAGE_INIT, String::new()));
    for (name, text) in files.iter().cloned().chain(package_init) {
        let path = dir.join(name);
        let made = match path.parent() {
            Some(parent) => fs::create_dir_all(parent),
            None => Ok(()),
        };
        if let Err(error) = made.and_then(|()| fs::write(&path, text)) {
            return cannot_write(&shown.join(name), &error);
        }
    }
    let cd = match &args.dir {
        Some(dir) => format!("cd {} && ", shell_word(&dir.display().to_string())),
        None => String::new(),
    };
    output::write_stderr(&format!(
        "Created {}, {} and {}.\nNext: {cd}taskc check && taskc build\n",
        shown.join("taskc.toml").display(),
        shown.join(SAMPLE_FILE_NAME).display(),
        shown.join(SAMPLE_PYTHON_PATH).display(),
    ));
    Status::Clean
}

/// `text` as one POSIX shell word: as is when it is plain, else quoted.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./+:@%".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

fn cannot_write(path: &Path, error: &std::io::Error) -> Status {
    output::write_stderr(&format!(
        "error[{}]: cannot write `{}`: {error}\n  help: check the folder's permissions\n",
        Code::E0966,
        path.display()
    ));
    Status::Failed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_names_are_flyte_ids() {
        assert_eq!(
            project_name(Path::new("/x/My Pipelines_2")),
            "my-pipelines-2"
        );
        assert_eq!(project_name(Path::new("/x/--a--")), "a");
        assert_eq!(project_name(Path::new("/")), "my-project");
    }

    #[test]
    fn folder_names_are_quoted_for_the_shell_when_needed() {
        assert_eq!(shell_word("pipelines/a-b"), "pipelines/a-b");
        assert_eq!(shell_word("My Proj"), "'My Proj'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
    }

    #[test]
    fn config_strings_are_escaped() {
        assert_eq!(toml_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
