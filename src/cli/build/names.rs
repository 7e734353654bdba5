//! Output file names: an artifact's name becomes a file name inside the out
//! dir, so it must not be able to point anywhere else, and two outputs must
//! never land on the same file.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

use taskc_core::diagnostics::{Code, Diagnostic};
use taskc_core::semantic::Model;
use taskc_core::source::{FileId, FileSpan, Span};

use super::render::PlannedFile;

/// Diagnostic codes of `taskc build` (registered in `diagnostics/codes.rs`).
pub const BAD_ARTIFACT_NAME: Code = Code::E0920;
pub const COLLIDING_FILES: Code = Code::E0921;
pub const ARTIFACT_NOT_RENDERED: Code = Code::E0922;
/// Printed as a plain message (exit 2): there is no source to point into.
pub const WRITE_FAILED: Code = Code::E0925;

/// Characters that Windows does not allow in file names; a workspace built
/// on Linux is often checked out there too.
const NOT_PORTABLE: &[char] = &['<', '>', ':', '"', '|', '?', '*'];

/// Names Windows keeps for devices: `CON`, `nul.json` and `Com1.x.json`
/// all open the device instead of a file. Compared without case, with the
/// part before the first `.` (trailing spaces dropped), as Windows does.
const RESERVED_ON_WINDOWS: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM0", "COM1", "COM2", "COM3", "COM4",
    "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3",
    "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// The longest file name, in bytes, that common file systems accept.
pub const MAX_FILE_NAME_BYTES: usize = 255;

/// Why `name` cannot be a file name in the out dir, if it cannot.
pub fn check_artifact_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("it is empty".to_string());
    }
    if let Some(c) = name.chars().find(|c| matches!(c, '/' | '\\')) {
        return Err(format!("it contains the path separator `{c}`"));
    }
    if name.contains("..") {
        return Err("it contains `..`".to_string());
    }
    if name.starts_with('.') {
        return Err("it starts with `.` (a hidden file)".to_string());
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(format!("it contains the control character {c:?}"));
    }
    if let Some(c) = name.chars().find(|c| NOT_PORTABLE.contains(c)) {
        return Err(format!(
            "it contains `{c}`, which Windows does not allow in file names"
        ));
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    // The device names have case only in their ASCII letters: the stem is
    // lowercased once, and each name compared without a copy.
    let lower_stem = stem.to_lowercase();
    if let Some(reserved) = RESERVED_ON_WINDOWS
        .iter()
        .find(|reserved| reserved.eq_ignore_ascii_case(&lower_stem))
    {
        return Err(format!(
            "`{stem}` is the name of the `{reserved}` device on Windows, where no file can have it"
        ));
    }
    Ok(())
}

/// Why output file `name` cannot be written on common file systems, if it
/// cannot (its artifact name already passed [`check_artifact_name`]).
pub fn check_file_name(name: &str) -> Result<(), String> {
    if name.len() > MAX_FILE_NAME_BYTES {
        return Err(format!(
            "its file `{name}` is {} bytes long, and most file systems accept at most \
             {MAX_FILE_NAME_BYTES}",
            name.len()
        ));
    }
    Ok(())
}

/// The form of a file name that macOS and Windows file systems compare:
/// Unicode normalization (NFC) and case do not tell two names apart.
fn folded(name: &str) -> String {
    // ASCII is its own normal form: the usual task id needs no Unicode pass.
    if name.is_ascii() {
        return name.to_ascii_lowercase();
    }
    name.nfc()
        .collect::<String>()
        .to_lowercase()
        .nfc()
        .collect()
}

pub fn bad_name_diagnostic(model: &Model, name: &str, problem: &str) -> Diagnostic {
    artifact_diagnostic(
        model,
        name,
        BAD_ARTIFACT_NAME,
        format!("`{name}` cannot be an output file name: {problem}"),
    )
    .with_help(
        "output files are named after the task id (`<env>.<function>` or the `name` written \
         on the template); use a name of letters, digits, `_`, `-` and single `.`s",
    )
}

/// Two outputs with the same file name, or names that differ only in case
/// or Unicode normalization (one would overwrite the other on macOS and
/// Windows), are errors: one of them would be lost without notice.
pub fn colliding_files(model: &Model, files: &[PlannedFile]) -> Vec<Diagnostic> {
    let mut by_folded: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for file in files {
        by_folded
            .entry(folded(&file.name))
            .or_default()
            .push(&file.name);
    }
    by_folded
        .values()
        .filter(|names| names.len() > 1)
        .map(|names| {
            let shown: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            let stem = artifact_of_file(model, names[0]).unwrap_or(names[0]);
            artifact_diagnostic(
                model,
                stem,
                COLLIDING_FILES,
                format!(
                    "{} outputs would be written to the same file: {}",
                    names.len(),
                    shown.join(", ")
                ),
            )
            .with_help(
                "rename one of the templates or overrides (file names that differ only in \
                 case or in Unicode normalization are the same file on macOS and Windows)",
            )
        })
        .collect()
}

/// The artifact a file was named after, if the model has one.
fn artifact_of_file<'a>(model: &Model, file: &'a str) -> Option<&'a str> {
    let mut stem = file;
    while let Some((head, _)) = stem.rsplit_once('.') {
        stem = head;
        if declaration_of(model, stem).is_some() {
            return Some(stem);
        }
    }
    None
}

/// An error about artifact `name`, placed on the declaration that produced
/// it (the template's or override's name).
pub fn artifact_diagnostic(model: &Model, name: &str, code: Code, message: String) -> Diagnostic {
    let at =
        declaration_of(model, name).unwrap_or_else(|| FileSpan::new(FileId(0), Span::default()));
    Diagnostic::error(code, at, message)
}

/// Where the template or override whose output is `name` is declared.
fn declaration_of(model: &Model, name: &str) -> Option<FileSpan> {
    model
        .tasks()
        .iter()
        .find(|task| task.task_id == name)
        .map(|task| task.name_at)
        .or_else(|| {
            model
                .overrides()
                .iter()
                .find(|o| o.output_name() == name)
                .map(|o| o.name_at)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_ids_are_usable_file_names() {
        for name in [
            "etl.load",
            "bq.count_events",
            "text-tools.wc",
            "resize",
            "console.x",
            "etl.con",
            "com10",
        ] {
            assert_eq!(check_artifact_name(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn names_that_could_leave_the_out_dir_are_rejected() {
        for (name, problem) in [
            ("", "empty"),
            ("../etc/passwd", "path separator `/`"),
            ("a/b", "path separator `/`"),
            ("a\\b", "path separator `\\`"),
            ("..", "`..`"),
            ("a..b", "`..`"),
            (".taskc-build", "starts with `.`"),
            ("a\nb", "control character"),
            ("C:x", "Windows"),
            ("CON", "`CON` device"),
            ("nul.etl", "`NUL` device"),
            ("Com1.x", "`COM1` device"),
            ("lpt9 .x", "`LPT9` device"),
            ("com²", "`COM²` device"),
        ] {
            let found = check_artifact_name(name);
            assert!(
                found.as_ref().is_err_and(|p| p.contains(problem)),
                "{name:?}: {found:?}"
            );
        }
    }

    #[test]
    fn file_names_longer_than_file_systems_take_are_rejected() {
        let longest = format!("{}.json", "a".repeat(MAX_FILE_NAME_BYTES - 5));
        assert_eq!(check_file_name(&longest), Ok(()));
        let found = check_file_name(&format!("a{longest}"));
        assert!(found.is_err_and(|p| p.contains("256 bytes")));
    }

    #[test]
    fn names_equal_after_normalization_or_case_fold_alike() {
        // `é` as one character and as `e` with a combining accent.
        assert_eq!(folded("etl.caf\u{e9}.json"), folded("etl.cafe\u{301}.json"));
        assert_eq!(folded("etl.CAF\u{c9}.json"), folded("etl.cafe\u{301}.json"));
        assert_ne!(folded("etl.cafe.json"), folded("etl.caf\u{e9}.json"));
        // ASCII takes the short way to the same form.
        assert_eq!(folded("Etl.LOAD.json"), "etl.load.json");
        assert_eq!(folded("Etl.LOAD.\u{c9}"), folded("etl.load.e\u{301}"));
    }
}
