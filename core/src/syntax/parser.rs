//! Parsing a file: pre-scan, then one pest run per declaration chunk, then
//! the tree builder; failed declarations become [`Item::Error`] and every
//! problem of the file is reported in one run.

use pest::Parser;

use super::Parsed;
use super::build::Builder;
use super::docs::DocComments;
use super::errors::syntax_error;
use super::grammar::{Rule, TaskParser};
use super::reuse::{ChunkTrees, KeptChunk};
use super::scan::scan;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, FileSpan, Span};
use crate::syntax::ast::{File, Item};

/// Parse `text`; with `trees`, reuse the trees of unchanged declarations
/// kept there by the previous parse of the same file, and leave this
/// parse's trees in it.
pub(super) fn parse_file(file: FileId, text: &str, mut trees: Option<&mut ChunkTrees>) -> Parsed {
    let scanned = scan(file, text);
    let blanked = scanned.blanked.as_str();
    let mut diagnostics = scanned.diagnostics;
    let mut docs = DocComments::new(text, &scanned.comments);
    let mut items = Vec::with_capacity(scanned.chunks.len());
    let mut kept_now = trees.as_ref().map(|_| ChunkTrees::new());
    // End of the last declaration that closed cleanly (the start of the
    // text a reusable chunk's tree depends on), if the previous chunk did.
    let mut clean_end = Some(0);
    let mut reused = 0;

    for chunk in &scanned.chunks {
        let key = clean_end
            .filter(|&start| start <= chunk.span.start)
            .filter(|_| !chunk.broken && chunk.unclosed.is_none())
            .and_then(|start| Some((start, text.get(start..chunk.span.end)?)));
        clean_end = None;
        if let (Some((key_start, key)), Some(previous), Some(now)) =
            (key, trees.as_deref_mut(), kept_now.as_mut())
        {
            if let Some(kept) = previous.take(key, key_start) {
                for &span in &kept.claimed_docs {
                    docs.claim(span);
                }
                items.push(kept.item.clone());
                now.keep(key, kept);
                reused += 1;
                clean_end = Some(chunk.span.end);
                continue;
            }
        }
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
                let item = builder.item(pair);
                let clean = builder.diagnostics.is_empty();
                diagnostics.append(&mut builder.diagnostics);
                if let (true, Some((key_start, key)), Some(now)) = (clean, key, kept_now.as_mut()) {
                    now.keep(
                        key,
                        KeptChunk {
                            key_start,
                            item: item.clone(),
                            claimed_docs: docs.claimed_within(Span::new(key_start, chunk.span.end)),
                        },
                    );
                }
                if clean && !chunk.broken && chunk.unclosed.is_none() {
                    clean_end = Some(chunk.span.end);
                }
                items.push(item);
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
                Code::E0009,
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
    if let (Some(trees), Some(mut now)) = (trees, kept_now) {
        now.set_reused(reused);
        *trees = now;
    }

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
