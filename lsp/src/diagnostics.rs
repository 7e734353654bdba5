//! taskc diagnostics as `textDocument/publishDiagnostics` notifications.

use std::collections::HashMap;
use std::path::PathBuf;

use taskc_core::diagnostics::{Diagnostic, Severity};
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};

use crate::position::range_of;
use crate::state::Snapshot;

/// Where results point: the editor's own URI for open documents, a `file:`
/// URI for the others.
#[derive(Debug, Clone, Default)]
pub struct Uris {
    pub open: HashMap<PathBuf, Uri>,
}

impl Uris {
    pub fn of(&self, path: &std::path::Path) -> Option<Uri> {
        match self.open.get(path) {
            Some(uri) => Some(uri.clone()),
            None => Uri::from_file_path(path),
        }
    }
}

/// One file's diagnostics, ready to publish.
#[derive(Debug, Clone, PartialEq)]
pub struct FileDiagnostics {
    pub path: PathBuf,
    pub version: Option<i32>,
    pub diagnostics: Vec<lsp::Diagnostic>,
}

/// The diagnostics of every file of a snapshot (empty lists included, so
/// fixed files are cleared).
pub fn by_file(snapshot: &Snapshot, uris: &Uris) -> Vec<FileDiagnostics> {
    let mut per_file: Vec<FileDiagnostics> = snapshot
        .paths
        .iter()
        .zip(&snapshot.versions)
        .map(|(path, version)| FileDiagnostics {
            path: path.clone(),
            version: *version,
            diagnostics: Vec::new(),
        })
        .collect();
    let all = snapshot
        .config_diagnostics
        .iter()
        .chain(snapshot.analysis.diagnostics());
    for diagnostic in all {
        if let Some(entry) = per_file.get_mut(diagnostic.primary.file.0 as usize) {
            if let Some(converted) = to_lsp(snapshot, uris, diagnostic) {
                if !entry.diagnostics.contains(&converted) {
                    entry.diagnostics.push(converted);
                }
            }
        }
    }
    per_file
}

/// One taskc diagnostic in protocol form. The help line joins the message
/// (the protocol has no field for it); secondary labels become related
/// information, which editors show as links.
pub fn to_lsp(
    snapshot: &Snapshot,
    uris: &Uris,
    diagnostic: &Diagnostic,
) -> Option<lsp::Diagnostic> {
    let file = snapshot.source(diagnostic.primary.file)?;
    let mut message = diagnostic.message.clone();
    if let Some(label) = &diagnostic.primary.message {
        if !label.is_empty() && label != &message {
            message.push_str(&format!("\n{label}"));
        }
    }
    if let Some(help) = &diagnostic.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .labels
        .iter()
        .filter_map(|label| {
            let source = snapshot.source(label.file)?;
            let uri = uris.of(snapshot.path(label.file)?)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, range_of(source, label.span)),
                message: label.message.clone().unwrap_or_default(),
            })
        })
        .collect();
    Some(lsp::Diagnostic {
        range: range_of(file, diagnostic.primary.span),
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(diagnostic.code.to_string())),
        code_description: None,
        source: Some("taskc".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    })
}
