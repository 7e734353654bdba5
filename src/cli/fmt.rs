//! `taskc fmt`: rewrite `.task` files in the canonical layout
//! (docs/formatting.md), check that they are, or show the differences.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use taskc_core::diagnostics::Code;
use taskc_core::diagnostics::render::{HumanOptions, render_human};
use taskc_core::fmt::{FORMAT_CHANGED_MEANING, format_file};
use taskc_core::source::SourceDb;
use taskc_core::workspace::load_workspace;

use super::output::{self, Status};

/// Format .task files in the one canonical layout.
///
/// Every comment is kept, and literals are kept exactly as written. Files
/// with syntax errors are left unchanged. Changed files are replaced
/// atomically (written to a temporary file, then renamed).
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  taskc fmt                       Format every .task file of the current workspace
  taskc fmt examples a.task       Format the files under examples/ and a.task
  taskc fmt --check               List unformatted files; exit 1 if there are any (CI)
  taskc fmt --diff pipeline.task  Show what would change, without writing
  taskc fmt - < a.task            Format standard input to standard output (editors)

Exit codes: 0 formatted (or already formatted), 1 unformatted files with --check or
syntax errors, 2 usage or I/O error.")]
pub struct FmtArgs {
    /// Folders or .task files to format, or `-` for standard input
    /// [default: the workspace of the current folder]
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Write nothing; list the files that are not formatted and exit with 1
    /// if there are any
    #[arg(long)]
    check: bool,

    /// Write nothing; print a unified diff of the changes formatting would
    /// make
    #[arg(long)]
    diff: bool,
}

/// A file to format: its text and where it lives.
struct Target {
    /// The path shown in messages and diffs.
    shown: PathBuf,
    /// Where to write it back.
    absolute: PathBuf,
    text: String,
}

/// What happened to the files of a run, for the exit status and summary.
#[derive(Default)]
struct Tally {
    files: usize,
    changed: usize,
    syntax_errors: usize,
    /// Files the formatter would have changed the meaning of (E0951).
    refused: usize,
    write_failures: usize,
}

pub fn run(args: &FmtArgs) -> Status {
    let stdin = Path::new("-");
    if args.paths.iter().any(|p| p == stdin) {
        if args.paths.len() > 1 {
            return output::fail(
                "`-` (standard input) cannot be combined with other paths; format it on its own",
            );
        }
        return run_stdin(args);
    }
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(error) => return output::fail(&format!("cannot read the current folder: {error}")),
    };
    let targets = match collect_targets(&args.paths, &cwd) {
        Ok(targets) => targets,
        Err(status) => return status,
    };
    if targets.is_empty() {
        output::warn("no .task files found");
    }

    let mut tally = Tally::default();
    let mut diagnostics_db = SourceDb::new();
    let mut diagnostics = Vec::new();
    let mut stdout = String::new();
    for target in &targets {
        tally.files += 1;
        let file = diagnostics_db.add(target.shown.clone(), target.text.clone());
        let formatted = match format_file(file, &target.text) {
            Ok(formatted) => formatted,
            Err(mut errors) => {
                if errors.iter().all(|e| e.code == FORMAT_CHANGED_MEANING) {
                    tally.refused += 1;
                } else {
                    tally.syntax_errors += 1;
                }
                diagnostics.append(&mut errors);
                continue;
            }
        };
        if formatted == target.text {
            continue;
        }
        tally.changed += 1;
        if args.diff {
            stdout.push_str(&unified_diff(&target.shown, &target.text, &formatted));
        } else if args.check {
            stdout.push_str(&format!("{}\n", target.shown.display()));
        } else if let Err(error) = write_atomically(&target.absolute, &formatted) {
            tally.write_failures += 1;
            tally.changed -= 1;
            io_error(
                Code::E0952,
                &format!("cannot write `{}`: {error}", target.shown.display()),
            );
        }
    }

    if args.diff {
        output::write_stdout(&stdout);
    } else {
        // The `--check` listing of file names.
        output::write_stdout_human(&stdout);
    }
    if !diagnostics.is_empty() {
        let mut text = render_human(&diagnostics_db, &diagnostics, human_options());
        text.push('\n');
        output::write_rendered_stderr(&text);
    }
    output::write_stderr(&summary(args, &tally));
    if tally.write_failures > 0 {
        Status::Failed
    } else if tally.syntax_errors + tally.refused > 0 || (args.check && tally.changed > 0) {
        Status::Errors
    } else {
        Status::Clean
    }
}

fn summary(args: &FmtArgs, tally: &Tally) -> String {
    let files = plural(tally.files, "file");
    let mut line = if args.check || args.diff {
        match tally.changed {
            0 => format!("Checked {files}: all formatted"),
            n => format!("Checked {files}: {} not formatted", plural(n, "file")),
        }
    } else {
        format!("Formatted {files}: {} changed", tally.changed)
    };
    if tally.syntax_errors > 0 {
        line.push_str(&format!(
            ", {} left unchanged because of syntax errors",
            plural(tally.syntax_errors, "file")
        ));
    }
    if tally.refused > 0 {
        line.push_str(&format!(
            ", {} left unchanged because formatting would not keep the meaning",
            plural(tally.refused, "file")
        ));
    }
    if tally.write_failures > 0 {
        line.push_str(&format!(
            ", {} could not be written",
            plural(tally.write_failures, "file")
        ));
    }
    line.push_str(".\n");
    line
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// `taskc fmt -`: standard input to standard output. The formatted text is
/// printed whole (editors replace the buffer with it); with `--check` or
/// `--diff` only the verdict or the diff is.
fn run_stdin(args: &FmtArgs) -> Status {
    let mut bytes = Vec::new();
    if let Err(error) = std::io::stdin().lock().read_to_end(&mut bytes) {
        return io_error(Code::E0953, &format!("cannot read standard input: {error}"));
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return io_error(Code::E0953, "standard input is not UTF-8 text");
    };
    let shown = PathBuf::from("<stdin>");
    let mut db = SourceDb::new();
    let file = db.add(shown.clone(), text.clone());
    let formatted = match format_file(file, &text) {
        Ok(formatted) => formatted,
        Err(diagnostics) => {
            let mut rendered = render_human(&db, &diagnostics, human_options());
            rendered.push('\n');
            output::write_rendered_stderr(&rendered);
            return Status::Errors;
        }
    };
    let changed = formatted != text;
    if args.diff {
        if changed {
            output::write_stdout(&unified_diff(&shown, &text, &formatted));
        }
    } else if args.check {
        if changed {
            output::write_stdout("<stdin>\n");
        }
    } else {
        output::write_stdout(&formatted);
    }
    if args.check && changed {
        Status::Errors
    } else {
        Status::Clean
    }
}

/// The files under each named path (a file, or the `.task` files below a
/// folder, honouring `.gitignore`), or the whole workspace of the current
/// folder when none is named. Each path is discovered on its own, so paths
/// from several workspaces can be formatted in one run.
fn collect_targets(paths: &[PathBuf], cwd: &Path) -> Result<Vec<Target>, Status> {
    let real_cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    let named: Vec<Option<&PathBuf>> = if paths.is_empty() {
        vec![None]
    } else {
        paths.iter().map(Some).collect()
    };
    let mut targets: Vec<Target> = Vec::new();
    for path in named {
        let request: Vec<PathBuf> = path.into_iter().cloned().collect();
        let workspace = match load_workspace(&request, cwd) {
            Ok(workspace) => workspace,
            Err(errors) => return Err(output::report_load_errors(&errors)),
        };
        // Only what lies under the named path (the workspace may be larger).
        let scope =
            path.map(|p| std::fs::canonicalize(cwd.join(p)).unwrap_or_else(|_| cwd.join(p)));
        for &id in &workspace.task_files {
            let Some(file) = workspace.db.get(id) else {
                continue;
            };
            let absolute = real_cwd.join(&file.path);
            let in_scope = scope.as_ref().is_none_or(|s| absolute.starts_with(s));
            if in_scope && !targets.iter().any(|t| t.absolute == absolute) {
                targets.push(Target {
                    shown: file.path.clone(),
                    absolute,
                    text: file.text.to_string(),
                });
            }
        }
    }
    Ok(targets)
}

/// Replace `path`'s content with `text` through a temporary file in the same
/// folder and a rename, so that readers see the old file or the new one,
/// never half of it. The file keeps its permissions.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".taskc-fmt-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    if let Ok(metadata) = std::fs::metadata(path) {
        temp.as_file().set_permissions(metadata.permissions())?;
    }
    temp.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// A unified diff with three lines of context, with `a/` and `b/` headers
/// for relative paths as git writes them.
fn unified_diff(shown: &Path, old: &str, new: &str) -> String {
    let name = shown.display().to_string();
    let (old_name, new_name) = if shown.is_relative() {
        (format!("a/{name}"), format!("b/{name}"))
    } else {
        (name.clone(), name)
    };
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&old_name, &new_name)
        .to_string()
}

/// An I/O problem: reported with its code (`taskc explain` knows it).
fn io_error(code: Code, message: &str) -> Status {
    let help = match code {
        Code::E0952 => "the file is unchanged; check the folder's permissions and free space",
        _ => "nothing was written; pass UTF-8 text on standard input",
    };
    output::write_stderr(&format!("error[{code}]: {message}\n  help: {help}\n"));
    Status::Failed
}

/// Colour only on a terminal and only if `NO_COLOR` is unset or empty.
fn human_options() -> HumanOptions {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    HumanOptions {
        color: !no_color && std::io::stderr().is_terminal(),
        ..HumanOptions::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_left_unchanged_to_keep_its_meaning_is_not_called_a_syntax_error() {
        let args = FmtArgs {
            paths: Vec::new(),
            check: false,
            diff: false,
        };
        let tally = Tally {
            files: 3,
            changed: 1,
            syntax_errors: 1,
            refused: 1,
            write_failures: 0,
        };
        assert_eq!(
            summary(&args, &tally),
            "Formatted 3 files: 1 changed, 1 file left unchanged because of syntax errors, \
             1 file left unchanged because formatting would not keep the meaning.\n"
        );
    }
}
