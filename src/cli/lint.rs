//! `taskc lint`: run the lint rules over the workspace and print their
//! findings at the levels `[lint]` in taskc.toml sets.
//!
//! `taskc check` reports the same lint findings together with every other
//! diagnostic; `taskc lint` shows only lint findings (and errors, since a
//! declaration with an error is not fully linted), can narrow to some
//! rules, and lists the rules.

use std::path::PathBuf;

use clap::Args;
use taskc_core::check::check_workspace;
use taskc_core::diagnostics::{Code, Diagnostic, sort_diagnostics};
use taskc_core::lint::docs::level_word;
use taskc_core::lint::levels::{Levels, deny_warnings};
use taskc_core::lint::{all_rules, find_rule, registry::suggest_rule};
use taskc_core::workspace::load_workspace;

use super::explain::print_stdout;
use super::output::{self, Format, Status};

/// Lint .task files: report code that is valid but probably not what was meant.
///
/// Levels come from `[lint]` in taskc.toml (allow, warn or deny per rule
/// code or name); `// taskc: allow(CODE)` suppresses one finding (see
/// docs/rules.md). Errors are shown too: a declaration with an error is not
/// fully linted.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  taskc lint
  taskc lint examples --deny-warnings
  taskc lint --rule secret-value-in-env-vars --rule L0001
  taskc lint --list-rules
  taskc explain L0002              What a rule reports and how to fix it")]
pub struct LintArgs {
    /// Folders or .task files to lint [default: the current folder]
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// How to print diagnostics
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Treat warnings as errors (exit code 1 when there is any)
    #[arg(long)]
    deny_warnings: bool,

    /// Report only this rule (code or name); repeatable
    #[arg(long = "rule", value_name = "RULE")]
    rules: Vec<String>,

    /// List every rule with its level in this workspace, then exit
    #[arg(long)]
    list_rules: bool,
}

pub fn run(args: &LintArgs) -> Status {
    let mut selected = Vec::new();
    for wanted in &args.rules {
        match find_rule(wanted) {
            Some(rule) => selected.push(rule.code),
            None => {
                let help = match suggest_rule(wanted) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "`taskc lint --list-rules` lists every rule".to_string(),
                };
                return output::fail(&format!(
                    "`--rule {wanted}`: no lint rule has this code or name\n  help: {help}"
                ));
            }
        }
    }
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(error) => return output::fail(&format!("cannot read the current folder: {error}")),
    };
    let workspace = match load_workspace(&args.paths, &cwd) {
        Ok(workspace) => workspace,
        Err(errors) => return output::report_load_errors(&errors),
    };
    if args.list_rules {
        let (levels, _) = Levels::from_config(&workspace.config);
        print_stdout(&rule_table(&levels));
        return Status::Clean;
    }
    if workspace.task_files.is_empty() {
        output::warn("no .task files found");
    }

    let checked = check_workspace(&workspace.db, &workspace.config);
    let mut diagnostics: Vec<Diagnostic> = workspace.diagnostics;
    diagnostics.extend(checked.diagnostics);
    diagnostics.retain(|d| shown(d, &selected));
    if args.deny_warnings {
        deny_warnings(&mut diagnostics);
    }
    sort_diagnostics(&mut diagnostics);
    output::report_diagnostics(
        &workspace.db,
        &diagnostics,
        args.format,
        workspace.task_files.len(),
    )
}

/// Lint findings (of the selected rules, when some are), and every error.
fn shown(d: &Diagnostic, selected: &[Code]) -> bool {
    match find_rule(d.code.as_str()) {
        Some(rule) => selected.is_empty() || selected.contains(&rule.code),
        None => d.is_error(),
    }
}

/// `--list-rules`: one line per rule.
fn rule_table(levels: &Levels) -> String {
    let rules = all_rules();
    let name_width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in rules {
        let level = levels.level(rule.code).unwrap_or(rule.default_level);
        out.push_str(&format!(
            "{}  {:<name_width$}  {:<5}  {}\n",
            rule.code,
            rule.name,
            level_word(level),
            rule.summary
        ));
    }
    out
}
