//! Placeholder until the pest grammar lands.
use super::Parsed;
use crate::source::FileId;

pub(super) fn parse_file(_file: FileId, _text: &str) -> Parsed {
    Parsed {
        file: super::ast::File::default(),
        diagnostics: Vec::new(),
    }
}
