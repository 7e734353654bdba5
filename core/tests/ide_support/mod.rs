//! Fixtures for the editor-query tests: a workspace written inline, with a
//! `$0` cursor marker, and plain-text renderings of query results for
//! snapshots.
//!
//! A fixture is one file (`main.task`) or several, each starting with a
//! `//- path.task` line:
//!
//! ```text
//! //- envs.task
//! env base { cpu = 1 }
//! //- tasks.task
//! template t in ba$0se {}
//! ```

#![allow(dead_code)]

use taskc_core::ide::{Analysis, TextEdit};
use taskc_core::source::{FileId, FileSpan, SourceDb, Span};
use taskc_core::workspace::{CONFIG_FILE_NAME, Config, parse_config};

pub const CURSOR: &str = "$0";

pub struct Fixture {
    pub analysis: Analysis,
    /// The file holding the cursor (the first file without one).
    pub file: FileId,
    /// The cursor's byte offset (0 without one).
    pub offset: usize,
}

/// Split a fixture into `(path, text)` files.
fn files_of(text: &str) -> Vec<(String, String)> {
    if !text.trim_start().starts_with("//- ") {
        return vec![("main.task".to_string(), text.to_string())];
    }
    let mut files: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix("//- ") {
            files.push((path.trim().to_string(), String::new()));
        } else if let Some((_, body)) = files.last_mut() {
            body.push_str(line);
        }
    }
    files
}

/// Analyse a fixture; a `taskc.toml` file is the workspace configuration,
/// and templates that name no module use `tasks`.
pub fn fixture(text: &str) -> Fixture {
    let mut db = SourceDb::new();
    let mut cursor = None;
    let mut config = Config::default();
    for (path, body) in files_of(text) {
        let (body, offset) = match body.find(CURSOR) {
            Some(at) => (body.replacen(CURSOR, "", 1), Some(at)),
            None => (body, None),
        };
        let is_config = path == CONFIG_FILE_NAME;
        let id = db.add(path, body.clone());
        if is_config {
            config = parse_config(id, &body).0;
        }
        if let Some(offset) = offset {
            cursor = Some((id, offset));
        }
    }
    if config.flyte.default_module.is_none() {
        config.flyte.default_module = Some("tasks".to_string());
    }
    let (file, offset) = cursor.unwrap_or((FileId(0), 0));
    Fixture {
        analysis: Analysis::new(db, config),
        file,
        offset,
    }
}

impl Fixture {
    pub fn text(&self, file: FileId) -> &str {
        self.analysis.db().get(file).map_or("", |f| &*f.text)
    }

    /// `path:line:col` of a place.
    pub fn place(&self, at: FileSpan) -> String {
        let f = self.analysis.db().get(at.file).expect("file of a result");
        let lc = f.line_col(at.span.start);
        format!("{}:{}:{}", f.path.display(), lc.line, lc.column)
    }

    /// `path:line:col  `text``.
    pub fn show(&self, at: FileSpan) -> String {
        let text = self
            .text(at.file)
            .get(at.span.start..at.span.end)
            .unwrap_or("<bad span>");
        format!("{}  `{text}`", self.place(at))
    }

    pub fn show_all(&self, places: &[FileSpan]) -> String {
        places
            .iter()
            .map(|p| self.show(*p))
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn show_span(&self, span: Span) -> String {
        self.show(FileSpan::new(self.file, span))
    }

    /// Every file after applying `edits`, each under a `//- path` line
    /// (only files that changed).
    pub fn apply(&self, edits: &[TextEdit]) -> String {
        let mut out = String::new();
        for (id, file) in self.analysis.db().iter() {
            let mut mine: Vec<&TextEdit> = edits.iter().filter(|e| e.file == id).collect();
            if mine.is_empty() {
                continue;
            }
            mine.sort_by_key(|e| std::cmp::Reverse(e.span.start));
            let mut text = file.text.to_string();
            for e in mine {
                text.replace_range(e.span.start..e.span.end, &e.new_text);
            }
            out.push_str(&format!("//- {}\n{text}", file.path.display()));
        }
        out
    }
}
