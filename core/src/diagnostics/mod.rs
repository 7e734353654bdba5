//! The one diagnostic type every stage produces, the registry of codes, and
//! the renderers (terminal, JSON, …) that turn diagnostics into text.

mod code;
mod codes;
mod codes_build;
pub mod render;
pub mod suggest;

pub use codes::{Code, CodeInfo, lookup, registry};

use crate::source::{FileId, FileSpan, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// An informational note (used by lints set to a soft level).
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A labelled place in a file: the primary label says where the problem is,
/// secondary ones add context and may sit in other files.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: Option<String>,
}

impl Label {
    pub fn new(at: FileSpan, message: impl Into<Option<String>>) -> Self {
        Label {
            file: at.file,
            span: at.span,
            message: message.into(),
        }
    }

    pub fn at(&self) -> FileSpan {
        FileSpan::new(self.file, self.span)
    }
}

/// One problem found in the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with the code's default severity; `at` is the offending token.
    pub fn error(code: Code, at: FileSpan, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            primary: Label::new(at, None),
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn warning(code: Code, at: FileSpan, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, at, message)
        }
    }

    /// Text shown under the primary span.
    pub fn with_primary_label(mut self, message: impl Into<String>) -> Self {
        self.primary.message = Some(message.into());
        self
    }

    /// A secondary place, e.g. "inherited from env `base` here".
    pub fn with_label(mut self, at: FileSpan, message: impl Into<String>) -> Self {
        self.labels.push(Label::new(at, Some(message.into())));
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The order diagnostics are shown in: by file, position, then code.
    pub fn sort_key(&self) -> (FileId, usize, usize, Code, &str) {
        (
            self.primary.file,
            self.primary.span.start,
            self.primary.span.end,
            self.code,
            &self.message,
        )
    }
}

/// Sort diagnostics into their stable display order and drop exact repeats.
pub fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}
