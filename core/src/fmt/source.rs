//! Questions about the original text that layout decisions depend on: where
//! the comments are, and where the author put line breaks and blank lines.

use crate::source::Span;
use crate::syntax::ast::Comment;

pub(super) struct Source<'a> {
    pub text: &'a str,
    /// Every comment of the file, in source order.
    pub comments: &'a [Comment],
}

impl<'a> Source<'a> {
    /// The text of `span` (empty if it is not a valid range, which a parsed
    /// tree never produces).
    pub fn slice(&self, span: Span) -> &'a str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// A comment starts inside `span`.
    pub fn has_comment_within(&self, span: Span) -> bool {
        let first = self.comments.partition_point(|c| c.span.start < span.start);
        self.comments
            .get(first)
            .is_some_and(|c| c.span.start < span.end)
    }

    /// The offset of `token` (a keyword or punctuation the tree keeps no
    /// span for) between two tokens that the tree does know, skipping
    /// comments; `to` if it is not there.
    pub fn token_between(&self, from: usize, to: usize, token: &str) -> usize {
        let mut cursor = from;
        let first = self.comments.partition_point(|c| c.span.start < from);
        let inside = self.comments[first..]
            .iter()
            .take_while(|c| c.span.start < to)
            .map(|c| c.span);
        for comment in inside.chain(std::iter::once(Span::new(to, to))) {
            if let Some(i) = self
                .text
                .get(cursor..comment.start)
                .and_then(|g| g.find(token))
            {
                return cursor + i;
            }
            cursor = comment.end;
        }
        to
    }

    /// Line breaks as the lexer and the line index count them: a lone `\r`
    /// ends a line comment, so it ends the line here too.
    fn newlines_between(&self, from: usize, to: usize) -> usize {
        self.text
            .get(from..to)
            .map_or(0, |gap| crate::source::line_break_ends(gap).count())
    }

    pub fn line_break_between(&self, from: usize, to: usize) -> bool {
        self.newlines_between(from, to) > 0
    }

    /// At least one empty line between `from` and `to` (a gap holding only
    /// whitespace and separators).
    pub fn blank_line_between(&self, from: usize, to: usize) -> bool {
        self.newlines_between(from, to) > 1
    }

    /// Only whitespace and commas between `from` and `to`, none of them a
    /// line break: what follows `from` on its line. A `\r` is always part
    /// of a line break (`\r\n` or a lone `\r`).
    pub fn same_line_gap(&self, from: usize, to: usize) -> bool {
        self.text
            .get(from..to)
            .is_some_and(|gap| gap.chars().all(|c| matches!(c, ' ' | '\t' | ',')))
    }
}
