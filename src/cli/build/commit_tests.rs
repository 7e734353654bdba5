//! A build that fails at any step leaves the out dir (and the bindings)
//! exactly as they were: failures injected at every step of a 1,000-file
//! build.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use taskc_core::backend::{Artifact, Emitted, EncodedArtifact};

use super::commit::{self, Faults, Op, Step};
use super::out_dir::{self, PlanError};
use super::render::{Emit, Encoding, OutputKind, PlannedFile};

/// Fails the step numbered `at` (counting from 0 in the order they are
/// asked), and counts every step.
struct FailAt {
    at: usize,
    seen: AtomicUsize,
}

impl FailAt {
    fn new(at: usize) -> Self {
        FailAt {
            at,
            seen: AtomicUsize::new(0),
        }
    }
}

impl Faults for FailAt {
    fn before(&self, step: Step, path: &Path) -> io::Result<()> {
        if self.seen.fetch_add(1, Ordering::SeqCst) == self.at {
            return Err(io::Error::other(format!(
                "injected failure: {step:?} {}",
                path.display()
            )));
        }
        Ok(())
    }
}

fn artifact(name: &str, sql: &str) -> EncodedArtifact {
    EncodedArtifact::new(Artifact {
        name: name.to_string(),
        emitted: Emitted::Submit(Box::default()),
        container_args: None,
        sql: Some(sql.to_string()),
    })
}

fn kinds() -> BTreeSet<OutputKind> {
    BTreeSet::from([OutputKind::new(Emit::Sql, Encoding::Json)])
}

fn sql_files(artifacts: &[EncodedArtifact]) -> Vec<PlannedFile> {
    let mut files: Vec<PlannedFile> = artifacts
        .iter()
        .enumerate()
        .map(|(index, a)| PlannedFile {
            artifact: index,
            name: format!("{}.sql", a.name),
            kind: OutputKind::new(Emit::Sql, Encoding::Json),
            message: None,
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// Version A: 1,000 queries. Version B: 1,000 queries too, of which 250
/// are changed, 50 gone and 50 new.
fn version(b: bool) -> Vec<EncodedArtifact> {
    let mut artifacts = Vec::new();
    for i in 0..1000 {
        let name = format!("t.f{i:04}");
        if !b || (i % 4 != 1 && i % 20 != 0) {
            artifacts.push(artifact(&name, &format!("SELECT {i}")));
        } else if i % 20 == 0 {
            artifacts.push(artifact(
                &format!("t.g{i:04}"),
                &format!("SELECT {i} -- new"),
            ));
        } else {
            artifacts.push(artifact(&name, &format!("SELECT {i} -- b")));
        }
    }
    artifacts
}

/// Every file in `dirs` with what identifies its version: its file (inode),
/// size and modification time. Replacing or rewriting a file changes them;
/// putting the old one back by name restores them.
#[cfg(unix)]
fn identities(dirs: &[&Path]) -> BTreeMap<PathBuf, (u64, u64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    let mut all = BTreeMap::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let meta = entry.metadata().unwrap_or_else(|e| panic!("{e}"));
            let id = (meta.ino(), meta.size(), meta.mtime(), meta.mtime_nsec());
            all.insert(entry.path(), id);
        }
    }
    all
}

#[cfg(not(unix))]
fn identities(dirs: &[&Path]) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot(dirs)
}

/// Every file in `dirs` with its bytes (folders marked as such).
fn snapshot(dirs: &[&Path]) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut all = BTreeMap::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let bytes = if entry.path().is_dir() {
                b"(a folder)".to_vec()
            } else {
                std::fs::read(entry.path()).unwrap_or_else(|e| panic!("{e}"))
            };
            all.insert(entry.path(), bytes);
        }
    }
    all
}

/// Build `artifacts` into `out` and the bindings text into `bindings`,
/// with `faults` asked before every step.
fn build(
    out: &Path,
    bindings: &Path,
    artifacts: &[EncodedArtifact],
    faults: &dyn Faults,
) -> Result<(), String> {
    let files = sql_files(artifacts);
    let plan = out_dir::plan_with(out, &files, artifacts, &kinds(), Some(faults));
    let plan = match plan {
        Ok(plan) => plan,
        Err(PlanError::Io(error)) => return Err(format!("{error:?}")),
        Err(error) => panic!("{error:?}"),
    };
    let text = format!("# {} tasks\n", artifacts.len());
    let dir = bindings.parent().unwrap_or(out);
    let staged = commit::stage(dir, bindings, text.as_bytes(), true, faults)
        .map_err(|e| format!("{e:?}"))?;
    let also = vec![Op::Install {
        target: bindings.to_path_buf(),
        staged,
    }];
    out_dir::apply_with(plan, also, faults)
        .map(|_| ())
        .map_err(|e| format!("{e:?}"))
}

/// A folder for the sweep below, in memory where the system has such a
/// file system (the sweep writes some three million files).
fn scratch() -> Result<tempfile::TempDir, String> {
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm).or_else(|_| tempfile::tempdir())
    } else {
        tempfile::tempdir()
    };
    dir.map_err(|e| e.to_string())
}

#[test]
fn a_failure_at_any_step_leaves_everything_as_it_was() -> Result<(), String> {
    let root = scratch()?;
    let out = root.path().join("build");
    let pipelines = root.path().join("pipelines");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&pipelines).map_err(|e| e.to_string())?;
    let bindings = pipelines.join("flyte_tasks.py");
    let (a, b) = (version(false), version(true));
    build(&out, &bindings, &a, &commit::NoFaults)?;
    std::fs::write(out.join("notes.txt"), "mine").map_err(|e| e.to_string())?;
    let before = snapshot(&[&out, &pipelines]);
    let same_files = identities(&[&out, &pipelines]);
    assert_eq!(
        before.len(),
        1004,
        "1,000 queries, the manifest, the cache, notes, bindings"
    );

    // How many steps a successful build of B takes, counted on a copy.
    let counted = FailAt::new(usize::MAX);
    let copy = root.path().join("copy");
    std::fs::create_dir_all(&copy).map_err(|e| e.to_string())?;
    build(&copy, &copy.join("flyte_tasks.py"), &a, &commit::NoFaults)?;
    build(&copy, &copy.join("flyte_tasks.py"), &b, &counted)?;
    let steps = counted.seen.load(Ordering::SeqCst);
    // 251 staged, 203 backups, 253 installs, 50 removals (with the
    // bindings and both manifests), and the cache's stage, backup and
    // install: a failure at any of them leaves the old cache too.
    assert!(steps > 750, "stage, back up and install, remove: {steps}");

    for at in 0..steps {
        let faults = FailAt::new(at);
        let failed = build(&out, &bindings, &b, &faults);
        assert!(
            failed.as_ref().is_err_and(|e| e.contains("injected")),
            "step {at}: {failed:?}"
        );
        // The same files as before, and no temporary file left; byte for
        // byte every 100 steps (reading 1,000 files every time is slow).
        let unchanged = identities(&[&out, &pipelines]) == same_files
            && (at % 100 != 0 || snapshot(&[&out, &pipelines]) == before);
        if !unchanged {
            let after = snapshot(&[&out, &pipelines]);
            let changed: Vec<_> = after
                .keys()
                .chain(before.keys())
                .filter(|k| after.get(*k) != before.get(*k))
                .take(5)
                .collect();
            panic!("step {at} of {steps} ({failed:?}) changed {changed:?}");
        }
    }

    assert_eq!(snapshot(&[&out, &pipelines]), before);
    build(&out, &bindings, &b, &commit::NoFaults)?;
    let built = snapshot(&[&out]);
    assert_eq!(built.len(), 1003);
    assert_eq!(
        built.get(&out.join("t.f0005.sql")).map(Vec::as_slice),
        Some(&b"SELECT 5 -- b\n"[..])
    );
    assert!(!out.join("t.f0940.sql").exists());
    assert!(out.join("t.g0940.sql").exists());
    assert!(
        !built
            .keys()
            .any(|p| p.to_string_lossy().contains(".taskc-tmp-"))
    );
    Ok(())
}

#[test]
fn a_folder_in_the_way_fails_before_anything_is_replaced() -> Result<(), String> {
    let root = tempfile::tempdir().map_err(|e| e.to_string())?;
    let out = root.path().join("build");
    let bindings = root.path().join("flyte_tasks.py");
    let a = version(false);
    build(&out, &bindings, &a, &commit::NoFaults)?;
    let middle = out.join("t.f0501.sql");
    std::fs::remove_file(&middle).map_err(|e| e.to_string())?;
    std::fs::create_dir(&middle).map_err(|e| e.to_string())?;
    let before = snapshot(&[&out, root.path()]);
    let failed = build(&out, &bindings, &version(true), &commit::NoFaults);
    assert!(
        failed
            .as_ref()
            .is_err_and(|e| e.contains("folder is in the way")),
        "{failed:?}"
    );
    assert_eq!(snapshot(&[&out, root.path()]), before);
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_name_the_file_system_refuses_fails_before_anything_is_replaced() -> Result<(), String> {
    let root = tempfile::tempdir().map_err(|e| e.to_string())?;
    let out = root.path().join("build");
    let bindings = root.path().join("flyte_tasks.py");
    let mut a = version(false);
    build(&out, &bindings, &a, &commit::NoFaults)?;
    let before = snapshot(&[&out, root.path()]);
    for artifact in &mut a {
        *artifact = EncodedArtifact::new(Artifact {
            name: artifact.name.clone(),
            emitted: Emitted::Submit(Box::default()),
            container_args: None,
            sql: Some("SELECT 0".to_string()),
        });
    }
    a.push(artifact(&format!("t.{}", "x".repeat(300)), "SELECT 1"));
    let failed = build(&out, &bindings, &a, &commit::NoFaults);
    assert!(failed.is_err(), "{failed:?}");
    assert_eq!(snapshot(&[&out, root.path()]), before);
    Ok(())
}
