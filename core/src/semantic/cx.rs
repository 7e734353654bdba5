//! The per-file context every lowering function reports through.

use super::model::Spanned;
use super::value_readers::Wording;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, FileSpan, Span};
use crate::syntax::value_offsets;

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

    /// Names found in the value of the string literal at `literal`, each
    /// given as (byte offset in the value, name), with where the name is
    /// written. A name written with an escape, or in a file whose text is
    /// unknown, has no place an edit could replace, so it is left out.
    pub fn names_in_literal(&self, literal: Span, names: &[(usize, &str)]) -> Vec<Spanned<String>> {
        let Some(written) = self.text.and_then(|t| t.get(literal.start..literal.end)) else {
            return Vec::new();
        };
        let Some(offsets) = value_offsets(written) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for &(at, name) in names {
            let (Some(&first), Some(&last)) = (
                offsets.get(at),
                offsets.get((at + name.len()).saturating_sub(1)),
            ) else {
                continue;
            };
            let end = last + 1;
            if name.is_empty() || written.get(first..end) != Some(name) {
                continue;
            }
            let span = Span::new(literal.start + first, literal.start + end);
            out.push(Spanned::new(name.to_string(), self.at(span)));
        }
        out
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
