//! The machine-readable renderer: one JSON document per run, with a schema
//! version so tools can depend on it. The schema is documented in
//! `docs/diagnostics-json.md`; changing the shape of an existing field means
//! a new [`JSON_SCHEMA_VERSION`].

use serde::Serialize;

use super::{Summary, clamp_span};
use crate::diagnostics::{Diagnostic, Label};
use crate::source::{LineCol, SourceDb};

/// Version of the JSON document's shape. Adding a field keeps the version;
/// renaming, removing or retyping one bumps it.
pub const JSON_SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    code: &'a str,
    severity: &'static str,
    message: &'a str,
    range: Range,
    start: LineCol,
    end: LineCol,
    /// The primary label's own text (shown under the span in the terminal).
    label: Option<&'a str>,
    /// Secondary labels; each names its own file.
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: String,
    range: Range,
    start: LineCol,
    end: LineCol,
    message: Option<&'a str>,
}

/// A half-open byte range `[start, end)` into the file's UTF-8 text.
#[derive(Serialize)]
struct Range {
    start: usize,
    end: usize,
}

/// Where a label sits: file name, clamped byte range, and 1-based line and
/// column (columns count Unicode scalar values) of both ends.
struct Place {
    file: String,
    range: Range,
    start: LineCol,
    end: LineCol,
}

fn place(db: &SourceDb, label: &Label) -> Place {
    let file = db.get(label.file);
    let span = clamp_span(file, label.span);
    let origin = LineCol { line: 1, column: 1 };
    Place {
        file: file
            .map(|f| f.path.display().to_string())
            .unwrap_or_default(),
        range: Range {
            start: span.start,
            end: span.end,
        },
        start: file.map_or(origin, |f| f.line_col(span.start)),
        end: file.map_or(origin, |f| f.line_col(span.end)),
    }
}

/// Render all diagnostics (in the order given) as one pretty-printed JSON
/// document followed by a newline.
pub fn render_json(db: &SourceDb, diagnostics: &[Diagnostic]) -> String {
    let document = Document {
        version: JSON_SCHEMA_VERSION,
        diagnostics: diagnostics.iter().map(|d| to_json(db, d)).collect(),
        summary: Summary::of(diagnostics),
    };
    // Serialising plain structs of strings and integers cannot fail.
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}

fn to_json<'a>(db: &SourceDb, diagnostic: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let primary = place(db, &diagnostic.primary);
    JsonDiagnostic {
        file: primary.file,
        code: diagnostic.code.as_str(),
        severity: diagnostic.severity.as_str(),
        message: &diagnostic.message,
        range: primary.range,
        start: primary.start,
        end: primary.end,
        label: diagnostic.primary.message.as_deref(),
        labels: diagnostic
            .labels
            .iter()
            .map(|label| {
                let at = place(db, label);
                JsonLabel {
                    file: at.file,
                    range: at.range,
                    start: at.start,
                    end: at.end,
                    message: label.message.as_deref(),
                }
            })
            .collect(),
        help: diagnostic.help.as_deref(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Severity};
    use crate::source::{FileId, FileSpan, Span};

    fn at(file: FileId, start: usize, end: usize) -> FileSpan {
        FileSpan::new(file, Span::new(start, end))
    }

    #[test]
    fn document_shape_with_multi_file_labels_and_help() {
        let mut db = SourceDb::new();
        let child = db.add("child.task", "env gpu extends base {\n  image = 3\n}\n");
        let parent = db.add("base.task", "env base {\n  image = \"x\"\n}\n");
        let diagnostics = [
            Diagnostic::error(Code::E0001, at(child, 34, 35), "`image` must be a string")
                .with_primary_label("a number")
                .with_label(at(parent, 13, 18), "inherited from here")
                .with_help("write the image as a string"),
            Diagnostic::warning(Code::E0001, at(parent, 0, 3), "a warning"),
        ];
        insta::assert_snapshot!(render_json(&db, &diagnostics));
    }

    #[test]
    fn empty_run_still_has_version_and_summary() {
        let db = SourceDb::new();
        let value: serde_json::Value =
            serde_json::from_str(&render_json(&db, &[])).unwrap_or_default();
        assert_eq!(
            value,
            serde_json::json!({
                "version": 1,
                "diagnostics": [],
                "summary": { "errors": 0, "warnings": 0 }
            })
        );
    }

    #[test]
    fn columns_count_characters_and_bad_spans_are_clamped() {
        let mut db = SourceDb::new();
        let text = "x = \"é☕\" y";
        let file = db.add("u.task", text);
        let y = text.find('y').unwrap_or(0);
        let mut info = Diagnostic::error(Code::E0001, at(file, y, 999), "past the end");
        info.severity = Severity::Info;
        info = info.with_label(at(FileId(9), 1, 2), "unknown file");
        let value: serde_json::Value =
            serde_json::from_str(&render_json(&db, &[info])).unwrap_or_default();
        let d = &value["diagnostics"][0];
        assert_eq!(d["severity"], "info");
        assert_eq!(
            d["range"],
            serde_json::json!({ "start": y, "end": text.len() })
        );
        // `é` is 2 bytes and `☕` 3, but one column each.
        assert_eq!(d["start"], serde_json::json!({ "line": 1, "column": 10 }));
        assert_eq!(d["end"], serde_json::json!({ "line": 1, "column": 11 }));
        assert_eq!(d["labels"][0]["file"], "");
        assert_eq!(
            d["labels"][0]["range"],
            serde_json::json!({ "start": 0, "end": 0 })
        );
        assert_eq!(
            value["summary"],
            serde_json::json!({ "errors": 0, "warnings": 0 })
        );
    }
}
