//! The out dir: compare what a build produces with what is on disk, then
//! either report the differences (`--check`) or apply them.
//!
//! A build runs in two steps so that an error leaves the folder as it was:
//!
//! 1. [`plan`] renders every file (in parallel), compares it byte for byte
//!    with the file on disk and, when building, writes each new or changed
//!    one to a temporary file in the out dir. Only one file per thread is in
//!    memory at a time. If any file cannot be rendered or staged, the
//!    temporary files are deleted and nothing else has been touched.
//! 2. [`apply`] hands the staged files, the files an earlier build of the
//!    same kind wrote and this one no longer produces (see
//!    [`super::manifest`]) and the manifest to [`super::commit`], which
//!    puts them all in place or, if any step fails, none.
//!
//! The manifest is written so that a build killed part-way never leaves a
//! file of its own unlisted: when files are added, a manifest listing the
//! old and the new files goes in first; the final one, without the
//! removed files, goes in last.
//!
//! Unchanged files are not rewritten, so they keep their modification time
//! (`make` and file watchers see no change). Files the manifest does not
//! list are never touched. A build (not `--check`) skips rendering and
//! comparing the files [`super::cache`] vouches for, and writes the updated
//! cache with the last manifest.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use taskc_core::backend::EncodedArtifact;
use taskc_core::timings;
use tempfile::TempPath;

use super::cache::{self, Cache, Stamp};
pub use super::commit::WriteError;
use super::commit::{self, Faults, Op};
pub use super::manifest::MANIFEST_NAME;
use super::manifest::{self, Manifest};
use super::render::{self, OutputKind, PlannedFile};

/// How a file on disk differs from what the build produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difference {
    /// On disk with other bytes (or not a regular file).
    Stale,
    /// Not on disk.
    Missing,
    /// Written by an earlier build, no longer produced.
    Extra,
    /// A temporary file of a build that was killed.
    Leftover,
}

impl Difference {
    pub fn as_str(self) -> &'static str {
        match self {
            Difference::Stale => "stale",
            Difference::Missing => "missing",
            Difference::Extra => "extra",
            Difference::Leftover => "leftover",
        }
    }
}

/// A produced file that differs from the disk, with its staged bytes when
/// building.
#[derive(Debug)]
pub struct Change {
    pub name: String,
    pub difference: Difference,
    staged: Option<TempPath>,
}

/// Everything a build would change in the out dir.
#[derive(Debug)]
pub struct Plan {
    pub out_dir: PathBuf,
    /// Produced files that are missing or stale, by name.
    pub changes: Vec<Change>,
    pub unchanged: usize,
    /// Owned files no longer produced, by name.
    pub removals: Vec<String>,
    /// The new manifest, when it differs from the one on disk.
    pub manifest: Option<(Vec<u8>, Difference)>,
    /// The manifest to write before any output, when it is not the one on
    /// disk: the old entries and the new ones (see the module doc).
    manifest_first: Option<Vec<u8>>,
    /// Temporary files of killed builds found in the out dir, by name.
    pub leftovers: Vec<String>,
    /// The new `.taskc-cache`, when it differs from the one on disk (never
    /// with `--check`, and not a difference it reports).
    cache: Option<Vec<u8>>,
    /// Why the manifest on disk was ignored, if it was (then no earlier
    /// output is removed).
    pub manifest_warning: Option<String>,
}

impl Plan {
    /// A plan that changes nothing in `out_dir`.
    pub fn empty(out_dir: &Path) -> Plan {
        Plan {
            out_dir: out_dir.to_path_buf(),
            changes: Vec::new(),
            unchanged: 0,
            removals: Vec::new(),
            manifest: None,
            manifest_first: None,
            leftovers: Vec::new(),
            manifest_warning: None,
            cache: None,
        }
    }

    pub fn is_up_to_date(&self) -> bool {
        self.changes.is_empty()
            && self.removals.is_empty()
            && self.manifest.is_none()
            && self.leftovers.is_empty()
    }

    /// Every difference as `(file name, difference)`, sorted by file name.
    pub fn differences(&self) -> Vec<(&str, Difference)> {
        let mut all: Vec<(&str, Difference)> = self
            .changes
            .iter()
            .map(|change| (change.name.as_str(), change.difference))
            .chain(
                self.removals
                    .iter()
                    .map(|n| (n.as_str(), Difference::Extra)),
            )
            .chain(
                self.manifest
                    .iter()
                    .map(|(_, difference)| (MANIFEST_NAME, *difference)),
            )
            .chain(
                self.leftovers
                    .iter()
                    .map(|n| (n.as_str(), Difference::Leftover)),
            )
            .collect();
        all.sort();
        all
    }
}

/// Why [`plan`] stopped.
#[derive(Debug)]
pub enum PlanError {
    /// Files that have no JSON form: `(artifact index, reason)`.
    NotRendered(Vec<(usize, serde_json::Error)>),
    Io(WriteError),
}

/// Compare `files` (every output of `kinds`) with the contents of
/// `out_dir`. With `stage`, each new or changed file is also written to a
/// temporary file for [`apply`]; without it (`--check`) nothing is written.
/// A build runs it with the out dir locked and its leftovers removed
/// ([`super::lock`]); the leftovers it still finds are listed.
#[cfg(test)]
pub fn plan(
    out_dir: &Path,
    files: &[PlannedFile],
    artifacts: &[EncodedArtifact],
    kinds: &BTreeSet<OutputKind>,
    stage: bool,
) -> Result<Plan, PlanError> {
    let faults: Option<&dyn Faults> = stage.then_some(&commit::NoFaults);
    plan_with(out_dir, files, artifacts, kinds, faults)
}

/// [`plan`], staging with `stage`'s answers to each step when it is set.
pub fn plan_with(
    out_dir: &Path,
    files: &[PlannedFile],
    artifacts: &[EncodedArtifact],
    kinds: &BTreeSet<OutputKind>,
    stage: Option<&dyn Faults>,
) -> Result<Plan, PlanError> {
    let (previous, old_bytes, manifest_warning) = match manifest::read(out_dir) {
        manifest::Read::Missing => (Manifest::default(), None, None),
        manifest::Read::Found { manifest, bytes } => (manifest, Some(bytes), None),
        manifest::Read::Unusable { reason } => (Manifest::default(), None, Some(reason)),
    };

    let created = if stage.is_some() && !out_dir.is_dir() {
        std::fs::create_dir_all(out_dir).map_err(|error| {
            PlanError::Io(WriteError {
                path: out_dir.to_path_buf(),
                error,
            })
        })?;
        true
    } else {
        false
    };
    // Only a build trusts the cache; `--check` renders and compares all.
    let cache = stage.map(|_| timings::time("read cache", || Cache::read(out_dir)));
    let fingerprints: Vec<[u8; 32]> = match cache {
        Some(_) => timings::time("cache keys", || {
            artifacts
                .par_iter()
                .map(EncodedArtifact::fingerprint)
                .collect()
        }),
        None => Vec::new(),
    };
    let compared = timings::time("render, compare, stage", || {
        compare_all(
            out_dir,
            files,
            artifacts,
            stage,
            cache.as_ref().map(|cache| (cache, fingerprints.as_slice())),
        )
    });
    let compared = match compared {
        Ok(compared) => compared,
        Err(error) => {
            // The temporary files are gone (dropped with the results); a
            // folder this run created is removed again, if still empty.
            if created {
                let _ = std::fs::remove_dir(out_dir);
            }
            return Err(error);
        }
    };

    let mut changes = Vec::new();
    let mut unchanged = 0;
    let mut entries = Vec::with_capacity(files.len());
    for (file, (outcome, entry)) in files.iter().zip(compared) {
        if let Some(entry) = entry {
            entries.push((file.name.as_str(), entry));
        }
        match outcome {
            Some((difference, staged)) => changes.push(Change {
                name: file.name.clone(),
                difference,
                staged,
            }),
            None => unchanged += 1,
        }
    }

    let produced: BTreeSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
    // A folder that took an old output's name is not the build's to
    // delete.
    let removals: Vec<String> = previous
        .owned(kinds)
        .filter(|name| !produced.contains(name))
        .filter(|name| {
            out_dir
                .join(name)
                .symlink_metadata()
                .is_ok_and(|meta| !meta.is_dir())
        })
        .map(str::to_string)
        .collect();

    let updated = previous.updated(kinds, files);
    // Entries of the other kinds' files stay (an `--emit sql` build keeps
    // what the cache knows about the JSON files).
    let cache = cache.and_then(|cache| {
        let others = updated
            .files
            .keys()
            .filter(|name| !produced.contains(name.as_str()))
            .filter_map(|name| Some((name.as_str(), *cache.get(name)?)));
        cache.updated(entries.into_iter().chain(others))
    });
    let new_bytes = updated.to_bytes();
    let mut both = previous.clone();
    both.files.extend(updated.files);
    let both_bytes = both.to_bytes();
    let manifest_first = (old_bytes.as_ref() != Some(&both_bytes)).then_some(both_bytes);
    let manifest = match old_bytes {
        Some(old) if old == new_bytes => None,
        Some(_) => Some((new_bytes, Difference::Stale)),
        None if manifest_warning.is_some() => Some((new_bytes, Difference::Stale)),
        None => Some((new_bytes, Difference::Missing)),
    };

    Ok(Plan {
        out_dir: out_dir.to_path_buf(),
        changes,
        unchanged,
        removals,
        manifest,
        manifest_first,
        // A build has removed them already (and made temps of its own).
        leftovers: if stage.is_none() {
            super::lock::leftovers(out_dir)
        } else {
            Vec::new()
        },
        manifest_warning,
        cache,
    })
}

type Outcome = Option<(Difference, Option<TempPath>)>;

/// Render and compare every file in parallel, except those `cache`
/// vouches for; stage the changed ones. With a cache (and the fingerprint
/// of each artifact), each file also gets its new cache entry.
fn compare_all(
    out_dir: &Path,
    files: &[PlannedFile],
    artifacts: &[EncodedArtifact],
    stage: Option<&dyn Faults>,
    cache: Option<(&Cache, &[[u8; 32]])>,
) -> Result<Vec<(Outcome, Option<cache::Entry>)>, PlanError> {
    let (cache, fingerprints) = match cache {
        Some((cache, fingerprints)) => (Some(cache), fingerprints),
        None => (None, &[][..]),
    };
    let results: Vec<Result<(Outcome, Option<cache::Entry>), Failure>> = files
        .par_iter()
        .map(|file| {
            let artifact = artifacts.get(file.artifact).ok_or_else(|| {
                Failure::Io(WriteError {
                    path: out_dir.join(&file.name),
                    error: io::Error::other("output refers to no artifact"),
                })
            })?;
            let path = out_dir.join(&file.name);
            let key = fingerprints
                .get(file.artifact)
                .map(|fingerprint| cache::file_key(fingerprint, file));
            if let (Some(cache), Some(key)) = (cache, &key)
                && let Some(entry) = cache.fresh(&file.name, key, &path)
            {
                return Ok((None, Some(entry)));
            }
            let bytes = render::render(artifact, file)
                .map_err(|error| Failure::NotRendered(file.artifact, error))?;
            let entry = |stamp: Option<Stamp>| {
                Some(cache::Entry {
                    key: key?,
                    output: cache::hash(&bytes),
                    stamp: stamp?,
                })
            };
            let difference = match compare_stamped(&path, &bytes) {
                Ok(stamp) => return Ok((None, key.and_then(|_| entry(stamp)))),
                Err(difference) => difference,
            };
            let (staged, entry) = match stage {
                Some(faults) => {
                    let staged = stage_file(out_dir, &path, &bytes, difference, faults)
                        .map_err(Failure::Io)?;
                    // Renaming keeps the size and modification time.
                    let stamp = key.and_then(|_| Stamp::of(&staged.metadata().ok()?));
                    (Some(staged), entry(stamp))
                }
                None => (None, None),
            };
            Ok((Some((difference, staged)), entry))
        })
        .collect();

    let mut outcomes = Vec::with_capacity(results.len());
    let mut not_rendered = Vec::new();
    let mut io_error = None;
    for result in results {
        match result {
            Ok(outcome) => outcomes.push(outcome),
            Err(Failure::NotRendered(artifact, error)) => not_rendered.push((artifact, error)),
            Err(Failure::Io(error)) => {
                io_error.get_or_insert(error);
            }
        }
    }
    if let Some(error) = io_error {
        return Err(PlanError::Io(error));
    }
    if !not_rendered.is_empty() {
        return Err(PlanError::NotRendered(not_rendered));
    }
    Ok(outcomes)
}

enum Failure {
    NotRendered(usize, serde_json::Error),
    Io(WriteError),
}

/// How the file at `path` differs from `bytes`; `None` when it holds
/// exactly them. A symlink or folder in the way is stale: the build
/// replaces a symlink with a regular file (never writing through it) and
/// stops at a folder ([`stage_file`]).
pub(super) fn compare(path: &Path, bytes: &[u8]) -> Option<Difference> {
    compare_stamped(path, bytes).err()
}

/// [`compare`], with the stamp of the file when it holds `bytes`.
fn compare_stamped(path: &Path, bytes: &[u8]) -> Result<Option<Stamp>, Difference> {
    match path.symlink_metadata() {
        Err(_) => Err(Difference::Missing),
        Ok(meta) if !meta.is_file() || meta.len() != bytes.len() as u64 => Err(Difference::Stale),
        Ok(meta) => match std::fs::read(path) {
            Ok(on_disk) if on_disk == bytes => Ok(Stamp::of(&meta)),
            _ => Err(Difference::Stale),
        },
    }
}

/// Write `bytes` to a temporary file in `dir` for `target`, which
/// [`compare`] found to differ. Whatever the file system will refuse when
/// the file is renamed into place is refused here, before anything is
/// renamed: a folder in the way, a name it cannot hold (too long).
pub(super) fn stage_file(
    dir: &Path,
    target: &Path,
    bytes: &[u8],
    difference: Difference,
    faults: &dyn Faults,
) -> Result<TempPath, WriteError> {
    let refused = |error: io::Error| WriteError {
        path: target.to_path_buf(),
        error,
    };
    match target.symlink_metadata() {
        Ok(meta) if meta.is_dir() => return Err(refused(commit::folder_in_the_way())),
        Ok(_) => {}
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(refused(error)),
    }
    commit::stage(dir, target, bytes, difference == Difference::Stale, faults)
}

/// What [`apply`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Make the out dir match a plan made with staging, all at once or not at
/// all (see the module doc).
#[cfg(test)]
pub fn apply(plan: Plan) -> Result<Applied, WriteError> {
    apply_with(plan, Vec::new(), &commit::NoFaults)
}

/// [`apply`], with `also` (more staged files, the Python bindings) going in
/// with the outputs, and `faults` asked before each step.
pub fn apply_with(plan: Plan, also: Vec<Op>, faults: &dyn Faults) -> Result<Applied, WriteError> {
    let Plan {
        out_dir,
        changes,
        unchanged,
        removals,
        manifest,
        manifest_first,
        cache,
        ..
    } = plan;
    let written = changes.len();
    let removed = removals.len();
    let target = out_dir.join(MANIFEST_NAME);
    let stage_manifest = |bytes: &[u8]| -> Result<Op, WriteError> {
        let staged = commit::stage(&out_dir, &target, bytes, true, faults)?;
        Ok(Op::Install {
            target: target.clone(),
            staged,
        })
    };
    let mut outputs = also;
    for change in changes {
        let target = out_dir.join(&change.name);
        let Some(staged) = change.staged else {
            return Err(WriteError {
                path: target,
                error: io::Error::other("the file was compared but not staged"),
            });
        };
        outputs.push(Op::Install { target, staged });
    }
    let first = manifest_first.as_deref().map(stage_manifest).transpose()?;
    let last = match &manifest {
        Some((bytes, _)) if manifest_first.as_ref() != Some(bytes) => Some(stage_manifest(bytes)?),
        _ => None,
    };
    let cache_target = out_dir.join(cache::CACHE_NAME);
    let cache = cache
        .map(|bytes| -> Result<Op, WriteError> {
            let staged = commit::stage(&out_dir, &cache_target, &bytes, true, faults)?;
            Ok(Op::Install {
                target: cache_target.clone(),
                staged,
            })
        })
        .transpose()?;
    // The cache goes in with the outputs (in any order it only vouches
    // for files whose stamps it records), not with the last manifest: an
    // undo puts back a target written twice (the manifest) only when no
    // step after its second write can fail.
    outputs.extend(cache);
    let groups = vec![
        first.into_iter().collect(),
        outputs,
        removals
            .iter()
            .map(|name| Op::Remove {
                target: out_dir.join(name),
            })
            .collect(),
        last.into_iter().collect(),
    ];
    commit::commit(groups, faults)?;
    Ok(Applied {
        written,
        unchanged,
        removed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::build::render::{Emit, Encoding};
    use taskc_core::backend::{Artifact, Emitted};

    fn artifact(name: &str, sql: &str) -> EncodedArtifact {
        EncodedArtifact::new(Artifact {
            name: name.to_string(),
            emitted: Emitted::Submit(Box::default()),
            container_args: None,
            sql: Some(sql.to_string()),
        })
    }

    fn sql_files(artifacts: &[EncodedArtifact]) -> Vec<PlannedFile> {
        artifacts
            .iter()
            .enumerate()
            .map(|(index, a)| PlannedFile {
                artifact: index,
                name: format!("{}.sql", a.name),
                kind: OutputKind::new(Emit::Sql, Encoding::Json),
                message: None,
            })
            .collect()
    }

    fn kinds() -> BTreeSet<OutputKind> {
        BTreeSet::from([OutputKind::new(Emit::Sql, Encoding::Json)])
    }

    fn build(out: &Path, artifacts: &[EncodedArtifact]) -> Result<Applied, String> {
        let files = sql_files(artifacts);
        let plan = plan(out, &files, artifacts, &kinds(), true).map_err(|e| format!("{e:?}"))?;
        apply(plan).map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn a_second_identical_build_changes_nothing() -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = dir.path().join("build");
        let artifacts = [artifact("a.x", "SELECT 1"), artifact("a.y", "SELECT 2")];
        let files = sql_files(&artifacts);
        let first =
            plan(&out, &files, &artifacts, &kinds(), false).map_err(|e| format!("{e:?}"))?;
        assert_eq!(
            first.differences(),
            [
                (MANIFEST_NAME, Difference::Missing),
                ("a.x.sql", Difference::Missing),
                ("a.y.sql", Difference::Missing)
            ]
        );
        assert!(!out.exists(), "--check creates nothing");
        assert_eq!(build(&out, &artifacts)?.written, 2);
        let second =
            plan(&out, &files, &artifacts, &kinds(), true).map_err(|e| format!("{e:?}"))?;
        assert!(second.is_up_to_date(), "{:?}", second.differences());
        assert_eq!(second.unchanged, 2);
        // Nothing staged is left behind.
        let leftovers = std::fs::read_dir(&out)
            .map_err(|e| e.to_string())?
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().starts_with(".taskc-tmp-"))
            })
            .count();
        assert_eq!(leftovers, 0);
        Ok(())
    }

    #[test]
    fn only_owned_files_are_removed() -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = dir.path().to_path_buf();
        build(&out, &[artifact("a.x", "1"), artifact("a.y", "2")])?;
        std::fs::write(out.join("notes.sql"), "mine").map_err(|e| e.to_string())?;
        let artifacts = [artifact("a.x", "1")];
        let files = sql_files(&artifacts);
        let next = plan(&out, &files, &artifacts, &kinds(), true).map_err(|e| format!("{e:?}"))?;
        assert_eq!(
            next.differences(),
            [
                (MANIFEST_NAME, Difference::Stale),
                ("a.y.sql", Difference::Extra)
            ]
        );
        apply(next).map_err(|e| format!("{e:?}"))?;
        assert!(!out.join("a.y.sql").exists());
        assert!(out.join("notes.sql").exists());
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_the_usual_mode_and_replaced_ones_keep_theirs() -> Result<(), String> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = dir.path().to_path_buf();
        build(&out, &[artifact("a.x", "1")])?;
        let mode = |p: &Path| p.metadata().map(|m| m.permissions().mode() & 0o777).ok();
        let path = out.join("a.x.sql");
        let plain = out.join("plain.txt");
        std::fs::write(&plain, "").map_err(|e| e.to_string())?;
        assert_eq!(mode(&path), mode(&plain), "the mode of any new file");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640))
            .map_err(|e| e.to_string())?;
        build(&out, &[artifact("a.x", "2")])?;
        assert_eq!(mode(&path), Some(0o640));
        Ok(())
    }
}
