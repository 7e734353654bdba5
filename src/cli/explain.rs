//! `taskc explain CODE`: print what a diagnostic code or lint rule means.

use clap::Args;
use taskc_core::diagnostics::suggest::did_you_mean;
use taskc_core::diagnostics::{lookup, registry};
use taskc_core::lint::docs::explain_rule;
use taskc_core::lint::find_rule;

use super::output::{self, Status};

/// Explain a diagnostic code (E0101) or a lint rule, by code (L0001) or name
/// (override-no-effect).
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  taskc explain E0101
  taskc explain L0002
  taskc explain override-no-effect
  taskc lint --list-rules          List every lint rule")]
pub struct ExplainArgs {
    /// A code such as E0101 or L0001, or a lint rule name
    #[arg(value_name = "CODE")]
    code: String,
}

pub fn run(args: &ExplainArgs) -> Status {
    let wanted = args.code.trim();
    if let Some(rule) = find_rule(wanted) {
        print_stdout(&explain_rule(rule));
        return Status::Clean;
    }
    if let Some(info) = lookup(wanted) {
        print_stdout(&format!(
            "{}: {}\n\n{}\n",
            info.code, info.title, info.explanation
        ));
        return Status::Clean;
    }
    let candidates = registry()
        .iter()
        .map(|c| c.code.as_str())
        .chain(
            taskc_core::lint::all_rules()
                .iter()
                .map(|r| r.code.as_str()),
        )
        .chain(taskc_core::lint::all_rules().iter().map(|r| r.name));
    let help = match did_you_mean(wanted, candidates) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "codes look like E0101 (errors) or L0001 (lints); `taskc lint --list-rules` lists the lints".to_string(),
    };
    output::fail(&format!(
        "`{wanted}` is not a taskc diagnostic code or lint rule\n  help: {help}"
    ))
}

/// Print text for people to stdout.
pub(super) fn print_stdout(text: &str) {
    output::write_stdout_human(text);
}
