//! `taskc check`: load the workspace, run every check, print diagnostics.
//! Nothing is written to disk.

use std::path::PathBuf;

use clap::Args;
use taskc_core::check::check_workspace;
use taskc_core::diagnostics::sort_diagnostics;
use taskc_core::workspace::load_workspace;

use super::output::{self, Format, Status};

/// Check .task files for errors without writing any output.
///
/// With a taskc.toml in a named folder or above it, the whole workspace under
/// that taskc.toml is checked (all its files share one namespace). Without
/// one, only the named files and folders are checked.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  taskc check
  taskc check examples
  taskc check pipelines/train.task --format json")]
pub struct CheckArgs {
    /// Folders or .task files to check [default: the current folder]
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// How to print diagnostics
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Treat warnings (lint findings included) as errors: exit code 1 when
    /// there is any
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(args: &CheckArgs) -> Status {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(error) => return output::fail(&format!("cannot read the current folder: {error}")),
    };
    let workspace = match load_workspace(&args.paths, &cwd) {
        Ok(workspace) => workspace,
        Err(errors) => return output::report_load_errors(&errors),
    };
    if workspace.task_files.is_empty() {
        output::warn("no .task files found");
    }

    let checked = check_workspace(&workspace.db, &workspace.config);
    let mut diagnostics = workspace.diagnostics;
    diagnostics.extend(checked.diagnostics);
    if args.deny_warnings {
        taskc_core::lint::levels::deny_warnings(&mut diagnostics);
    }
    sort_diagnostics(&mut diagnostics);
    output::report_diagnostics(
        &workspace.db,
        &diagnostics,
        args.format,
        workspace.task_files.len(),
    )
}
