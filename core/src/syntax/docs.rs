//! Attaching `///` doc comments to what follows them.
//!
//! The pre-scan collects every comment; when the tree builder creates a node
//! that can carry documentation (a declaration, an entry, a field, an enum
//! member) it asks for the doc comments right before the node's first token.
//! Ordinary comments and commas between the doc lines and the node do not
//! break the attachment; any other token does. Doc comments nobody claimed are
//! reported afterwards as misplaced.

use crate::source::Span;
use crate::syntax::ast::{Comment, CommentKind, Doc};

pub(super) struct DocComments<'a> {
    text: &'a str,
    comments: &'a [Comment],
    claimed: Vec<bool>,
}

impl<'a> DocComments<'a> {
    pub fn new(text: &'a str, comments: &'a [Comment]) -> Self {
        DocComments {
            text,
            comments,
            claimed: vec![false; comments.len()],
        }
    }

    /// The doc comments directly before `start` (a node's first byte).
    pub fn before(&mut self, start: usize) -> Option<Box<Doc>> {
        let mut index = self.comments.partition_point(|c| c.span.end <= start);
        let mut cursor = start;
        let mut docs: Vec<usize> = Vec::new();
        while index > 0 {
            let comment = &self.comments[index - 1];
            let gap = self.text.get(comment.span.end..cursor).unwrap_or("x");
            // A separator between the doc and the node does not break the
            // attachment (`A /// doc⏎ , B` documents `B`): the formatter
            // writes separators elsewhere, and the doc must stay `B`'s.
            if !gap.chars().all(|c| c.is_whitespace() || c == ',') {
                break;
            }
            if comment.kind == CommentKind::Doc {
                docs.push(index - 1);
            }
            cursor = comment.span.start;
            index -= 1;
        }
        let (&last, &first) = (docs.first()?, docs.last()?);
        let mut text = String::new();
        for (n, &i) in docs.iter().rev().enumerate() {
            self.claimed[i] = true;
            if n > 0 {
                text.push('\n');
            }
            let line = self.comments[i].text.strip_prefix("///").unwrap_or("");
            text.push_str(line.strip_prefix(' ').unwrap_or(line));
        }
        Some(Box::new(Doc {
            text,
            span: self.comments[first].span.cover(self.comments[last].span),
        }))
    }

    /// Mark every doc comment inside `span` as handled (a declaration that
    /// failed to parse already has a diagnostic).
    pub fn claim_within(&mut self, span: Span) {
        let from = self.comments.partition_point(|c| c.span.start < span.start);
        for i in from..self.comments.len() {
            if self.comments[i].span.start >= span.end {
                break;
            }
            self.claimed[i] = true;
        }
    }

    /// Spans of the doc comments inside `span` that a node took.
    pub fn claimed_within(&self, span: Span) -> Vec<Span> {
        let from = self.comments.partition_point(|c| c.span.start < span.start);
        self.comments[from..]
            .iter()
            .zip(&self.claimed[from..])
            .take_while(|(c, _)| c.span.start < span.end)
            .filter(|(c, claimed)| c.kind == CommentKind::Doc && **claimed)
            .map(|(c, _)| c.span)
            .collect()
    }

    /// Mark the comment at exactly `span` as taken by a node (one whose
    /// tree was reused rather than built).
    pub fn claim(&mut self, span: Span) {
        let at = self.comments.partition_point(|c| c.span.start < span.start);
        if self.comments.get(at).is_some_and(|c| c.span == span) {
            self.claimed[at] = true;
        }
    }

    /// Doc comments that document nothing.
    pub fn unclaimed(&self) -> impl Iterator<Item = Span> + '_ {
        self.comments
            .iter()
            .zip(&self.claimed)
            .filter(|(c, claimed)| c.kind == CommentKind::Doc && !**claimed)
            .map(|(c, _)| c.span)
    }
}
