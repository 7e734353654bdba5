//! The GitHub Actions renderer: one workflow command per diagnostic, which
//! GitHub turns into an annotation on the file and line of a pull request:
//!
//! ```text
//! ::error file=envs.task,line=3,col=9,endLine=3,endColumn=12,title=E0201::unknown type `strng`
//! ```
//!
//! Annotations have no related locations, so secondary labels and the help
//! line follow the message on lines of their own (`file:line:col: label`,
//! `help: …`). Values are escaped the way GitHub's own toolkit does
//! (`@actions/core`, `command.ts`): `%`, `\r` and `\n` everywhere, and `:`
//! and `,` as well inside properties.

use super::clamp_span;
use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::source::{LineCol, SourceDb};

/// Render every diagnostic (in the order given) as one workflow command
/// line each.
pub fn render_github(db: &SourceDb, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&command(db, diagnostic));
        out.push('\n');
    }
    out
}

fn command_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn command(db: &SourceDb, diagnostic: &Diagnostic) -> String {
    let mut properties = Vec::new();
    if let Some((file, start, end)) = place(db, &diagnostic.primary) {
        properties.push(("file", file));
        properties.push(("line", start.line.to_string()));
        properties.push(("col", start.column.to_string()));
        properties.push(("endLine", end.line.to_string()));
        properties.push(("endColumn", end.column.to_string()));
    }
    properties.push(("title", diagnostic.code.to_string()));
    let properties: Vec<String> = properties
        .into_iter()
        .map(|(key, value)| format!("{key}={}", escape_property(&value)))
        .collect();

    let mut message = diagnostic.message.clone();
    if let Some(label) = &diagnostic.primary.message {
        message.push_str(&format!(" ({label})"));
    }
    for label in &diagnostic.labels {
        let Some(text) = &label.message else { continue };
        match place(db, label) {
            Some((file, start, _)) => {
                message.push_str(&format!("\n{file}:{}:{}: {text}", start.line, start.column))
            }
            None => message.push_str(&format!("\n{text}")),
        }
    }
    if let Some(help) = &diagnostic.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    format!(
        "::{} {}::{}",
        command_name(diagnostic.severity),
        properties.join(","),
        escape_data(&message)
    )
}

/// File name and both ends of a label, or `None` for an unknown file.
fn place(db: &SourceDb, label: &Label) -> Option<(String, LineCol, LineCol)> {
    let file = db.get(label.file)?;
    let span = clamp_span(Some(file), label.span);
    // GitHub matches `file` against repository paths, which use `/`.
    let name = file
        .path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
        .replace("//", "/");
    Some((name, file.line_col(span.start), file.line_col(span.end)))
}

/// The message part of a workflow command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A `key=value` property of a workflow command.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;
    use crate::source::{FileId, FileSpan, Span};

    fn at(file: FileId, start: usize, end: usize) -> FileSpan {
        FileSpan::new(file, Span::new(start, end))
    }

    #[test]
    fn one_command_per_diagnostic_with_labels_and_help_on_their_own_lines() {
        let mut db = SourceDb::new();
        let child = db.add(
            "pipelines/child.task",
            "env gpu extends base {\n  image = 3\n}\n",
        );
        let parent = db.add("base.task", "env base {\n  image = \"x\"\n}\n");
        let mut info = Diagnostic::warning(Code::E0009, at(parent, 0, 3), "a note");
        info.severity = Severity::Info;
        let diagnostics = [
            Diagnostic::error(Code::E0201, at(child, 33, 34), "`image` must be a string")
                .with_primary_label("a number")
                .with_label(at(parent, 13, 18), "inherited from here")
                .with_label(at(FileId(9), 0, 1), "somewhere unknown")
                .with_help("write the image as a string"),
            Diagnostic::warning(Code::E0009, at(parent, 0, 3), "a warning"),
            info,
            Diagnostic::error(Code::E0901, at(FileId(9), 0, 0), "no file at all"),
        ];
        insta::assert_snapshot!(render_github(&db, &diagnostics));
    }

    #[test]
    fn data_and_properties_are_escaped_like_the_actions_toolkit() {
        assert_eq!(
            escape_data("100% done\r\nnext: a,b"),
            "100%25 done%0D%0Anext: a,b"
        );
        assert_eq!(
            escape_property("100% done\r\nnext: a,b"),
            "100%25 done%0D%0Anext%3A a%2Cb"
        );
        // `%` first, so an escape is never escaped twice.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn file_names_with_commas_and_colons_stay_one_property() {
        let mut db = SourceDb::new();
        let file = db.add("a,b:c.task", "env a {}\n");
        let text = render_github(
            &db,
            &[Diagnostic::error(Code::E0001, at(file, 4, 5), "m: 50%\nx")],
        );
        assert_eq!(
            text,
            "::error file=a%2Cb%3Ac.task,line=1,col=5,endLine=1,endColumn=6,title=E0001::m: 50%25%0Ax\n"
        );
    }
}
