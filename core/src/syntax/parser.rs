//! Parsing a file: pre-scan, then one pest run per declaration chunk, then
//! the tree builder; failed declarations become [`Item::Error`] and every
//! problem of the file is reported in one run.

use pest::Parser;

use super::Parsed;
use super::build::Builder;
use super::docs::DocComments;
use super::errors::syntax_error;
use super::grammar::{Rule, TaskParser};
use super::scan::scan;
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, FileSpan};
use crate::syntax::ast::{File, Item};

pub(super) fn parse_file(file: FileId, text: &str) -> Parsed {
    let scanned = scan(file, text);
    let blanked = scanned.blanked.as_str();
    let mut diagnostics = scanned.diagnostics;
    let mut docs = DocComments::new(text, &scanned.comments);
    let mut items = Vec::with_capacity(scanned.chunks.len());

    for chunk in &scanned.chunks {
        let source = blanked.get(chunk.span.start..chunk.span.end).unwrap_or("");
        let parsed = if chunk.broken {
            None
        } else {
            match TaskParser::parse(Rule::chunk, source) {
                Ok(pairs) => Some(pairs),
                Err(error) => {
                    diagnostics.push(syntax_error(file, blanked, chunk, &error));
                    None
                }
            }
        };
        let declaration = parsed
            .and_then(|mut pairs| pairs.next())
            .and_then(|chunk_pair| chunk_pair.into_inner().next())
            .filter(|pair| pair.as_rule() != Rule::EOI);
        match declaration {
            Some(pair) => {
                let mut builder = Builder {
                    file,
                    offset: chunk.span.start,
                    blanked,
                    docs: &mut docs,
                    diagnostics: Vec::new(),
                };
                items.push(builder.item(pair));
                diagnostics.append(&mut builder.diagnostics);
            }
            None => {
                // Its doc comments belong to a declaration already reported.
                docs.before(chunk.span.start);
                docs.claim_within(chunk.span);
                items.push(Item::Error(chunk.span));
            }
        }
    }

    for span in docs.unclaimed().collect::<Vec<_>>() {
        diagnostics.push(
            Diagnostic::warning(
                "E0009",
                FileSpan::new(file, span),
                "doc comment documents nothing",
            )
            .with_help(
                "`///` documents the declaration, entry, field or enum member right after it; \
                 use `//` for an ordinary comment",
            ),
        );
    }
    crate::diagnostics::sort_diagnostics(&mut diagnostics);

    Parsed {
        file: File {
            items,
            comments: scanned.comments,
        },
        diagnostics,
    }
}

/// The grammar alone over a whole comment-free file.
pub(super) fn recognize(text: &str) -> bool {
    TaskParser::parse(Rule::file, text).is_ok()
}
