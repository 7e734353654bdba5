//! The per-file context every lowering function reports through.

use super::literals::Wording;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, FileSpan, Span};

/// The file being read and the list diagnostics go to.
pub(crate) struct Cx<'d> {
    pub file: FileId,
    pub diags: &'d mut Vec<Diagnostic>,
    /// The file's text, when known: lets a diagnostic point at the exact
    /// characters inside a string literal.
    pub text: Option<&'d str>,
    /// How the value readers of `literals` word a value of the wrong kind.
    pub wording: Wording,
}

impl<'d> Cx<'d> {
    pub fn new(file: FileId, diags: &'d mut Vec<Diagnostic>) -> Self {
        Cx {
            file,
            diags,
            text: None,
            wording: Wording::Shared,
        }
    }

    /// With the file's text, for [`Cx::narrow`].
    pub fn with_text(mut self, text: Option<&'d str>) -> Self {
        self.text = text;
        self
    }

    /// With another wording for values of the wrong kind (trigger blocks).
    pub fn with_wording(mut self, wording: Wording) -> Self {
        self.wording = wording;
        self
    }

    /// The first occurrence of `needle` inside `within` in the source text
    /// (e.g. one placeholder inside a query string), or `within` itself when
    /// the text is unknown or escapes make it differ.
    pub fn narrow(&self, within: FileSpan, needle: &str) -> FileSpan {
        let found = self
            .text
            .filter(|_| within.file == self.file && !needle.is_empty())
            .and_then(|t| t.get(within.span.start..within.span.end))
            .and_then(|s| s.find(needle));
        match found {
            Some(i) => FileSpan::new(
                within.file,
                Span::new(within.span.start + i, within.span.start + i + needle.len()),
            ),
            None => within,
        }
    }

    pub fn at(&self, span: Span) -> FileSpan {
        FileSpan::new(self.file, span)
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }

    /// An error at `span` with a help line.
    pub fn error(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let d = Diagnostic::error(code, self.at(span), message).with_help(help);
        self.diags.push(d);
    }
}
