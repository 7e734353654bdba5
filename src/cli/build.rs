//! `taskc build`: check the workspace, then write what Flyte receives for
//! every task into the out dir (LANGUAGE.md §6). Nothing is written when
//! there is an error; `--check` compares instead of writing.

mod bindings;
mod cache;
mod commit;
#[cfg(test)]
mod commit_tests;
mod lock;
mod manifest;
mod names;
mod out_dir;
mod place;
mod render;
mod report;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Args;
use clap::builder::NonEmptyStringValueParser;
use rayon::prelude::*;
use taskc_core::backend::{self, BuildOptions};
use taskc_core::check::{CheckOutput, check_workspace};
use taskc_core::diagnostics::{Diagnostic, sort_diagnostics};
use taskc_core::timings;
use taskc_core::workspace::{Config, Workspace, load_workspace};

use super::output::{self, Format, Status};
use render::{Emit, Encoding, OutputKind};

/// Check the workspace and write each task's Flyte wire messages to the out dir.
///
/// One file per task and override, named after its task id: the
/// `DeployTaskRequest` of a deployed task, the submit-path `TaskSpec` of an
/// override or a `deploy = false` task. Files whose bytes do not change are
/// not rewritten; files an earlier build wrote and this one no longer
/// produces are removed (the out dir's `.taskc-build` lists them); other
/// files are never touched. All files change together or, if anything
/// fails, none does; one build at a time writes to an out dir.
#[derive(Debug, Args)]
#[command(after_help = "\
Output files (in the out dir):
  --emit request   <task>.json, <task>.pb          DeployTaskRequest or submit-path TaskSpec
  --emit spec      <task>.taskspec.json, .pb       the TaskSpec alone
  --emit args      <task>.args.json                container args (tasks with a container)
  --emit sql       <task>.sql                      the statement (query tasks)
  --emit python    flyte_tasks.py                  the Python bindings module (one per workspace;
                                                   `[python] bindings` of taskc.toml picks its path
                                                   and writes it on every build)

Examples:
  taskc build
  taskc build examples -o out --emit request,sql
  taskc build --format pb --version v42
  taskc build --check                # exit 1 if the out dir is not up to date

A build writes every file or, if anything fails, none. It locks the out dir (`.taskc-lock`);
a second build waits for the first, up to --lock-timeout. `[build] out_dir` of taskc.toml
must lie inside the workspace; `-o DIR` may name any folder.

Exit codes: 0 built (or up to date with --check), 1 errors found (nothing written) or
out of date (--check), 2 usage or I/O error, or the out dir stayed locked.")]
pub struct BuildArgs {
    /// Folders or .task files of the workspace [default: the current folder]
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Folder to write to [default: `[build] out_dir` of taskc.toml, relative to
    /// the workspace root, else `build`]
    #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
    out_dir: Option<PathBuf>,

    /// What to write for each task (several: `--emit request,sql`)
    #[arg(long, value_enum, value_delimiter = ',', default_value = "request")]
    emit: Vec<Emit>,

    /// Encoding of `request` and `spec` files
    #[arg(long, value_enum, default_value_t = Encoding::Json)]
    format: Encoding,

    /// Write nothing; exit 1 and list the files that are stale, missing or extra
    #[arg(long)]
    check: bool,

    /// How to print diagnostics
    #[arg(long, value_enum, default_value_t = Format::Human)]
    message_format: Format,

    /// Worker threads [default: one per CPU]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,

    /// How long to wait for another build of the same out dir to finish
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    lock_timeout: u64,

    /// Print how long each phase took (load, parse, resolve, build, render, write) to stderr
    #[arg(long)]
    timings: bool,

    #[command(flatten)]
    flyte: FlyteFlags,
}

/// Command-line values for `[flyte]` keys of taskc.toml; each one wins over
/// the file.
#[derive(Debug, Args)]
#[command(next_help_heading = "taskc.toml overrides")]
struct FlyteFlags {
    /// Task version: a fixed string, or `content` for a hash of the resolved specs
    #[arg(long, value_name = "VERSION", value_parser = NonEmptyStringValueParser::new())]
    version: Option<String>,

    /// Flyte project
    #[arg(long, value_name = "NAME")]
    project: Option<String>,

    /// Flyte domain
    #[arg(long, value_name = "NAME")]
    domain: Option<String>,

    /// Flyte organisation
    #[arg(long, value_name = "NAME")]
    org: Option<String>,

    /// Flyte SDK version whose output is reproduced (and of `image = auto`)
    #[arg(long, value_name = "VERSION", value_parser = NonEmptyStringValueParser::new())]
    sdk_version: Option<String>,

    /// Python version of `image = auto`
    #[arg(long, value_name = "VERSION", value_parser = NonEmptyStringValueParser::new())]
    python: Option<String>,

    /// Code bundle URI (`--code-bundle ''` for none)
    #[arg(long, value_name = "URI")]
    code_bundle: Option<String>,
}

impl FlyteFlags {
    fn apply(&self, config: &mut Config) {
        let flyte = &mut config.flyte;
        if let Some(version) = &self.version {
            flyte.version.clone_from(version);
        }
        for (flag, key) in [
            (&self.project, &mut flyte.project),
            (&self.domain, &mut flyte.domain),
            (&self.org, &mut flyte.org),
        ] {
            if flag.is_some() {
                key.clone_from(flag);
            }
        }
        if let Some(sdk_version) = &self.sdk_version {
            flyte.sdk_version.clone_from(sdk_version);
        }
        if let Some(python) = &self.python {
            flyte.python.clone_from(python);
        }
        if let Some(bundle) = &self.code_bundle {
            flyte.code_bundle = Some(bundle.clone()).filter(|b| !b.is_empty());
        }
    }
}

pub fn run(args: &BuildArgs) -> Status {
    if args.format == Encoding::Pb
        && let Some(emit) = args
            .emit
            .iter()
            .find(|e| matches!(e, Emit::Args | Emit::Sql))
    {
        let emit = if *emit == Emit::Args { "args" } else { "sql" };
        return output::fail(&format!(
            "`--format pb` applies to `--emit request` and `--emit spec`, not `--emit {emit}` \
             (args are written as JSON, SQL as text); build them in a separate run"
        ));
    }
    if let Some(threads) = args.threads
        && let Err(error) = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(threads))
            .build_global()
    {
        return output::fail(&format!("cannot start {threads} worker threads: {error}"));
    }

    if args.timings {
        timings::enable();
    }
    let started = Instant::now();
    let status = build(args);
    if args.timings {
        report::timings(&timings::take(), started.elapsed());
    }
    status
}

fn build(args: &BuildArgs) -> Status {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(error) => return output::fail(&format!("cannot read the current folder: {error}")),
    };
    let loaded = timings::time("load", || load_workspace(&args.paths, &cwd));
    let mut workspace = match loaded {
        Ok(workspace) => workspace,
        Err(errors) => return output::report_load_errors(&errors),
    };
    if workspace.task_files.is_empty() {
        output::warn("no .task files found");
    }
    args.flyte.apply(&mut workspace.config);

    let kinds: BTreeSet<OutputKind> = args
        .emit
        .iter()
        .filter(|&&emit| emit != Emit::Python)
        .map(|&emit| OutputKind::new(emit, args.format))
        .collect();
    let out_dir = out_dir(args, &workspace, &cwd);
    let shown = shown_path(&out_dir, &cwd);

    let mut diagnostics = workspace.diagnostics.clone();
    match place::check_out_dir(args.out_dir.is_some(), &workspace, &out_dir, &cwd) {
        Ok(()) => {}
        Err(place::Refused::Diagnostic(diagnostic)) => diagnostics.push(*diagnostic),
        Err(place::Refused::Message { message, help }) => {
            return report::refused(place::OUT_DIR_OUTSIDE, &message, &help);
        }
    }
    let outcome = compile(&workspace, &kinds, &out_dir, args, &cwd, &mut diagnostics);
    sort_diagnostics(&mut diagnostics);
    let status = output::report_diagnostics(
        &workspace.db,
        &diagnostics,
        args.message_format,
        workspace.task_files.len(),
    );
    let (plan, mut python, held) = match outcome {
        Compiled::Planned(planned) if status == Status::Clean => {
            (planned.plan, planned.python, planned.lock)
        }
        Compiled::Planned(planned) => {
            if let Some(lock) = planned.lock {
                lock.release_after_failure();
            }
            return Status::Errors;
        }
        Compiled::WriteFailed(failure) => {
            return report::write_failed(&shown_path(&failure.path, &cwd), &failure.error);
        }
        Compiled::Locked(error) => return report::lock_failed(&shown_path(&out_dir, &cwd), error),
        Compiled::Errors => return Status::Errors,
    };

    if let Some(reason) = &plan.manifest_warning {
        output::warn(&format!(
            "ignoring `{}`: {reason}; no earlier output is removed",
            shown.join(out_dir::MANIFEST_NAME).display()
        ));
    }
    if args.check {
        let extra: Vec<_> = python
            .iter()
            .flat_map(|p| {
                let differs = p.difference.map(|d| (shown_path(&p.path, &cwd), d));
                let leftovers = p
                    .leftovers
                    .iter()
                    .map(|path| (shown_path(path, &cwd), out_dir::Difference::Leftover));
                differs.into_iter().chain(leftovers)
            })
            .collect();
        return report::check(&plan, &shown, &extra, args.message_format);
    }
    let produced = plan.unchanged + plan.changes.len();
    let python_op = python.as_mut().and_then(bindings::Planned::take_op);
    let python_written = python_op.is_some();
    let applied = timings::time("write (commit)", || {
        out_dir::apply_with(plan, python_op.into_iter().collect(), &commit::NoFaults)
    });
    let applied = match applied {
        Ok(applied) => applied,
        Err(failure) => {
            if let Some(lock) = held {
                lock.release_after_failure();
            }
            return report::write_failed(&shown_path(&failure.path, &cwd), &failure.error);
        }
    };
    drop(held);
    if args.message_format == Format::Human && !kinds.is_empty() {
        report::built(produced, &shown, applied);
    }
    if let Some(python) = python
        && args.message_format == Format::Human
    {
        report::bindings(&shown_path(&python.path, &cwd), python_written);
    }
    Status::Clean
}

/// What [`compile`] hands on when every file was rendered.
struct Planned {
    plan: out_dir::Plan,
    python: Option<bindings::Planned>,
    /// The out dir's lock, held until the files are in place.
    lock: Option<lock::OutDirLock>,
}

/// How far [`compile`] got.
enum Compiled {
    /// Every file rendered and compared (and staged, unless `--check`),
    /// with the Python bindings when they are an output.
    Planned(Box<Planned>),
    /// Stopped by error diagnostics (they are in the list).
    Errors,
    WriteFailed(out_dir::WriteError),
    /// Another build held the out dir.
    Locked(lock::LockError),
}

/// Check, build, and render each output against the out dir. Every
/// diagnostic found is added to `diagnostics`; on an error nothing in the
/// out dir has changed.
fn compile(
    workspace: &Workspace,
    kinds: &BTreeSet<OutputKind>,
    out_dir: &Path,
    args: &BuildArgs,
    cwd: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Compiled {
    let python_target = bindings::target(workspace, out_dir, args.emit.contains(&Emit::Python));
    let python_target = match python_target {
        Ok(target) => target,
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            None
        }
    };
    let CheckOutput {
        files: trees,
        model,
        diagnostics: found,
    } = check_workspace(&workspace.db, &workspace.config);
    diagnostics.extend(found);
    // The check reports the bindings' names only for `[python] bindings`;
    // `--emit python` alone generates them too.
    if python_target.is_some() && workspace.config.python.bindings.is_none() {
        diagnostics.extend(taskc_core::backend::python::name_diagnostics(&model));
    }
    // The syntax trees are not needed past the check; the backend reads the
    // model only. Freeing them is spread over the workers.
    timings::time("free syntax trees", || trees.into_par_iter().for_each(drop));
    // The backend reads a complete model only; with errors there is
    // nothing trustworthy to build.
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Compiled::Errors;
    }
    let options = BuildOptions::from_config(&workspace.config);
    // Each artifact is kept encoded (a tenth of the memory of the built
    // messages) and decoded again only while its files are rendered.
    let built = timings::time("build specs, encode", || {
        backend::build_encoded(&model, &options)
    });
    diagnostics.extend(built.diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Compiled::Errors;
    }
    let kind_list: Vec<OutputKind> = kinds.iter().copied().collect();
    let (files, found) = timings::time("name files", || {
        render::plan_files(&model, &built.artifacts, &kind_list)
    });
    diagnostics.extend(found);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Compiled::Errors;
    }
    // Only the bindings asked for: the out dir is not touched at all.
    let lock = if kinds.is_empty() {
        None
    } else {
        match lock_out_dir(out_dir, args) {
            Ok(lock) => lock,
            Err(error) => return Compiled::Locked(error),
        }
    };
    let fail = |lock: Option<lock::OutDirLock>, failure| {
        if let Some(lock) = lock {
            lock.release_after_failure();
        }
        Compiled::WriteFailed(failure)
    };
    let faults: Option<&dyn commit::Faults> = (!args.check).then_some(&commit::NoFaults);
    let python = match python_target {
        Some(path) => {
            let text = bindings::text(workspace, &model, cwd, &path);
            match bindings::plan(path, &text, faults, lock.is_some()) {
                Ok(planned) => Some(planned),
                Err(failure) => return fail(lock, failure),
            }
        }
        None => None,
    };
    let planned = if kinds.is_empty() {
        Ok(out_dir::Plan::empty(out_dir))
    } else {
        out_dir::plan_with(out_dir, &files, &built.artifacts, kinds, faults)
    };
    match planned {
        Ok(plan) => {
            // The process ends right after this: freeing every artifact and
            // the model piece by piece costs about a twentieth of a large
            // build, and the operating system reclaims the memory at exit.
            std::mem::forget(built.artifacts);
            std::mem::forget(model);
            Compiled::Planned(Box::new(Planned { plan, python, lock }))
        }
        Err(out_dir::PlanError::Io(failure)) => fail(lock, failure),
        Err(out_dir::PlanError::NotRendered(failures)) => {
            if let Some(lock) = lock {
                lock.release_after_failure();
            }
            for (index, error) in failures {
                if let Some(artifact) = built.artifacts.get(index) {
                    diagnostics.push(render::not_rendered(&model, artifact, &error));
                }
            }
            Compiled::Errors
        }
    }
}

/// Take the out dir's lock: exclusive for a build, which then removes the
/// temporary files killed builds left; shared for `--check`.
fn lock_out_dir(
    out_dir: &Path,
    args: &BuildArgs,
) -> Result<Option<lock::OutDirLock>, lock::LockError> {
    let timeout = Duration::from_secs(args.lock_timeout);
    let on_wait = |path: &Path| report::waiting(path);
    if args.check {
        return lock::lock_for_check(out_dir, timeout, &on_wait);
    }
    let held = lock::lock_for_build(out_dir, timeout, &on_wait)?;
    match lock::remove_leftovers(out_dir) {
        Ok(0) => {}
        Ok(removed) => {
            if args.message_format == Format::Human {
                report::leftovers_removed(out_dir, removed);
            }
        }
        Err(failure) => {
            held.release_after_failure();
            return Err(lock::LockError::Io(failure));
        }
    }
    Ok(Some(held))
}

/// `-o DIR` (relative to the current folder), else `[build] out_dir`
/// relative to the workspace root (the current folder without taskc.toml).
fn out_dir(args: &BuildArgs, workspace: &Workspace, cwd: &Path) -> PathBuf {
    match &args.out_dir {
        Some(dir) => cwd.join(dir),
        None => workspace
            .root
            .as_deref()
            .unwrap_or(cwd)
            .join(&workspace.config.build.out_dir),
    }
}

/// `path` relative to the current folder when it lies below it.
fn shown_path(path: &Path, cwd: &Path) -> PathBuf {
    let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    path.strip_prefix(&cwd)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
