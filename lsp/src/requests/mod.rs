//! One module per family of requests. Each turns protocol positions into
//! byte offsets (through [`crate::position`]), asks taskc-core's
//! [`Analysis`](taskc_core::ide::Analysis), and maps the plain answer onto
//! protocol types. None of them fails on odd input: an unknown file or a
//! position past the end gives an empty answer.

pub mod code_actions;
pub mod completion;
pub mod folding;
pub mod formatting;
pub mod hover;
pub mod inlay_hints;
pub mod navigation;
pub mod rename;
pub mod selection;
pub mod semantic_tokens;
pub mod symbols;

use std::collections::HashMap;
use std::sync::Arc;

use taskc_core::ide;
use taskc_core::source::{FileId, FileSpan};
use tower_lsp_server::ls_types::{Location, TextEdit, Uri, WorkspaceEdit};

use crate::diagnostics::Uris;
use crate::position::range_of;
use crate::state::Snapshot;

/// One analysed workspace and how to name its files to the editor.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub snapshot: Arc<Snapshot>,
    pub uris: Uris,
}

impl Ctx {
    pub fn uri(&self, file: FileId) -> Option<Uri> {
        self.uris.of(self.snapshot.path(file)?)
    }

    pub fn location(&self, at: FileSpan) -> Option<Location> {
        let source = self.snapshot.source(at.file)?;
        Some(Location::new(self.uri(at.file)?, range_of(source, at.span)))
    }

    /// Edits of one file in protocol form.
    pub fn text_edits(&self, file: FileId, edits: &[ide::TextEdit]) -> Vec<TextEdit> {
        let Some(source) = self.snapshot.source(file) else {
            return Vec::new();
        };
        edits
            .iter()
            .filter(|e| e.file == file)
            .map(|e| TextEdit::new(range_of(source, e.span), e.new_text.clone()))
            .collect()
    }

    /// Edits across files, grouped per document.
    pub fn workspace_edit(&self, edits: &[ide::TextEdit]) -> WorkspaceEdit {
        let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
        let mut files: Vec<FileId> = edits.iter().map(|e| e.file).collect();
        files.sort();
        files.dedup();
        for file in files {
            if let Some(uri) = self.uri(file) {
                changes.insert(uri, self.text_edits(file, edits));
            }
        }
        WorkspaceEdit::new(changes)
    }
}
