//! The terminal renderer: each [`Diagnostic`] becomes a miette report drawn
//! by miette's graphical handler (code, severity icon, message, source
//! snippet with labels, help line).
//!
//! miette draws the snippets of one report from one source, so labels that
//! sit in another file than the primary span become *related* reports, one
//! per file, each carrying that file as its own source.
//!
//! Everything taken from user files (snippet text, file names, messages and
//! labels quoting names or strings, help) is shown through
//! [`terminal`](super::terminal), so control characters and bidi overrides
//! are printed as visible `\u{…}` escapes instead of reaching the terminal.

use std::borrow::Cow;
use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::clamp_span;
use super::terminal::{ShownText, escape_for_terminal};
use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::source::{FileId, SourceDb, SourceFile};

/// How the terminal output looks. Both fields are explicit so tests (and
/// piped output) are byte-for-byte reproducible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HumanOptions {
    /// ANSI colours on or off.
    pub color: bool,
    /// Column at which text is wrapped.
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            color: false,
            width: 100,
        }
    }
}

/// Render every diagnostic, in the order given, separated by blank lines.
pub fn render_human(db: &SourceDb, diagnostics: &[Diagnostic], options: HumanOptions) -> String {
    let handler = handler(options);
    let mut out = String::new();
    for (i, diagnostic) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let report = Report::primary(db, diagnostic, WINDOW_LINES);
        // Writing into a String cannot fail; a failing Display impl inside
        // miette would only cut this one report short.
        let _ = handler.render_report(&mut out, &report);
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

fn handler(options: HumanOptions) -> GraphicalReportHandler {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .without_syntax_highlighting()
        .with_show_related_as_nested(true)
        .with_context_lines(CONTEXT_LINES)
}

/// Lines miette shows above and below a label.
const CONTEXT_LINES: usize = 1;

/// Lines a snippet's window keeps beyond its labels' lines: more than miette
/// reads, so its reads inside the window end where they would in the whole
/// text.
const WINDOW_LINES: usize = CONTEXT_LINES + 1;

/// One file's name and the lines of its text around a report's labels,
/// as a miette source whose snippets are headed by `name:line:column`.
///
/// Only a window of the file is kept: escaping a whole file, and miette's
/// line search from the start of the text, would cost the file's length per
/// diagnostic, and a file with thousands of diagnostics would take quadratic
/// time. The window starts on a line start and holds [`WINDOW_LINES`] more
/// lines than the labels on either side; offsets given to miette are the
/// window's start in the file plus an offset in the shown window, and what
/// it reads is reported with the file's line numbers, so the output is the
/// same as with the whole text.
///
/// miette reads the shown text (escaped, see [`ShownText`]); labels are
/// moved onto it with [`FileSource::shown_span`].
#[derive(Debug, Clone)]
struct FileSource<'a> {
    name: String,
    file: &'a SourceFile,
    /// Byte offset in the file where the window starts (a line start).
    base: usize,
    /// 0-based line of `base`.
    base_line: usize,
    /// Whether the window reaches the end of the file.
    to_end: bool,
    /// The window's text as shown.
    shown: ShownText<'a>,
}

impl<'a> FileSource<'a> {
    /// The source for `file` around `spans`, keeping `window_lines` lines
    /// above and below them ([`WINDOW_LINES`]; tests compare with the whole
    /// text), or `None` for an id the database does not know (the message
    /// and help are then shown without a snippet).
    fn new(
        db: &'a SourceDb,
        file: FileId,
        spans: impl Iterator<Item = crate::source::Span>,
        window_lines: usize,
    ) -> Option<Self> {
        let source = db.get(file)?;
        let mut lines: Option<(usize, usize)> = None;
        for span in spans {
            let span = clamp_span(Some(source), span);
            let (first, last) = (source.line_index(span.start), source.line_index(span.end));
            lines = Some(lines.map_or((first, last), |(a, b)| (a.min(first), b.max(last))));
        }
        let (first, last) = lines.unwrap_or((0, 0));
        let first = first.saturating_sub(window_lines);
        let base = source.line_start(first).unwrap_or(0);
        let end = source
            .line_start(last.saturating_add(window_lines).saturating_add(1))
            .unwrap_or(source.text.len());
        let window = source.text.get(base..end).unwrap_or("");
        Some(FileSource {
            name: escape_for_terminal(&source.path.display().to_string()).into_owned(),
            file: source,
            base,
            base_line: first,
            to_end: end == source.text.len(),
            shown: ShownText::new(window),
        })
    }

    /// `span` of the original text, clamped (to the window too), as a span
    /// of the shown text.
    fn shown_span(&self, span: crate::source::Span) -> SourceSpan {
        let span = clamp_span(Some(self.file), span);
        let window_end = self.base + self.shown.original_len();
        let local = |offset: usize| offset.clamp(self.base, window_end) - self.base;
        let start = self.shown.to_shown(local(span.start));
        let end = self.shown.to_shown(local(span.end));
        SourceSpan::new((self.base + start).into(), end - start)
    }

    /// miette draws nothing for an empty span that sits at the very end of
    /// the text (there is no character there to point at), so in that case
    /// one space is appended: the caret then lands just past the last
    /// character, where the file ends.
    fn make_room_at_end(&mut self, labels: &[LabeledSpan]) {
        let end = self.base + self.shown.text.len();
        if self.to_end && labels.iter().any(|l| l.offset() == end && l.is_empty()) {
            self.shown.text.to_mut().push(' ');
        }
    }

    /// 0-based column of shown `offset` in characters of the original
    /// text, so the `file:line:column` header agrees with the JSON output
    /// and editors (miette counts bytes, and an escape is several).
    fn char_column(&self, offset: usize) -> usize {
        let original = self.base + self.shown.to_original(offset.saturating_sub(self.base));
        self.file.line_col(original).column - 1
    }
}

impl SourceCode for FileSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let local = SourceSpan::new(span.offset().saturating_sub(self.base).into(), span.len());
        let inner = self
            .shown
            .text
            .read_span(&local, context_lines_before, context_lines_after)?;
        // Without leading context the contents start on the span's own
        // line, and miette reads the column as the span's column.
        let column = if context_lines_before == 0 {
            self.char_column(span.offset())
        } else {
            inner.column()
        };
        // Back to file coordinates: miette compares `line + line_count` of
        // neighbouring snippets, both counted from the start of the file.
        let at = SourceSpan::new(
            (self.base + inner.span().offset()).into(),
            inner.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            at,
            self.base_line + inner.line(),
            column,
            self.base_line + inner.line_count(),
        )))
    }
}

/// A diagnostic, or the part of one that lives in a secondary file, in the
/// shape miette draws.
#[derive(Debug)]
struct Report<'a> {
    message: String,
    code: Option<&'a str>,
    severity: miette::Severity,
    help: Option<Cow<'a, str>>,
    source: Option<FileSource<'a>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report<'a>>,
}

impl<'a> Report<'a> {
    /// `window_lines`: see [`FileSource::new`].
    fn primary(db: &'a SourceDb, diagnostic: &'a Diagnostic, window_lines: usize) -> Self {
        let home = diagnostic.primary.file;
        let spans = std::iter::once(&diagnostic.primary)
            .chain(diagnostic.labels.iter().filter(|label| label.file == home))
            .map(|label| label.span);
        let mut source = FileSource::new(db, home, spans, window_lines);
        let mut labels = vec![labeled_span(source.as_ref(), &diagnostic.primary, true)];
        labels.extend(
            diagnostic
                .labels
                .iter()
                .filter(|label| label.file == home)
                .map(|label| labeled_span(source.as_ref(), label, false)),
        );
        if let Some(source) = &mut source {
            source.make_room_at_end(&labels);
        }

        // Other files, in the order their first label appears.
        let mut other_files: Vec<FileId> = Vec::new();
        for label in &diagnostic.labels {
            if label.file != home && !other_files.contains(&label.file) {
                other_files.push(label.file);
            }
        }
        let related = other_files
            .into_iter()
            .map(|file| Report::elsewhere(db, diagnostic, file, window_lines))
            .collect();

        Report {
            message: escape_for_terminal(&diagnostic.message).into_owned(),
            code: Some(diagnostic.code.as_str()),
            severity: miette_severity(diagnostic.severity),
            help: diagnostic.help.as_deref().map(escape_for_terminal),
            source,
            labels,
            related,
        }
    }

    /// The labels of `diagnostic` that sit in `file`, shown with that file.
    /// A file the database does not know has no text to show, so only the
    /// label texts are listed.
    fn elsewhere(
        db: &'a SourceDb,
        diagnostic: &'a Diagnostic,
        file: FileId,
        window_lines: usize,
    ) -> Self {
        let in_file = diagnostic.labels.iter().filter(|label| label.file == file);
        let spans = in_file.clone().map(|label| label.span);
        let Some(mut source) = FileSource::new(db, file, spans, window_lines) else {
            let texts: Vec<&str> = in_file.filter_map(|l| l.message.as_deref()).collect();
            let texts = texts.join("; ");
            return Report {
                message: format!(
                    "related location in an unknown file: {}",
                    escape_for_terminal(&texts)
                ),
                code: None,
                severity: miette::Severity::Advice,
                help: None,
                source: None,
                labels: Vec::new(),
                related: Vec::new(),
            };
        };
        let labels: Vec<LabeledSpan> = in_file
            .map(|label| labeled_span(Some(&source), label, false))
            .collect();
        source.make_room_at_end(&labels);
        Report {
            message: format!("related location in {}", source.name),
            code: None,
            severity: miette::Severity::Advice,
            help: None,
            source: Some(source),
            labels,
            related: Vec::new(),
        }
    }
}

/// `label` on `source`, the file it sits in (`None` when that file is not
/// loaded: the label then points at nothing).
fn labeled_span(source: Option<&FileSource<'_>>, label: &Label, primary: bool) -> LabeledSpan {
    let at = match source {
        Some(source) => source.shown_span(label.span),
        None => SourceSpan::new(0.into(), 0),
    };
    let text = label
        .message
        .as_deref()
        .map(|message| escape_for_terminal(message).into_owned());
    if primary {
        LabeledSpan::new_primary_with_span(text, at)
    } else {
        LabeledSpan::new_with_span(text, at)
    }
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code
            .map(|code| Box::new(code) as Box<dyn fmt::Display + 'b>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display + 'b>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|source| source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related
                .iter()
                .map(|report| report as &dyn miette::Diagnostic),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;
    use crate::source::{FileSpan, Span};

    fn render(db: &SourceDb, diagnostics: &[Diagnostic]) -> String {
        render_human(db, diagnostics, HumanOptions::default())
    }

    fn at(file: FileId, start: usize, end: usize) -> FileSpan {
        FileSpan::new(file, Span::new(start, end))
    }

    #[test]
    fn error_with_label_and_help() {
        let mut db = SourceDb::new();
        let text = "env base {\n  imag = \"x\"\n}\n";
        let file = db.add("envs.task", text);
        let start = text.find("imag").unwrap_or(0);
        let d = Diagnostic::error(
            Code::E0001,
            at(file, start, start + 4),
            "unknown attribute `imag`",
        )
        .with_primary_label("not an env attribute")
        .with_help("did you mean `image`?");
        insta::assert_snapshot!(render(&db, &[d]));
    }

    #[test]
    fn warning_and_info_use_their_own_icons() {
        let mut db = SourceDb::new();
        let file = db.add("a.task", "env a { cache = on }\n");
        let warning = Diagnostic::warning(Code::E0001, at(file, 16, 18), "`on` is an alias");
        let mut info = Diagnostic::warning(Code::E0001, at(file, 0, 3), "a note");
        info.severity = Severity::Info;
        insta::assert_snapshot!(render(&db, &[warning, info]));
    }

    #[test]
    fn secondary_label_in_same_file_shares_the_snippet() {
        let mut db = SourceDb::new();
        let text = "env a {}\nenv a {}\n";
        let file = db.add("a.task", text);
        let d = Diagnostic::error(Code::E0001, at(file, 13, 14), "env `a` is declared twice")
            .with_primary_label("second declaration")
            .with_label(at(file, 4, 5), "first declared here");
        insta::assert_snapshot!(render(&db, &[d]));
    }

    #[test]
    fn labels_in_other_files_are_shown_with_their_own_source() {
        let mut db = SourceDb::new();
        let child = db.add("child.task", "env gpu extends base {\n  image = 3\n}\n");
        let parent = db.add("base.task", "// shared\nenv base {\n  image = \"x\"\n}\n");
        let third = db.add("more.task", "env c {}\n");
        let d = Diagnostic::error(Code::E0001, at(child, 34, 35), "`image` must be a string")
            .with_primary_label("a number")
            .with_label(at(parent, 14, 18), "parent declared here")
            .with_label(at(third, 4, 5), "also here")
            .with_label(at(parent, 21, 26), "inherited from here")
            .with_help("write the image as a string");
        let out = render(&db, &[d]);
        // Both foreign files are named and their text is shown.
        assert!(out.contains("base.task:2:5") && out.contains("env base {"));
        assert!(out.contains("more.task:1:5"));
        insta::assert_snapshot!(out);
    }

    #[test]
    fn zero_width_span_at_end_of_file() {
        let mut db = SourceDb::new();
        let text = "env a {\n  image = \"x\"\n";
        let file = db.add("a.task", text);
        let d = Diagnostic::error(
            Code::E0001,
            at(file, text.len(), text.len()),
            "expected `}`",
        )
        .with_primary_label("file ends here");
        let out = render(&db, &[d]);
        assert!(out.contains("a.task:3:1"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn zero_width_span_at_end_of_file_without_final_newline() {
        let mut db = SourceDb::new();
        let text = "env a {";
        let file = db.add("a.task", text);
        let d = Diagnostic::error(Code::E0001, at(file, 7, 7), "expected `}`")
            .with_primary_label("file ends here");
        insta::assert_snapshot!(render(&db, &[d]));
    }

    #[test]
    fn unicode_text_keeps_labels_under_the_right_characters() {
        let mut db = SourceDb::new();
        let text = "env a { description = \"café ☕\", queue = 1 }\n";
        let file = db.add("a.task", text);
        let start = text.find("1 }").unwrap_or(0);
        let d = Diagnostic::error(
            Code::E0001,
            at(file, start, start + 1),
            "`queue` must be a string",
        )
        .with_primary_label("here");
        let out = render(&db, &[d]);
        // Column counts characters: `é` and `☕` are one column each.
        assert!(out.contains("a.task:1:41"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn out_of_range_and_mid_character_spans_are_clamped() {
        let mut db = SourceDb::new();
        let file = db.add("a.task", "é\n");
        let d = Diagnostic::error(Code::E0001, at(file, 1, 500), "span past the end")
            .with_label(at(FileId(42), 3, 9), "a file that is not loaded");
        let out = render(&db, &[d]);
        assert!(out.contains("span past the end"));
        insta::assert_snapshot!(out);
    }

    proptest::proptest! {
        /// Whatever control characters and bidi overrides the text, the
        /// file name, the message, the labels and the help hold, uncoloured
        /// output holds none of them: only newlines and tabs pass.
        #[test]
        fn no_terminal_control_reaches_the_output(
            text in "(\\PC|[\u{0}-\u{1f}\u{7f}-\u{9f}\u{202a}-\u{202e}\u{2066}-\u{2069}]){0,40}",
            name in "[a-z\u{1b}\u{202e}]{1,6}",
            start in 0usize..50,
            len in 0usize..10,
            message in "[a-z\u{1b}\u{9b}\u{202e}]{0,8}",
        ) {
            use crate::diagnostics::render::terminal::is_unsafe_for_terminal;
            let mut db = SourceDb::new();
            let file = db.add(format!("{name}.task"), text);
            let d = Diagnostic::error(Code::E0001, at(file, start, start + len), message.clone())
                .with_primary_label(message.clone())
                .with_label(at(file, len, start), message.clone())
                .with_help(message);
            let out = render(&db, &[d]);
            proptest::prop_assert!(!out.chars().any(is_unsafe_for_terminal), "{:?}", out);
        }
    }

    /// The renderer of the whole text, before snippets kept a window.
    fn render_whole(db: &SourceDb, diagnostics: &[Diagnostic]) -> String {
        let handler = handler(HumanOptions::default());
        let mut out = String::new();
        for d in diagnostics {
            let _ = handler.render_report(&mut out, &Report::primary(db, d, usize::MAX));
        }
        out
    }

    #[test]
    fn snippets_keep_a_window_of_the_file_not_all_of_it() {
        let mut db = SourceDb::new();
        let text: String = (0..10_000).map(|i| format!("env e{i} {{}}\n")).collect();
        let file = db.add("big.task", text.as_str());
        let start = text.find("env e5000 ").unwrap_or(0);
        let d = Diagnostic::error(Code::E0001, at(file, start + 4, start + 9), "here")
            .with_label(at(file, start + 17, start + 22), "and here");
        let report = Report::primary(&db, &d, WINDOW_LINES);
        let shown = report.source.as_ref().map_or("", |s| &s.shown.text);
        // The labels' two lines and the lines around them, not 10,000 lines.
        assert_eq!(shown.lines().count(), 2 + 2 * WINDOW_LINES, "{shown}");
        let out = render(&db, std::slice::from_ref(&d));
        assert!(
            out.contains("big.task:5001:5") && out.contains("5002 │ env e5001 {}"),
            "{out}"
        );
        assert_eq!(out, render_whole(&db, &[d]));
    }

    proptest::proptest! {
        /// Keeping a window of the file changes nothing in the output:
        /// labels near and far apart, in several files, at the ends of the
        /// text, in lines with escaped characters and old Mac line breaks.
        #[test]
        fn a_window_renders_as_the_whole_text_does(
            lines in proptest::collection::vec("([a-z ]|\u{1b}|\u{202e}|é|\r){0,12}", 1..40),
            breaks in proptest::collection::vec(proptest::sample::select(vec!["\n", "\r\n", "\r"]), 40),
            spans in proptest::collection::vec((0usize..500, 0usize..20, 0u32..2), 1..5),
        ) {
            let text: String = lines
                .iter()
                .zip(&breaks)
                .map(|(line, end)| format!("{line}{end}"))
                .collect();
            let mut db = SourceDb::new();
            db.add("a.task", text.as_str());
            db.add("b.task", format!("// other\n{text}"));
            let len = text.len() + 10;
            let label = |(start, width, file): (usize, usize, u32)| {
                let start = start % len;
                at(FileId(file), start, start + width)
            };
            let mut d = Diagnostic::error(Code::E0001, label(spans[0]), "m").with_primary_label("p");
            for (i, span) in spans.iter().enumerate().skip(1) {
                d = d.with_label(label(*span), format!("l{i}"));
            }
            let diagnostics = [d];
            proptest::prop_assert_eq!(render(&db, &diagnostics), render_whole(&db, &diagnostics));
        }
    }

    #[test]
    fn colour_is_only_emitted_when_asked_for() {
        let mut db = SourceDb::new();
        let file = db.add("a.task", "env a {}\n");
        let d = Diagnostic::error(Code::E0001, at(file, 0, 3), "boom");
        let plain = render_human(&db, std::slice::from_ref(&d), HumanOptions::default());
        let coloured = render_human(
            &db,
            &[d],
            HumanOptions {
                color: true,
                ..HumanOptions::default()
            },
        );
        assert!(!plain.contains('\u{1b}'));
        assert!(coloured.contains('\u{1b}'));
    }
}
