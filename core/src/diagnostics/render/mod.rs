//! Renderers: turn [`Diagnostic`] values into text for people ([`human`]),
//! programs ([`json`]), code-scanning services ([`sarif`]) or GitHub Actions
//! annotations ([`github`]). All read file names and text from a
//! [`SourceDb`] and never panic on a span that lies outside its file: spans
//! are clamped first.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod terminal;

pub use github::render_github;
pub use human::{HumanOptions, render_human};
pub use json::{JSON_SCHEMA_VERSION, render_json};
pub use sarif::{SarifDefaultLevel, SarifLintRule, SarifOptions, render_sarif};
pub use terminal::escape_for_terminal;

use super::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};

/// How many diagnostics of each severity a run produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let count = |severity| {
            diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        }
    }
}

/// `span` cut down to the text of `file`, with both ends moved back onto
/// character boundaries. Spans come from many stages; a stale or
/// miscomputed one must still render instead of panicking.
pub(crate) fn clamp_span(file: Option<&SourceFile>, span: Span) -> Span {
    let Some(file) = file else {
        return Span::new(0, 0);
    };
    let text = &file.text;
    let to_boundary = |offset: usize| {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    };
    let start = to_boundary(span.start);
    let end = to_boundary(span.end.max(span.start)).max(start);
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;
    use crate::source::FileId;

    #[test]
    fn clamp_keeps_spans_inside_the_text_and_on_char_boundaries() {
        let file = SourceFile::new("a.task", "aé");
        // 'é' occupies bytes 1..3.
        assert_eq!(clamp_span(Some(&file), Span::new(2, 2)), Span::new(1, 1));
        assert_eq!(clamp_span(Some(&file), Span::new(1, 99)), Span::new(1, 3));
        assert_eq!(clamp_span(Some(&file), Span::new(7, 3)), Span::new(3, 3));
        assert_eq!(clamp_span(None, Span::new(4, 9)), Span::new(0, 0));
    }

    #[test]
    fn summary_counts_errors_and_warnings_only() {
        use crate::source::FileSpan;
        let at = FileSpan::new(FileId(0), Span::new(0, 1));
        let mut info = Diagnostic::warning(Code::E0001, at, "note");
        info.severity = Severity::Info;
        let diagnostics = [
            Diagnostic::error(Code::E0001, at, "a"),
            Diagnostic::error(Code::E0001, at, "b"),
            Diagnostic::warning(Code::E0001, at, "c"),
            info,
        ];
        assert_eq!(
            Summary::of(&diagnostics),
            Summary {
                errors: 2,
                warnings: 1
            }
        );
    }

    proptest::proptest! {
        /// Whatever the text and whatever the spans (past the end, reversed,
        /// inside a character, in unknown files), both renderers produce
        /// output instead of panicking, and the JSON ranges are valid slices.
        #[test]
        fn renderers_never_panic(
            text in "(\\PC|\n|\t|\r){0,40}",
            spans in proptest::collection::vec((0usize..60, 0usize..60, 0u32..3), 1..4),
            help in proptest::option::of("\\PC{0,20}"),
        ) {
            let mut db = crate::source::SourceDb::new();
            let file = db.add("p.task", text.clone());
            db.add("q.task", "env q {}\n");
            let at = |(start, end, f): (usize, usize, u32)| {
                crate::source::FileSpan::new(FileId(f), Span::new(start, end))
            };
            let mut d = Diagnostic::error(Code::E0001, at(spans[0]), "m");
            d.primary.file = file;
            for span in &spans[1..] {
                d = d.with_label(at(*span), "l");
            }
            if let Some(help) = help {
                d = d.with_help(help);
            }
            let human = render_human(&db, std::slice::from_ref(&d), HumanOptions::default());
            proptest::prop_assert!(human.contains('m'));
            let json: serde_json::Value =
                serde_json::from_str(&render_json(&db, &[d])).unwrap_or_default();
            let range = &json["diagnostics"][0]["range"];
            let (start, end) = (range["start"].as_u64(), range["end"].as_u64());
            let (start, end) = (start.unwrap_or(0) as usize, end.unwrap_or(0) as usize);
            proptest::prop_assert!(text.get(start..end).is_some());
        }
    }
}
