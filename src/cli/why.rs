//! `taskc why NAME[.ATTR]`: the resolved settings of an env, template or
//! override and the chain of entries that produced each one. The answer
//! comes from `taskc_core::query::why`, which the language server reads too;
//! this module only prints it.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::{Value, json};
use taskc_core::check::check_workspace;
use taskc_core::diagnostics::render::{render_human, render_json};
use taskc_core::diagnostics::sort_diagnostics;
use taskc_core::query::why::{WhyAttribute, WhyReport, WhyStep, op_text, why};
use taskc_core::source::{FileSpan, SourceDb, Span};
use taskc_core::workspace::load_workspace;

use super::output::{self, Status};

/// Version of the `--format json` document's shape (docs/why-json.md).
/// Adding a field keeps it; renaming, removing or retyping one bumps it.
const WHY_JSON_VERSION: u32 = 1;

/// Longest entry text shown on a chain line before it is cut with `…`.
const ENTRY_WIDTH: usize = 72;

/// Show where an env's, template's or override's settings come from.
///
/// Prints each resolved attribute and the entries that set, merged or were
/// replaced on the way, in the order they were applied: an ancestor env's
/// value first, a template's over its env's, an override's last.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  taskc why gpu                      Every attribute env `gpu` sets or inherits
  taskc why train.resources          Where template `train` gets its resources
  taskc why gpu.train.retries        The same, naming the task by its task id
  taskc why template:gpu             Template `gpu`, when an env is named `gpu` too
  taskc why train_small --format json

Exit codes: 0 answered, 1 answered but the workspace has errors (values may be
incomplete), 2 unknown or ambiguous name or attribute, usage or I/O error.")]
pub struct WhyArgs {
    /// An env, template (name or task id) or override, optionally with
    /// `.ATTR` (e.g. `train.resources`); `env:`, `template:` or `override:`
    /// before a name that an env and a template or override share
    #[arg(value_name = "NAME[.ATTR]")]
    query: String,

    /// A folder or .task file of the workspace [default: the current folder]
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// How to print the answer
    #[arg(long, value_enum, default_value_t = WhyFormat::Human)]
    format: WhyFormat,
}

/// How `taskc why` prints its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WhyFormat {
    /// Aligned text, for people (stdout).
    Human,
    /// One versioned JSON document, for programs (stdout).
    Json,
}

pub fn run(args: &WhyArgs) -> Status {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(error) => return output::fail(&format!("cannot read the current folder: {error}")),
    };
    let mut workspace = match load_workspace(&args.paths, &cwd) {
        Ok(workspace) => workspace,
        Err(errors) => return output::report_load_errors(&errors),
    };
    let checked = check_workspace(&workspace.db, &workspace.config);
    let mut problems = workspace.diagnostics.clone();
    problems.extend(checked.diagnostics.iter().cloned());
    sort_diagnostics(&mut problems);
    let errors = problems.iter().filter(|d| d.is_error()).count();

    let report = match why(&workspace.db, &checked.model, &args.query) {
        Ok(report) => report,
        Err(error) => {
            // The query becomes a file of its own so the diagnostic can
            // underline the part of it that is wrong.
            let query = args.query.trim();
            let file = workspace.db.add("<query>", query);
            let diagnostic = error.to_diagnostic(FileSpan::new(file, Span::new(0, query.len())));
            match args.format {
                WhyFormat::Human => output::write_rendered_stderr(&render_human(
                    &workspace.db,
                    &[diagnostic],
                    output::human_options(),
                )),
                WhyFormat::Json => output::write_stdout(&render_json(&workspace.db, &[diagnostic])),
            }
            return Status::Failed;
        }
    };

    let text = match args.format {
        WhyFormat::Human => render_report(&workspace.db, &report),
        WhyFormat::Json => {
            let document = report_json(&workspace.db, &report, errors);
            let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
            text.push('\n');
            text
        }
    };
    match args.format {
        WhyFormat::Human => output::write_stdout_human(&text),
        WhyFormat::Json => output::write_stdout(&text),
    }
    if errors > 0 {
        output::warn(&format!(
            "the workspace has {} (run `taskc check`); values may be incomplete",
            if errors == 1 {
                "1 error".to_string()
            } else {
                format!("{errors} errors")
            }
        ));
        Status::Errors
    } else {
        Status::Clean
    }
}

/// `path:line:col` of the start of `at`.
fn place(db: &SourceDb, at: FileSpan) -> String {
    match db.get(at.file) {
        Some(file) => {
            let start = file.line_col(at.span.start);
            format!("{}:{}:{}", file.path.display(), start.line, start.column)
        }
        None => "?".to_string(),
    }
}

fn source_text(db: &SourceDb, at: FileSpan) -> &str {
    db.get(at.file)
        .and_then(|f| f.text.get(at.span.start..at.span.end))
        .unwrap_or_default()
}

fn render_report(db: &SourceDb, report: &WhyReport) -> String {
    let subject = &report.subject;
    let mut out = format!("{} at {}\n", subject.decl, place(db, subject.name_at));
    if let Some(template) = &subject.template {
        out.push_str(&format!("  overrides  template `{template}`\n"));
    }
    if let Some(task_id) = &subject.task_id {
        out.push_str(&format!("  task id    {task_id}\n"));
    }
    if !subject.env_chain.is_empty() {
        out.push_str(&format!("  env chain  {}\n", subject.env_chain.join(" → ")));
    }
    if report.attributes.is_empty() {
        out.push_str("\nNo attribute is set anywhere along the chain: Flyte's defaults apply.\n");
    }
    for attribute in &report.attributes {
        out.push('\n');
        render_attribute(db, attribute, &mut out);
    }
    out
}

fn render_attribute(db: &SourceDb, attribute: &WhyAttribute, out: &mut String) {
    let Some(value) = &attribute.value else {
        out.push_str(&format!(
            "{}: not set anywhere along the chain (Flyte's default applies)\n",
            attribute.name
        ));
        return;
    };
    out.push_str(&format!("{} = {}\n", attribute.name, one_line(value)));
    let places: Vec<String> = attribute.steps.iter().map(|s| place(db, s.entry)).collect();
    let decls: Vec<String> = attribute.steps.iter().map(|s| s.decl.to_string()).collect();
    let place_width = places.iter().map(|p| p.chars().count()).max().unwrap_or(0);
    let decl_width = decls.iter().map(|d| d.chars().count()).max().unwrap_or(0);
    for ((step, place), decl) in attribute.steps.iter().zip(&places).zip(&decls) {
        out.push_str(&format!(
            "  {:<8}  {place:<place_width$}  {decl:<decl_width$}  {}\n",
            step.effect.as_str(),
            entry_text(db, step),
        ));
    }
}

/// The entry as written, on one line and cut to [`ENTRY_WIDTH`].
fn entry_text(db: &SourceDb, step: &WhyStep) -> String {
    let text = one_line(source_text(db, step.entry));
    if text.chars().count() <= ENTRY_WIDTH {
        return text;
    }
    let mut cut: String = text.chars().take(ENTRY_WIDTH - 1).collect();
    cut.push('…');
    cut
}

/// `.task` text on one line: `//` comments (outside strings) dropped, each
/// line break with the indentation around it turned into one space.
/// Entries that stood on lines of their own get the comma a one-line block
/// needs between them.
fn one_line(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let code = squeeze_spaces(strip_line_comment(line).trim());
        if code.is_empty() {
            continue;
        }
        if !out.is_empty() {
            let opens = out.ends_with(['{', '[', ',']);
            let closes = code.starts_with(['}', ']']);
            out.push_str(if opens || closes { " " } else { ", " });
        }
        out.push_str(&code);
    }
    out
}

/// Runs of spaces and tabs outside strings become one space (alignment
/// padding means nothing on one line).
fn squeeze_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in line.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            out.push(c);
            continue;
        }
        if c == ' ' || c == '\t' {
            if !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    out
}

fn strip_line_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let mut previous_slash = false;
    for (i, c) in line.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if previous_slash => return line.get(..i - 1).unwrap_or(line),
            _ => {}
        }
        previous_slash = c == '/';
    }
    line
}

fn report_json(db: &SourceDb, report: &WhyReport, errors: usize) -> Value {
    let subject = &report.subject;
    let at = |span: FileSpan| {
        let file = db.get(span.file);
        let start = file.map(|f| f.line_col(span.span.start));
        let end = file.map(|f| f.line_col(span.span.end));
        json!({
            "file": file.map(|f| f.path.display().to_string()).unwrap_or_default(),
            "start": start.map(|p| json!({ "line": p.line, "column": p.column })),
            "end": end.map(|p| json!({ "line": p.line, "column": p.column })),
        })
    };
    let attributes: Vec<Value> = report
        .attributes
        .iter()
        .map(|attribute| {
            let chain: Vec<Value> = attribute
                .steps
                .iter()
                .map(|step| {
                    let mut entry = json!({
                        "effect": step.effect.as_str(),
                        "kind": step.decl.kind.keyword(),
                        "name": step.decl.name,
                        "op": op_text(step.op),
                        "value": step.value_text,
                    });
                    merge(&mut entry, at(step.entry));
                    entry
                })
                .collect();
            json!({
                "name": attribute.name,
                "set": attribute.value.is_some(),
                "value": attribute.value,
                "chain": chain,
            })
        })
        .collect();
    let mut subject_json = json!({
        "kind": subject.decl.kind.keyword(),
        "name": subject.decl.name,
    });
    merge(&mut subject_json, at(subject.name_at));
    merge(
        &mut subject_json,
        json!({
            "task_id": subject.task_id,
            "template": subject.template,
            "env_chain": subject.env_chain,
        }),
    );
    json!({
        "version": WHY_JSON_VERSION,
        "query": report.query,
        "subject": subject_json,
        "attributes": attributes,
        "workspace_errors": errors,
    })
}

/// Copy the fields of `extra` (an object) into `target` (an object).
fn merge(target: &mut Value, extra: Value) {
    if let (Value::Object(target), Value::Object(extra)) = (target, extra) {
        target.extend(extra);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_drops_comments_outside_strings_and_joins_lines() {
        let text = "{\n    cpu = 1   // one core\n    url = \"http://x\" // a // b\n  }";
        assert_eq!(one_line(text), "{ cpu = 1, url = \"http://x\" }");
        assert_eq!(one_line("[\n  1,\n  2\n]"), "[ 1, 2 ]");
        assert_eq!(
            one_line("{ cpu    = 1, name = \"a   b\" }"),
            "{ cpu = 1, name = \"a   b\" }"
        );
        assert_eq!(one_line("\"a\\\"//b\""), "\"a\\\"//b\"");
    }
}
