//! `textDocument/semanticTokens/full`, `/full/delta` and `/range`.
//!
//! taskc-core gives byte spans with a token type; this module encodes them
//! the protocol's way: five integers per token (line delta, start delta,
//! length, type, modifiers), columns and lengths in UTF-16 code units, one
//! token per line (editors that do not support multi-line tokens are the
//! rule). For `/full/delta` the last full answer of each document is kept
//! with its result id; the edit is the part between the common prefix and
//! suffix of the old and new token lists, which after typing in one place
//! is the few tokens around it.

use std::collections::HashMap;
use std::sync::Mutex;

use taskc_core::ide::{SemanticToken as Token, TokenModifiers, TokenType};
use taskc_core::source::{FileId, SourceFile, Span};
use tower_lsp_server::ls_types::{
    Range, SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens,
    SemanticTokensDelta, SemanticTokensEdit, SemanticTokensFullDeltaResult, SemanticTokensLegend,
    Uri,
};

use super::Ctx;
use crate::position::{position_at, span_of};

/// Every token type taskc-core uses, in legend order (all standard types).
const TYPES: [(TokenType, SemanticTokenType); 14] = [
    (TokenType::Keyword, SemanticTokenType::KEYWORD),
    (TokenType::Namespace, SemanticTokenType::NAMESPACE),
    (TokenType::Function, SemanticTokenType::FUNCTION),
    (TokenType::Type, SemanticTokenType::TYPE),
    (TokenType::Enum, SemanticTokenType::ENUM),
    (TokenType::Struct, SemanticTokenType::STRUCT),
    (TokenType::Parameter, SemanticTokenType::PARAMETER),
    (TokenType::Property, SemanticTokenType::PROPERTY),
    (TokenType::EnumMember, SemanticTokenType::ENUM_MEMBER),
    (TokenType::Event, SemanticTokenType::EVENT),
    (TokenType::Modifier, SemanticTokenType::MODIFIER),
    (TokenType::String, SemanticTokenType::STRING),
    (TokenType::Number, SemanticTokenType::NUMBER),
    (TokenType::Comment, SemanticTokenType::COMMENT),
];

/// Modifier bits, in legend order.
const DECLARATION: u32 = 1;
const DOCUMENTATION: u32 = 1 << 1;
const DEFAULT_LIBRARY: u32 = 1 << 2;

/// What the server advertises: the names of the token types and modifiers
/// the numbers in its answers stand for.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.iter().map(|(_, t)| t.clone()).collect(),
        token_modifiers: vec![
            SemanticTokenModifier::DECLARATION,
            SemanticTokenModifier::DOCUMENTATION,
            SemanticTokenModifier::DEFAULT_LIBRARY,
        ],
    }
}

fn type_index(kind: TokenType) -> u32 {
    let index = TYPES.iter().position(|(t, _)| *t == kind).unwrap_or(0);
    u32::try_from(index).unwrap_or(0)
}

fn modifier_bits(modifiers: TokenModifiers) -> u32 {
    let mut bits = 0;
    if modifiers.declaration {
        bits |= DECLARATION;
    }
    if modifiers.documentation {
        bits |= DOCUMENTATION;
    }
    if modifiers.default_library {
        bits |= DEFAULT_LIBRARY;
    }
    bits
}

/// The last full answer per document, for `/full/delta`.
#[derive(Debug, Default)]
pub struct Previous {
    by_document: Mutex<HashMap<String, (String, Vec<SemanticToken>)>>,
    next_id: std::sync::atomic::AtomicU64,
}

impl Previous {
    /// Keep `data` as the latest answer for `uri`; returns its result id.
    fn store(&self, uri: &Uri, data: Vec<SemanticToken>) -> String {
        let id = self
            .next_id
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            .to_string();
        let mut kept = self
            .by_document
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.insert(uri.as_str().to_string(), (id.clone(), data));
        id
    }

    /// The answer kept for `uri` under `result_id`, if it is the latest one.
    fn take(&self, uri: &Uri, result_id: &str) -> Option<Vec<SemanticToken>> {
        let mut kept = self
            .by_document
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match kept.get(uri.as_str()) {
            Some((id, _)) if id == result_id => kept.remove(uri.as_str()).map(|(_, data)| data),
            _ => None,
        }
    }

    /// Forget a closed document.
    pub fn forget(&self, uri: &Uri) {
        self.by_document
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(uri.as_str());
    }
}

/// The whole document's tokens, kept for a later delta.
pub fn full(ctx: &Ctx, file: FileId, uri: &Uri, previous: &Previous) -> Option<SemanticTokens> {
    let source = ctx.snapshot.source(file)?;
    let data = encode(source, &ctx.snapshot.analysis.semantic_tokens(file, None));
    let result_id = previous.store(uri, data.clone());
    Some(SemanticTokens {
        result_id: Some(result_id),
        data,
    })
}

/// The edit from the answer `previous_id` to the current tokens, or the
/// whole list when that answer is not the one kept.
pub fn delta(
    ctx: &Ctx,
    file: FileId,
    uri: &Uri,
    previous_id: &str,
    previous: &Previous,
) -> Option<SemanticTokensFullDeltaResult> {
    let source = ctx.snapshot.source(file)?;
    let data = encode(source, &ctx.snapshot.analysis.semantic_tokens(file, None));
    let Some(old) = previous.take(uri, previous_id) else {
        let result_id = previous.store(uri, data.clone());
        return Some(SemanticTokensFullDeltaResult::Tokens(SemanticTokens {
            result_id: Some(result_id),
            data,
        }));
    };
    let edits = diff(&old, &data).into_iter().collect();
    let result_id = previous.store(uri, data);
    Some(SemanticTokensFullDeltaResult::TokensDelta(
        SemanticTokensDelta {
            result_id: Some(result_id),
            edits,
        },
    ))
}

/// The tokens that meet `range` (not kept: a later delta refers to a full
/// answer).
pub fn range(ctx: &Ctx, file: FileId, range: Range) -> Option<SemanticTokens> {
    let source = ctx.snapshot.source(file)?;
    let span: Span = span_of(source, range);
    let tokens = ctx.snapshot.analysis.semantic_tokens(file, Some(span));
    Some(SemanticTokens {
        result_id: None,
        data: encode(source, &tokens),
    })
}

/// One edit replacing what lies between the common prefix and suffix of
/// `old` and `new`; none when they are equal. Offsets count integers (five
/// per token), as the protocol says.
pub fn diff(old: &[SemanticToken], new: &[SemanticToken]) -> Option<SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let deleted = old.len() - prefix - suffix;
    let inserted = &new[prefix..new.len() - suffix];
    if deleted == 0 && inserted.is_empty() {
        return None;
    }
    Some(SemanticTokensEdit {
        start: to_u32(prefix * 5),
        delete_count: to_u32(deleted * 5),
        data: (!inserted.is_empty()).then(|| inserted.to_vec()),
    })
}

/// The protocol's relative encoding of sorted, non-overlapping tokens; a
/// token over several lines becomes one per line (line breaks left out).
pub fn encode(source: &SourceFile, tokens: &[Token]) -> Vec<SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut last_line, mut last_start) = (0u32, 0u32);
    for token in tokens {
        let token_type = type_index(token.kind);
        let token_modifiers_bitset = modifier_bits(token.modifiers);
        for piece in per_line(source, token.span) {
            let start = position_at(source, piece.start);
            let length = source
                .text
                .get(piece.start..piece.end)
                .map_or(0, |t| t.encode_utf16().count());
            if length == 0 {
                continue;
            }
            let delta_line = start.line - last_line;
            let delta_start = if delta_line == 0 {
                start.character - last_start
            } else {
                start.character
            };
            out.push(SemanticToken {
                delta_line,
                delta_start,
                length: to_u32(length),
                token_type,
                token_modifiers_bitset,
            });
            (last_line, last_start) = (start.line, start.character);
        }
    }
    out
}

/// The parts of `span` on each of its lines, without line breaks.
fn per_line(source: &SourceFile, span: Span) -> Vec<Span> {
    let text = &*source.text;
    let mut pieces = Vec::new();
    let mut start = span.start.min(text.len());
    let end = span.end.min(text.len());
    while start < end {
        // Spans from taskc-core lie on character boundaries; anything else
        // ends the token rather than the server.
        let Some(rest) = text.get(start..end) else {
            break;
        };
        let line_end = rest.find('\n').map_or(end, |i| start + i);
        let content_end = if rest[..line_end - start].ends_with('\r') {
            line_end - 1
        } else {
            line_end
        };
        if content_end > start {
            pieces.push(Span::new(start, content_end));
        }
        start = line_end + 1;
    }
    pieces
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(start: usize, end: usize, kind: TokenType) -> Token {
        Token {
            span: Span::new(start, end),
            kind,
            modifiers: TokenModifiers::default(),
        }
    }

    fn raw(tokens: &[SemanticToken]) -> Vec<[u32; 5]> {
        tokens
            .iter()
            .map(|t| {
                [
                    t.delta_line,
                    t.delta_start,
                    t.length,
                    t.token_type,
                    t.token_modifiers_bitset,
                ]
            })
            .collect()
    }

    #[test]
    fn the_legend_names_every_token_type_once() {
        let legend = legend();
        let mut names: Vec<&str> = legend.token_types.iter().map(|t| t.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TYPES.len());
    }

    #[test]
    fn tokens_are_relative_and_count_utf16_units() {
        // "é" is one UTF-16 unit in two bytes, "𝄞" two units in four.
        let source = SourceFile::new("a.task", "ab é𝄞 cd\nx\n");
        let tokens = [
            token(0, 2, TokenType::Keyword),
            token(3, 9, TokenType::String),
            token(10, 12, TokenType::Number),
            token(13, 14, TokenType::Comment),
        ];
        assert_eq!(
            raw(&encode(&source, &tokens)),
            [
                [0, 0, 2, 0, 0],
                [0, 3, 3, 11, 0],
                [0, 4, 2, 12, 0],
                [1, 0, 1, 13, 0],
            ]
        );
    }

    #[test]
    fn a_token_over_several_lines_is_split_per_line() {
        let source = SourceFile::new("a.task", "x = \"\"\"\r\n  ab\n\n\"\"\" y");
        let end = source.text.find(" y").unwrap_or(0);
        let tokens = [token(4, end, TokenType::String)];
        assert_eq!(
            raw(&encode(&source, &tokens)),
            [[0, 4, 3, 11, 0], [1, 0, 4, 11, 0], [2, 0, 3, 11, 0]]
        );
    }

    #[test]
    fn the_delta_replaces_what_lies_between_the_common_ends() {
        let t = |n: u32| SemanticToken {
            delta_line: n,
            delta_start: 0,
            length: 1,
            token_type: 0,
            token_modifiers_bitset: 0,
        };
        let old = [t(0), t(1), t(2), t(3)];
        let new = [t(0), t(1), t(7), t(8), t(3)];
        let edit = diff(&old, &new).unwrap_or_default();
        assert_eq!((edit.start, edit.delete_count), (10, 5));
        assert_eq!(edit.data, Some(vec![t(7), t(8)]));
        assert_eq!(diff(&old, &old), None);
        let removed = diff(&old, &[t(0), t(3)]).unwrap_or_default();
        assert_eq!(
            (removed.start, removed.delete_count, removed.data),
            (5, 10, None)
        );
    }
}
