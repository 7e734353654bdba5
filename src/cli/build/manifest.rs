//! `.taskc-build`: the list of files `taskc build` wrote into an out dir.
//!
//! It is how a build knows which files it owns. A file it wrote before and
//! no longer produces (a renamed template, a removed override) is deleted;
//! any other file in the out dir is never touched. Each entry records its
//! output kind, so `taskc build --emit sql` leaves the JSON of an earlier
//! `taskc build` alone, and the message type, so that checkers know how to
//! parse each file without guessing from its name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::names::check_artifact_name;
use super::render::{Emit, Encoding, OutputKind, PlannedFile};

pub const MANIFEST_NAME: &str = ".taskc-build";

/// Manifest layout version; a manifest of another version is not trusted.
const LAYOUT: u32 = 1;

const ABOUT: &str = "Files written by `taskc build` into this folder. A build removes the ones \
                     it no longer produces and never touches other files. Do not edit.";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Manifest {
    pub files: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub emit: Emit,
    pub format: Encoding,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl Entry {
    pub fn kind(&self) -> OutputKind {
        OutputKind::new(self.emit, self.format)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    about: String,
    layout: u32,
    files: BTreeMap<String, Entry>,
}

/// The manifest of an out dir as read from disk.
#[derive(Debug)]
pub enum Read {
    /// No manifest: nothing is owned yet.
    Missing,
    Found {
        manifest: Manifest,
        bytes: Vec<u8>,
    },
    /// Unreadable or not a manifest taskc understands: nothing is owned,
    /// so nothing gets deleted; the reason is shown as a warning.
    Unusable {
        reason: String,
    },
}

pub fn read(out_dir: &Path) -> Read {
    let path = out_dir.join(MANIFEST_NAME);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Read::Missing,
        Err(error) => {
            return Read::Unusable {
                reason: error.to_string(),
            };
        }
    };
    match parse(&bytes) {
        Ok(manifest) => Read::Found { manifest, bytes },
        Err(reason) => Read::Unusable { reason },
    }
}

fn parse(bytes: &[u8]) -> Result<Manifest, String> {
    let document: Document = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if document.layout != LAYOUT {
        return Err(format!(
            "layout {} is not the {LAYOUT} this taskc writes",
            document.layout
        ));
    }
    // A name that could point outside the out dir is never trusted, even
    // from our own manifest: it may have been edited.
    if let Some(bad) = document
        .files
        .keys()
        .find(|name| check_artifact_name(name).is_err())
    {
        return Err(format!("it lists `{bad}`, which is not a file name"));
    }
    Ok(Manifest {
        files: document.files,
    })
}

impl Manifest {
    /// The files of the given kinds this manifest says a build wrote.
    pub fn owned<'a>(
        &'a self,
        kinds: &'a BTreeSet<OutputKind>,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.files
            .iter()
            .filter(move |(_, entry)| kinds.contains(&entry.kind()))
            .map(|(name, _)| name.as_str())
    }

    /// The manifest after a build of `kinds` that produced `files`: entries
    /// of other kinds are kept, those of `kinds` are replaced.
    pub fn updated(&self, kinds: &BTreeSet<OutputKind>, files: &[PlannedFile]) -> Manifest {
        let mut updated: BTreeMap<String, Entry> = self
            .files
            .iter()
            .filter(|(_, entry)| !kinds.contains(&entry.kind()))
            .map(|(name, entry)| (name.clone(), entry.clone()))
            .collect();
        for file in files {
            updated.insert(
                file.name.clone(),
                Entry {
                    emit: file.kind.emit,
                    format: file.kind.encoding,
                    message: file.message.map(str::to_string),
                },
            );
        }
        Manifest { files: updated }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let document = Document {
            about: ABOUT.to_string(),
            layout: LAYOUT,
            files: self.files.clone(),
        };
        let mut bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, emit: Emit, encoding: Encoding) -> PlannedFile {
        PlannedFile {
            artifact: 0,
            name: name.to_string(),
            kind: OutputKind::new(emit, encoding),
            message: None,
        }
    }

    #[test]
    fn a_build_replaces_only_the_entries_of_its_own_kinds() {
        let json = OutputKind::new(Emit::Request, Encoding::Json);
        let sql = OutputKind::new(Emit::Sql, Encoding::Json);
        let first = Manifest::default().updated(
            &BTreeSet::from([json]),
            &[
                file("a.x.json", Emit::Request, Encoding::Json),
                file("a.y.json", Emit::Request, Encoding::Json),
            ],
        );
        let second = first.updated(
            &BTreeSet::from([sql]),
            &[file("a.q.sql", Emit::Sql, Encoding::Json)],
        );
        let third = second.updated(
            &BTreeSet::from([json]),
            &[file("a.x.json", Emit::Request, Encoding::Json)],
        );
        let names: Vec<&String> = third.files.keys().collect();
        assert_eq!(names, ["a.q.sql", "a.x.json"]);
        let request_kinds = BTreeSet::from([json]);
        let owned: Vec<&str> = second.owned(&request_kinds).collect();
        assert_eq!(owned, ["a.x.json", "a.y.json"]);
    }

    #[test]
    fn bytes_round_trip_and_are_stable() {
        let manifest = Manifest::default().updated(
            &BTreeSet::from([OutputKind::new(Emit::Request, Encoding::Pb)]),
            &[file("a.x.pb", Emit::Request, Encoding::Pb)],
        );
        let bytes = manifest.to_bytes();
        assert_eq!(parse(&bytes), Ok(manifest.clone()));
        assert_eq!(bytes, manifest.to_bytes());
        assert!(bytes.ends_with(b"}\n"));
    }

    #[test]
    fn a_manifest_naming_a_path_is_not_trusted() {
        let text = r#"{"about": "", "layout": 1, "files": {"../../x": {"emit": "request", "format": "json"}}}"#;
        assert!(parse(text.as_bytes()).is_err_and(|e| e.contains("../../x")));
        assert!(parse(b"{\"about\": \"\", \"layout\": 9, \"files\": {}}").is_err());
        assert!(parse(b"not json").is_err());
    }
}
