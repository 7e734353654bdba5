//! Every editor query answers (or declines) on any text and any offset:
//! every prefix of every example file (what an editor holds while the
//! file is typed from the top), offsets past the end and inside
//! multi-byte characters, and random text.

mod proptest_cases;

use proptest::prelude::*;
use proptest_cases::cases_from_env;
use taskc_core::ide::Analysis;
use taskc_core::source::{FileId, SourceDb, Span};
use taskc_core::workspace::Config;

fn examples() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("examples folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "task"))
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, std::fs::read_to_string(&p).expect("example text"))
        })
        .collect();
    files.sort();
    files
}

/// Run every query at `offsets` of a single-file workspace holding `text`.
fn every_query(text: &str, offsets: &[usize]) {
    let mut db = SourceDb::new();
    let file = db.add("main.task", text);
    let analysis = Analysis::new(db, Config::default());
    every_query_on(&analysis, file, offsets);
}

fn every_query_on(analysis: &Analysis, file: FileId, offsets: &[usize]) {
    let _ = analysis.diagnostics();
    let _ = analysis.document_symbols(file);
    let _ = analysis.workspace_symbols("a");
    let _ = analysis.workspace_symbols("");
    let _ = analysis.format(file);
    let _ = analysis.folding_ranges(file);
    semantic_tokens_are_well_formed(analysis, file);
    for &offset in offsets {
        let _ = analysis.selection_ranges(file, offset);
        let _ = analysis.hover(file, offset);
        let _ = analysis.completions(file, offset);
        let _ = analysis.definition(file, offset);
        let _ = analysis.references(file, offset, true);
        let _ = analysis.prepare_rename(file, offset);
        let _ = analysis.rename(file, offset, "renamed");
        let range = Span::new(offset.saturating_sub(40), offset);
        let _ = analysis.inlay_hints(file, range);
        let _ = analysis.code_actions(file, range);
    }
    // An id no file has.
    let _ = analysis.hover(FileId(999), 0);
    let _ = analysis.completions(FileId(999), 0);
    let _ = analysis.document_symbols(FileId(999));
    let _ = analysis.folding_ranges(FileId(999));
    let _ = analysis.selection_ranges(FileId(999), 0);
    let _ = analysis.inlay_hints(FileId(999), Span::new(0, 10));
    let _ = analysis.code_actions(FileId(999), Span::new(0, 10));
    let _ = analysis.semantic_tokens(FileId(999), None);
}

/// Sorted, never overlapping, never empty, on character boundaries.
fn semantic_tokens_are_well_formed(analysis: &Analysis, file: FileId) {
    let text = analysis.db().get(file).map_or("", |f| &*f.text);
    let tokens = analysis.semantic_tokens(file, None);
    for pair in tokens.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start, "{pair:?}");
    }
    for token in &tokens {
        let span = token.span;
        assert!(span.start < span.end && span.end <= text.len(), "{token:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }
    let _ = analysis.semantic_tokens(file, Some(Span::new(text.len() / 2, text.len() + 10)));
}

/// Offsets worth trying in `text`: both ends, past the end, the middle,
/// and every byte of the last few characters (some inside multi-byte ones).
fn interesting_offsets(text: &str) -> Vec<usize> {
    let len = text.len();
    let mut out = vec![0, len / 2, len, len + 1, len + 100, usize::MAX];
    out.extend(len.saturating_sub(6)..len);
    if let Some((i, c)) = text.char_indices().find(|(_, c)| c.len_utf8() > 1) {
        out.extend(i..i + c.len_utf8());
    }
    out
}

/// Every byte prefix of every example (cut at character boundaries, since
/// an editor only holds text), queried at the cut and around it. Takes a
/// few minutes in a debug build, so it runs on request:
/// `cargo test -p taskc-core --test ide_never_panics -- --ignored`.
#[test]
#[ignore = "exhaustive; the sampled version below runs by default"]
fn every_prefix_of_every_example() {
    for (_, text) in examples() {
        for cut in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            every_query(&text[..cut], &interesting_offsets(&text[..cut]));
        }
    }
}

/// A deterministic sample of the above that runs with every `cargo test`:
/// every 37th prefix of each example (all offsets near the cut).
#[test]
fn sampled_prefixes_of_every_example() {
    for (_, text) in examples() {
        for cut in (0..=text.len())
            .step_by(37)
            .filter(|&i| text.is_char_boundary(i))
        {
            every_query(&text[..cut], &interesting_offsets(&text[..cut]));
        }
    }
}

/// The whole examples workspace, every offset of every file.
#[test]
fn every_offset_of_the_examples_workspace() {
    let mut db = SourceDb::new();
    let files: Vec<(FileId, usize)> = examples()
        .into_iter()
        .map(|(name, text)| {
            let len = text.len();
            (db.add(name, text), len)
        })
        .collect();
    let analysis = Analysis::new(db, Config::default());
    for (file, len) in files {
        let offsets: Vec<usize> = (0..=len + 2).collect();
        every_query_on(&analysis, file, &offsets);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases_from_env(64)))]

    /// A random prefix of a random example, at random offsets.
    #[test]
    fn random_prefixes_and_offsets(pick in 0usize..64, cut in 0usize..5000, offsets in prop::collection::vec(0usize..6000, 4)) {
        let files = examples();
        let (_, text) = &files[pick % files.len()];
        let mut cut = cut.min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        every_query(&text[..cut], &offsets);
    }

    /// Arbitrary text made of the language's punctuation, words and
    /// multi-byte characters.
    #[test]
    fn arbitrary_text(text in r#"(env|template|override|type|extends|in|of|enum|record|inputs|trigger|sql|cache|=|\+=|:|\{|\}|\[|\]|"|"""|//|/\*|\*/|\n|,|\?|\||é|→|x|-| |@|%\(|\)s){0,60}"#, offsets in prop::collection::vec(0usize..400, 4)) {
        every_query(&text, &offsets);
    }
}
