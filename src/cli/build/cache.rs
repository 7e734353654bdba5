//! `.taskc-cache`: what the last build of an out dir wrote, so that a
//! rebuild renders and compares only the files whose inputs changed.
//!
//! For every output file it records a key (a hash of everything the file
//! is made from: the artifact's fingerprint, see
//! `EncodedArtifact::fingerprint`, the output kind, the file name and this
//! taskc's version), the hash of the bytes written, and the file's size and
//! modification time after the build. A rebuild whose key for a file is the
//! recorded one, and whose file on disk still has the recorded size and
//! modification time (or, failing that, the recorded hash), knows the file
//! holds exactly what it would render: the file is neither rendered nor
//! read. Everything else goes the usual way (render, compare, stage).
//!
//! The cache is an optimisation only. It is read by builds, never by
//! `--check` (which renders and compares every file); a cache that is
//! missing, truncated, of another layout or taskc version, or otherwise
//! unreadable is ignored as a whole, which is a full build. It is written
//! with the outputs, through the same all-or-nothing commit.
//!
//! What it cannot see: a hand edit of an output that keeps its size and
//! lands within the file system's timestamp tick of the build's own write
//! (a few milliseconds), as with `make`. `taskc build --check` finds it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::Metadata;
use std::path::Path;
use std::time::UNIX_EPOCH;

use sha2::{Digest as _, Sha256};

use super::render::{Emit, Encoding, PlannedFile};

pub const CACHE_NAME: &str = ".taskc-cache";

/// The first line of a cache: its layout and the taskc that wrote it (a
/// cache of another version is ignored: its renderer may differ).
const HEADER: &str = concat!("taskc-build-cache 1 ", env!("CARGO_PKG_VERSION"));
/// The last line: a cache without it was cut short and is ignored.
const TRAILER: &str = "end\n";

/// A 128-bit hash: keys and output hashes.
pub type Hash = [u8; 16];

/// An output file's size and modification time, as last written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub secs: u64,
    pub nanos: u32,
}

impl Stamp {
    /// The stamp of a regular file; `None` for anything else or a
    /// modification time the platform cannot give.
    pub fn of(meta: &Metadata) -> Option<Stamp> {
        if !meta.is_file() {
            return None;
        }
        let since = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Stamp {
            size: meta.len(),
            secs: since.as_secs(),
            nanos: since.subsec_nanos(),
        })
    }
}

/// What the cache knows about one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub key: Hash,
    pub output: Hash,
    pub stamp: Stamp,
}

/// The cache of an out dir.
#[derive(Debug, Default)]
pub struct Cache {
    entries: HashMap<String, Entry>,
    /// The bytes it was read from (a build that changes nothing does not
    /// rewrite it).
    bytes: Option<Vec<u8>>,
}

/// The truncated SHA-256 of `bytes`.
pub fn hash(bytes: &[u8]) -> Hash {
    truncate(&Sha256::digest(bytes))
}

fn truncate(digest: &[u8]) -> Hash {
    let mut hash = Hash::default();
    for (to, from) in hash.iter_mut().zip(digest) {
        *to = *from;
    }
    hash
}

/// The key of `file`, an output of the artifact whose fingerprint is
/// `fingerprint`.
pub fn file_key(fingerprint: &[u8; 32], file: &PlannedFile) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update(HEADER.as_bytes());
    hasher.update([
        0,
        emit_tag(file.kind.emit),
        encoding_tag(file.kind.encoding),
    ]);
    hasher.update((file.name.len() as u64).to_be_bytes());
    hasher.update(file.name.as_bytes());
    hasher.update(fingerprint);
    truncate(&hasher.finalize())
}

fn emit_tag(emit: Emit) -> u8 {
    match emit {
        Emit::Request => 1,
        Emit::Spec => 2,
        Emit::Args => 3,
        Emit::Sql => 4,
        Emit::Python => 5,
    }
}

fn encoding_tag(encoding: Encoding) -> u8 {
    match encoding {
        Encoding::Json => 1,
        Encoding::Pb => 2,
    }
}

impl Cache {
    /// The cache of `out_dir`; empty when there is none or it cannot be
    /// trusted (see the module doc).
    pub fn read(out_dir: &Path) -> Cache {
        let Ok(bytes) = std::fs::read(out_dir.join(CACHE_NAME)) else {
            return Cache::default();
        };
        match parse(&bytes) {
            Some(entries) => Cache {
                entries,
                bytes: Some(bytes),
            },
            None => Cache::default(),
        }
    }

    /// The entry of `name` when its key is `key` and the file at `path`
    /// still holds what was written: the same size and modification time,
    /// or else the same bytes (a file copied or touched). The entry comes
    /// back with the file's current stamp.
    pub fn fresh(&self, name: &str, key: &Hash, path: &Path) -> Option<Entry> {
        let entry = self.entries.get(name).filter(|e| e.key == *key)?;
        let stamp = Stamp::of(&path.symlink_metadata().ok()?)?;
        if stamp == entry.stamp {
            return Some(*entry);
        }
        if stamp.size != entry.stamp.size {
            return None;
        }
        let bytes = std::fs::read(path).ok()?;
        (hash(&bytes) == entry.output).then_some(Entry { stamp, ..*entry })
    }

    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.entries.get(name)
    }

    /// The bytes of a cache of `entries`, sorted by name; `None` when they
    /// are the bytes read (nothing to write).
    pub fn updated<'a>(
        &self,
        entries: impl IntoIterator<Item = (&'a str, Entry)>,
    ) -> Option<Vec<u8>> {
        let mut sorted: Vec<(&str, Entry)> = entries.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        let bytes = to_bytes(&sorted);
        (self.bytes.as_ref() != Some(&bytes)).then_some(bytes)
    }
}

fn to_bytes(entries: &[(&str, Entry)]) -> Vec<u8> {
    let mut text = String::with_capacity(HEADER.len() + entries.len() * 120);
    text.push_str(HEADER);
    text.push('\n');
    for (name, entry) in entries {
        let Stamp { size, secs, nanos } = entry.stamp;
        let _ = writeln!(
            text,
            "{name}\t{}\t{}\t{size}\t{secs}.{nanos:09}",
            hex(&entry.key),
            hex(&entry.output)
        );
    }
    text.push_str(TRAILER);
    text.into_bytes()
}

/// The entries of a cache file; `None` when any part of it is not what
/// [`to_bytes`] writes.
fn parse(bytes: &[u8]) -> Option<HashMap<String, Entry>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let body = text.strip_prefix(HEADER)?.strip_prefix('\n')?;
    let body = body.strip_suffix(TRAILER)?;
    let mut entries = HashMap::new();
    for line in body.split_terminator('\n') {
        let mut fields = line.split('\t');
        let name = fields.next()?;
        let key = unhex(fields.next()?)?;
        let output = unhex(fields.next()?)?;
        let size = fields.next()?.parse().ok()?;
        let (secs, nanos) = fields.next()?.split_once('.')?;
        if fields.next().is_some() || name.is_empty() || nanos.len() != 9 {
            return None;
        }
        let stamp = Stamp {
            size,
            secs: secs.parse().ok()?,
            nanos: nanos.parse().ok().filter(|n| *n < 1_000_000_000)?,
        };
        entries.insert(name.to_string(), Entry { key, output, stamp });
    }
    Some(entries)
}

fn hex(hash: &Hash) -> String {
    hash.iter()
        .fold(String::with_capacity(32), |mut text, byte| {
            let _ = write!(text, "{byte:02x}");
            text
        })
}

fn unhex(text: &str) -> Option<Hash> {
    if text.len() != 32 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut hash = Hash::default();
    for (i, byte) in hash.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u8) -> Entry {
        Entry {
            key: [n; 16],
            output: [n + 1; 16],
            stamp: Stamp {
                size: 10 + u64::from(n),
                secs: 1_700_000_000,
                nanos: 5,
            },
        }
    }

    #[test]
    fn bytes_round_trip() {
        let bytes = to_bytes(&[("a.x.json", entry(1)), ("a.y.sql", entry(2))]);
        let parsed = parse(&bytes);
        assert_eq!(parsed.as_ref().map(HashMap::len), Some(2));
        assert_eq!(
            parsed.and_then(|p| p.get("a.y.sql").copied()),
            Some(entry(2))
        );
        assert_eq!(parse(&to_bytes(&[])).map(|p| p.len()), Some(0));
    }

    #[test]
    fn a_damaged_cache_is_not_read_at_all() {
        let bytes = to_bytes(&[("a.x.json", entry(1)), ("a.y.sql", entry(2))]);
        // Cut short anywhere: the trailer is gone or a line is broken.
        for len in 0..bytes.len() - 1 {
            assert!(parse(&bytes[..len]).is_none(), "cut at {len}");
        }
        let other = String::from_utf8_lossy(&bytes).replace(HEADER, "taskc-build-cache 1 0.0.0");
        assert!(parse(other.as_bytes()).is_none(), "another taskc version");
        let bad_hex = String::from_utf8_lossy(&bytes).replacen("01", "zz", 1);
        assert!(parse(bad_hex.as_bytes()).is_none());
        assert!(parse(b"\xff\xfe garbage").is_none());
    }

    #[test]
    fn keys_differ_by_kind_and_name() {
        use super::super::render::OutputKind;
        let file = |name: &str, emit| PlannedFile {
            artifact: 0,
            name: name.to_string(),
            kind: OutputKind::new(emit, Encoding::Json),
            message: None,
        };
        let fingerprint = [7; 32];
        let a = file_key(&fingerprint, &file("a.x.json", Emit::Request));
        assert_ne!(a, file_key(&fingerprint, &file("a.x.json", Emit::Spec)));
        assert_ne!(a, file_key(&fingerprint, &file("a.y.json", Emit::Request)));
        assert_ne!(a, file_key(&[8; 32], &file("a.x.json", Emit::Request)));
        assert_eq!(a, file_key(&fingerprint, &file("a.x.json", Emit::Request)));
    }
}
