//! The layout engine: walks the tree in source order and writes the
//! canonical text, putting every comment back where it was.
//!
//! Comments are not in the tree (only `///` text is, as docs), so the
//! printer keeps a cursor into the file's comment list and, at each node,
//! first writes the comments that come before it. Inside a block or list
//! spread over lines a comment keeps its own line, or stays at the end of
//! the line of the entry it followed. Anywhere else (between a key and its
//! `=`, inside a type) a comment is written inline where it was, and a line
//! comment there ends the line. The cursor only moves forward, so every
//! comment is written exactly once and in its original order.

use crate::source::Span;
use crate::syntax::ast::*;

use super::flat::{Flat, FlatEntry, FlatRenderer};
use super::source::Source;
use super::{INDENT, MAX_WIDTH};

pub(super) struct Printer<'a> {
    source: Source<'a>,
    /// The next comment not yet written.
    next_comment: usize,
    out: String,
    depth: usize,
}

/// Where a sequence of lines (declarations, entries, list items) stands,
/// to decide the blank line before the next one.
struct Lines {
    /// End of the last thing written from the source.
    prev_end: usize,
    first: bool,
    /// The next line gets a blank line before it whatever the source had
    /// (after a declaration).
    force_blank: bool,
}

impl Lines {
    fn new(prev_end: usize) -> Lines {
        Lines {
            prev_end,
            first: true,
            force_blank: false,
        }
    }
}

/// Trailing comments of consecutive lines to align: where each comment's
/// separating space was written and the width of the code before it.
#[derive(Default)]
struct TrailingColumns {
    run: Vec<(usize, usize)>,
    /// (offset in the output, spaces to insert there), in output order.
    inserts: Vec<(usize, usize)>,
}

impl TrailingColumns {
    fn add(&mut self, offset: usize, width: usize, separated: bool) {
        if separated {
            self.finish_run();
        }
        self.run.push((offset, width));
    }

    fn finish_run(&mut self) {
        let widest = self.run.iter().map(|&(_, w)| w).max().unwrap_or(0);
        if self.run.len() > 1 {
            self.inserts.extend(
                self.run
                    .iter()
                    .map(|&(offset, width)| (offset, widest - width)),
            );
        }
        self.run.clear();
    }

    /// Insert the padding: the output from the first insertion on is
    /// rebuilt once (inserting one by one would move the tail each time).
    fn apply(&mut self, out: &mut String) {
        let Some(&(first, _)) = self.inserts.first() else {
            return;
        };
        if !out.is_char_boundary(first) {
            self.inserts.clear();
            return;
        }
        let tail = out.split_off(first);
        let mut copied = first;
        for &(offset, spaces) in &self.inserts {
            let Some(piece) = tail.get(copied - first..offset - first) else {
                continue;
            };
            out.push_str(piece);
            out.extend(std::iter::repeat_n(' ', spaces));
            copied = offset;
        }
        out.push_str(tail.get(copied - first..).unwrap_or(""));
        self.inserts.clear();
    }
}

impl<'a> Printer<'a> {
    pub fn new(text: &'a str, comments: &'a [Comment]) -> Printer<'a> {
        Printer {
            source: Source { text, comments },
            next_comment: 0,
            out: String::with_capacity(text.len() + text.len() / 8),
            depth: 0,
        }
    }

    pub fn print_file(mut self, file: &File) -> String {
        let mut lines = Lines::new(0);
        for item in &file.items {
            let span = item.span();
            self.own_line_comments(span.start, &mut lines);
            self.start_line(span.start, &mut lines);
            self.item(item);
            lines.prev_end = self.trailing_comments(span.end);
            lines.force_blank = true;
        }
        self.own_line_comments(usize::MAX, &mut lines);
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }

    // ---- writing -------------------------------------------------------

    fn src(&self, span: Span) -> &'a str {
        self.source.slice(span)
    }

    fn flat(&self) -> FlatRenderer<'_, 'a> {
        FlatRenderer {
            source: &self.source,
        }
    }

    fn push(&mut self, text: &str) {
        self.out.push_str(text);
    }

    fn column(&self) -> usize {
        let line_start = self.out.rfind('\n').map_or(0, |i| i + 1);
        self.out[line_start..].chars().count()
    }

    fn indent_width(&self) -> usize {
        self.depth * INDENT.len()
    }

    /// A line break (plus an empty line if `blank`) and the indentation.
    fn new_line(&mut self, blank: bool) {
        if self.out.is_empty() {
            return;
        }
        self.out.push('\n');
        if blank {
            self.out.push('\n');
        }
        for _ in 0..self.depth {
            self.out.push_str(INDENT);
        }
    }

    /// The line of a declaration, entry, item or comment starting at
    /// `start`, after a blank line if the source had one there.
    fn start_line(&mut self, start: usize, lines: &mut Lines) {
        let blank = !lines.first
            && (lines.force_blank || self.source.blank_line_between(lines.prev_end, start));
        self.new_line(blank);
        lines.first = false;
        lines.force_blank = false;
    }

    /// Write `text`, the token at `offset`, after any comment before it.
    fn token(&mut self, offset: usize, text: &str) {
        // No space between a block comment and a closing bracket or `?`.
        if self.inline_comments(offset)
            && text.starts_with([']', '}', '?'])
            && self.out.ends_with(' ')
        {
            self.out.pop();
        }
        self.push(text);
    }

    /// Write `text` (an operator with spaces around it, ` = `), the token
    /// at `offset`, after any comment before it, without doubling a space.
    fn operator(&mut self, offset: usize, text: &str) {
        self.inline_comments(offset);
        if self.out.ends_with([' ', '\n']) {
            self.push(text.trim_start());
        } else {
            self.push(text);
        }
    }

    /// Comments before `offset` in a place where no line of their own is
    /// possible: written where they are, a line comment ending the line.
    /// Returns whether there were any.
    fn inline_comments(&mut self, offset: usize) -> bool {
        let first = self.next_comment;
        while let Some(comment) = self.source.comments.get(self.next_comment) {
            if comment.span.start >= offset {
                break;
            }
            self.next_comment += 1;
            if !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
                self.out.push(' ');
            }
            self.out.push_str(&comment.text);
            if comment.kind == CommentKind::Block {
                self.out.push(' ');
            } else {
                // The rest of the construct continues one level deeper.
                self.depth += 1;
                self.new_line(false);
                self.depth -= 1;
            }
        }
        self.next_comment != first
    }

    /// Comments before `offset`, each on its own line.
    fn own_line_comments(&mut self, offset: usize, lines: &mut Lines) {
        while let Some(comment) = self.source.comments.get(self.next_comment) {
            if comment.span.start >= offset {
                break;
            }
            self.next_comment += 1;
            self.start_line(comment.span.start, lines);
            self.out.push_str(&comment.text);
            lines.prev_end = comment.span.end;
        }
    }

    /// Comments on the same line after `end` (the end of an entry, item or
    /// opening bracket), kept at the end of the written line. Returns the end
    /// of the last one, or `end`.
    fn trailing_comments(&mut self, mut end: usize) -> usize {
        while let Some(comment) = self.source.comments.get(self.next_comment) {
            // A doc comment documents what follows: it keeps its own line.
            if comment.kind == CommentKind::Doc
                || !self.source.same_line_gap(end, comment.span.start)
            {
                break;
            }
            self.next_comment += 1;
            self.out.push(' ');
            self.out.push_str(&comment.text);
            end = comment.span.end;
            if comment.kind != CommentKind::Block {
                break;
            }
        }
        end
    }

    /// Write a one-line form if it exists and fits (or cannot be broken
    /// anyway). The comments before `start` are written first.
    fn try_flat(&mut self, start: usize, flat: Option<Flat>) -> bool {
        let Some(flat) = flat else {
            return false;
        };
        self.inline_comments(start);
        if flat.breakable && self.column() + flat.width() > MAX_WIDTH {
            return false;
        }
        self.push(&flat.text);
        true
    }

    /// The lines between an opening bracket at `open` (already written) and
    /// its closing bracket at `close`: one line per element, with the
    /// comments around them, then the closing bracket's line (not the
    /// bracket itself). The comments at the end of consecutive one-line
    /// elements start in one column.
    fn spread<T>(
        &mut self,
        open: usize,
        close: usize,
        elements: &[T],
        span_of: impl Fn(&T) -> Span,
        mut write: impl FnMut(&mut Self, usize),
        comma: bool,
    ) {
        let after_open = self.trailing_comments(open + 1);
        self.depth += 1;
        let mut lines = Lines::new(after_open);
        let mut comment_columns = TrailingColumns::default();
        for (index, element) in elements.iter().enumerate() {
            let span = span_of(element);
            let comments_before = self.next_comment;
            self.own_line_comments(span.start, &mut lines);
            let separated = self.next_comment != comments_before
                || self.source.blank_line_between(lines.prev_end, span.start);
            self.start_line(span.start, &mut lines);
            let line_start = self.out.len();
            write(self, index);
            if comma {
                self.push(",");
            }
            let code_end = self.out.len();
            let width = self.column();
            lines.prev_end = self.trailing_comments(span.end);
            let one_line = !self.out[line_start..code_end].contains('\n');
            if self.out.len() > code_end && one_line {
                comment_columns.add(code_end, width, separated);
            } else {
                comment_columns.finish_run();
            }
        }
        comment_columns.finish_run();
        comment_columns.apply(&mut self.out);
        self.own_line_comments(close, &mut lines);
        self.depth -= 1;
        self.new_line(false);
    }

    // ---- declarations --------------------------------------------------

    fn item(&mut self, item: &Item) {
        match item {
            Item::Env(env) => {
                self.token(env.span.start, "env ");
                self.ident(&env.name);
                if let Some(parent) = &env.extends {
                    self.keyword_between(env.name.span, parent.span, "extends");
                    self.ident(parent);
                }
                self.push(" ");
                self.declaration_body(&env.body);
            }
            Item::Template(template) => {
                self.token(template.span.start, "template ");
                self.ident(&template.name);
                self.keyword_between(template.name.span, template.env.span, "in");
                self.ident(&template.env);
                self.push(" ");
                self.declaration_body(&template.body);
            }
            Item::Override(over) => {
                self.token(over.span.start, "override ");
                self.ident(&over.name);
                self.keyword_between(over.name.span, over.template.span, "of");
                self.ident(&over.template);
                self.push(" ");
                self.declaration_body(&over.body);
            }
            Item::Type(ty) => {
                self.token(ty.span.start, "type ");
                self.ident(&ty.name);
                let keyword = match &ty.def {
                    TypeDef::Enum { keyword, .. } | TypeDef::Record { keyword, .. } => *keyword,
                };
                let equals = self
                    .source
                    .token_between(ty.name.span.end, keyword.start, "=");
                self.operator(equals, " = ");
                self.type_def(&ty.def);
            }
            // Files with syntax errors are never formatted; should one get
            // here, its text stays as written.
            Item::Error(span) => {
                let text = self.src(*span);
                self.token(span.start, text);
                while self
                    .source
                    .comments
                    .get(self.next_comment)
                    .is_some_and(|c| c.span.start < span.end)
                {
                    self.next_comment += 1;
                }
            }
        }
    }

    fn ident(&mut self, ident: &Ident) {
        let text = self.src(ident.span);
        self.token(ident.span.start, text);
    }

    /// A declaration's body always has one entry per line.
    fn declaration_body(&mut self, body: &Body) {
        if body.entries.is_empty() && !self.source.has_comment_within(body.span) {
            self.token(body.span.start, "{}");
            return;
        }
        self.token(body.span.start, "{");
        self.entries(body);
        self.push("}");
    }

    fn type_def(&mut self, def: &TypeDef) {
        match def {
            TypeDef::Enum {
                keyword,
                members,
                span,
            } => {
                self.token(keyword.start, "enum ");
                let flat = self.flat().enum_members(members, *span);
                if self.try_flat(span.start, flat) {
                    return;
                }
                self.token(span.start, "{");
                self.spread(
                    span.start,
                    span.end.saturating_sub(1),
                    members,
                    |m| {
                        m.value
                            .as_ref()
                            .map_or(m.name.span, |v| m.name.span.cover(v.span))
                    },
                    |p, i| {
                        p.ident(&members[i].name);
                        if let Some(value) = &members[i].value {
                            p.push(" = ");
                            p.value(value);
                        }
                    },
                    false,
                );
                self.push("}");
            }
            TypeDef::Record {
                keyword,
                flavor,
                fields,
                span,
            } => {
                self.token(keyword.start, "record ");
                if let Some(flavor) = flavor {
                    self.ident(flavor);
                    self.push(" ");
                }
                let flat = self.flat().record_fields(fields, *span);
                if self.try_flat(span.start, flat) {
                    return;
                }
                self.token(span.start, "{");
                self.spread_fields(fields, *span);
                self.push("}");
            }
        }
    }

    fn spread_fields(&mut self, fields: &[Field], span: Span) {
        let flats = self.fitting_flats(fields.iter().map(|f| {
            self.flat()
                .field(f)
                .map(|flat| FlatEntry { flat, key_bytes: 0 })
        }));
        self.spread(
            span.start,
            span.end.saturating_sub(1),
            fields,
            |f| f.span,
            |p, i| match &flats[i] {
                Some(flat) => p.push(&flat.flat.text),
                None => p.field(&fields[i]),
            },
            false,
        );
    }

    /// The one-line forms of the elements about to be spread one per line
    /// (one level deeper than now) that are written as such.
    fn fitting_flats(
        &self,
        flats: impl Iterator<Item = Option<FlatEntry>>,
    ) -> Vec<Option<FlatEntry>> {
        let column = self.indent_width() + INDENT.len();
        flats
            .map(|flat| flat.filter(|f| !f.flat.breakable || column + f.flat.width() <= MAX_WIDTH))
            .collect()
    }

    // ---- entries -------------------------------------------------------

    /// The entries of a block, one per line, with runs of one-line
    /// attributes aligned (the `{` is written, the `}` is not).
    fn entries(&mut self, body: &Body) {
        let entries = &body.entries;
        let flats = self.fitting_flats(entries.iter().map(|e| self.flat().entry(e)));
        let pads = self.alignment(entries, &flats);
        self.spread(
            body.span.start,
            body.span.end.saturating_sub(1),
            entries,
            Entry::span,
            |p, i| match &flats[i] {
                Some(flat) => {
                    let (key, rest) = flat.flat.text.split_at(flat.key_bytes);
                    p.push(key);
                    for _ in 0..pads[i] {
                        p.push(" ");
                    }
                    p.push(rest);
                }
                None => p.entry(&entries[i]),
            },
            false,
        );
    }

    /// Spaces after each entry's key so that consecutive one-line
    /// attributes line up their `=` (the `=` of `+=` included) and the `{`
    /// of one-line blocks in one column. A run ends at a blank line, a
    /// comment line, or an entry of another kind or on several lines; an
    /// entry that fits the width but would not once aligned is left out and
    /// splits the run.
    fn alignment(&self, entries: &[Entry], flats: &[Option<FlatEntry>]) -> Vec<usize> {
        let aligned = |i: usize| matches!(entries[i], Entry::Attr(_)) && flats[i].is_some();
        let mut pads = vec![0; entries.len()];
        let mut run_start = 0;
        while run_start < entries.len() {
            if !aligned(run_start) {
                run_start += 1;
                continue;
            }
            let mut run_end = run_start + 1;
            while run_end < entries.len()
                && aligned(run_end)
                && self.adjacent(entries[run_end - 1].span(), entries[run_end].span())
            {
                run_end += 1;
            }
            self.align_run(entries, flats, run_start..run_end, &mut pads);
            run_start = run_end;
        }
        pads
    }

    fn align_run(
        &self,
        entries: &[Entry],
        flats: &[Option<FlatEntry>],
        run: std::ops::Range<usize>,
        pads: &mut [usize],
    ) {
        if run.len() < 2 {
            return;
        }
        // Width up to the aligned column: the key, and the `+` of `+=`.
        let head = |i: usize| match &entries[i] {
            Entry::Attr(attr) => {
                let key = self.src(attr.key.span).chars().count();
                key + usize::from(attr.op == AssignOp::Append)
            }
            _ => 0,
        };
        let widest = run.clone().map(head).max().unwrap_or(0);
        let column = self.indent_width() + INDENT.len();
        // Padding must not push a line that fits past the limit (a line
        // that is too long anyway, a long URL, stays aligned).
        let too_wide = run.clone().find(|&i| {
            let end = column + flats[i].as_ref().map_or(0, |f| f.flat.width());
            end <= MAX_WIDTH && end + (widest - head(i)) > MAX_WIDTH
        });
        match too_wide {
            Some(i) => {
                self.align_run(entries, flats, run.start..i, pads);
                self.align_run(entries, flats, i + 1..run.end, pads);
            }
            None => {
                for i in run {
                    pads[i] = widest - head(i);
                }
            }
        }
    }

    /// `b` is on the line right after `a`: no blank line and no comment
    /// line between them (a comment at the end of `a`'s line is fine).
    fn adjacent(&self, a: Span, b: Span) -> bool {
        let mut end = a.end;
        let first = self
            .source
            .comments
            .partition_point(|c| c.span.start < a.end);
        for comment in self.source.comments[first..]
            .iter()
            .take_while(|c| c.span.start < b.start)
        {
            if comment.kind == CommentKind::Doc
                || !self.source.same_line_gap(end, comment.span.start)
            {
                return false;
            }
            end = comment.span.end;
        }
        !self.source.blank_line_between(end, b.start)
    }

    fn entry(&mut self, entry: &Entry) {
        match entry {
            Entry::Attr(attr) => {
                let key = self.src(attr.key.span);
                self.token(attr.key.span.start, key);
                match attr.op {
                    AssignOp::Set => self.operator(attr.op_span.start, " = "),
                    AssignOp::Append => self.operator(attr.op_span.start, " += "),
                    AssignOp::Block => self.push(" "),
                }
                self.value(&attr.value);
            }
            Entry::Field(field) => self.field(field),
            Entry::Labeled(block) => {
                self.ident(&block.kind);
                self.push(" ");
                self.ident(&block.label);
                self.push(" ");
                self.block(&block.body);
            }
            Entry::Returns(returns) => {
                self.token(returns.keyword.start, "returns ");
                self.type_expr(&returns.ty);
            }
        }
    }

    fn field(&mut self, field: &Field) {
        self.ident(&field.name);
        let colon = self
            .source
            .token_between(field.name.span.end, field.ty.span.start, ":");
        self.token(colon, ": ");
        self.type_expr(&field.ty);
        if let Some(default) = &field.default {
            let equals = self
                .source
                .token_between(field.ty.span.end, default.span.start, "=");
            self.operator(equals, " = ");
            self.value(default);
        }
    }

    /// ` extends `, ` in `, ` of ` in a declaration's head.
    fn keyword_between(&mut self, before: Span, after: Span, keyword: &str) {
        let offset = self.source.token_between(before.end, after.start, keyword);
        self.operator(offset, &format!(" {keyword} "));
    }

    // ---- values --------------------------------------------------------

    fn value(&mut self, value: &Value) {
        match &value.kind {
            ValueKind::List(items) => self.list(value.span, items),
            ValueKind::Map(body) => self.block(body),
            _ => {
                let text = self.src(value.span);
                self.token(value.span.start, text);
            }
        }
    }

    fn list(&mut self, span: Span, items: &[Value]) {
        let flat = self.flat().list(span, items);
        if self.try_flat(span.start, flat) {
            return;
        }
        self.token(span.start, "[");
        self.spread(
            span.start,
            span.end.saturating_sub(1),
            items,
            |v| v.span,
            |p, i| p.value(&items[i]),
            true,
        );
        self.push("]");
    }

    /// A block value or block body: on one line when it was written so and
    /// fits, else one entry per line.
    fn block(&mut self, body: &Body) {
        let flat = self.flat().body(body);
        if self.try_flat(body.span.start, flat) {
            return;
        }
        self.token(body.span.start, "{");
        self.entries(body);
        self.push("}");
    }

    // ---- types ---------------------------------------------------------

    fn type_expr(&mut self, ty: &TypeExpr) {
        let flat = self.flat().type_expr(ty);
        if self.try_flat(ty.span.start, flat) {
            return;
        }
        match &ty.kind {
            TypeExprKind::Named(name) => self.ident(name),
            TypeExprKind::Optional(inner) => {
                self.type_expr(inner);
                self.token(ty.span.end.saturating_sub(1), "?");
            }
            TypeExprKind::Union(members) => {
                for (i, member) in members.iter().enumerate() {
                    if i > 0 {
                        self.push(" | ");
                    }
                    self.type_expr(member);
                }
            }
            TypeExprKind::Generic { name, args } => {
                self.ident(name);
                self.push("[");
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    match arg {
                        TypeArg::Type(ty) => self.type_expr(ty),
                        TypeArg::Str { span, .. } => {
                            let text = self.src(*span);
                            self.token(span.start, text);
                        }
                        TypeArg::Columns { fields, span } => self.columns(fields, *span),
                    }
                }
                self.token(ty.span.end.saturating_sub(1), "]");
            }
        }
    }

    fn columns(&mut self, fields: &[Field], span: Span) {
        let flat = self.flat().columns(fields, span);
        if self.try_flat(span.start, flat) {
            return;
        }
        self.token(span.start, "{");
        self.spread_fields(fields, span);
        self.push("}");
    }
}
