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

/// Version A: 1,000 queries. Version B: 900 of them changed, 100 gone,
/// 100 new ones.
fn version(b: bool) -> Vec<EncodedArtifact> {
    let mut artifacts = Vec::new();
    for i in 0..1000 {
        match (b, i < 900) {
            (false, _) => artifacts.push(artifact(&format!("t.f{i:04}"), &format!("SELECT {i}"))),
            (true, true) => {
                artifacts.push(artifact(&format!("t.f{i:04}"), &format!("SELECT {i} -- b")));
            }
            (true, false) => {
                artifacts.push(artifact(&format!("t.g{i:04}"), &format!("SELECT {i} -- new")));
            }
        }
    }
    artifacts
}

/// Every file in `dirs` with its bytes.
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

#[test]
fn a_failure_at_any_step_leaves_everything_as_it_was() -> Result<(), String> {
    let root = tempfile::tempdir().map_err(|e| e.to_string())?;
    let out = root.path().join("build");
    let pipelines = root.path().join("pipelines");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&pipelines).map_err(|e| e.to_string())?;
    let bindings = pipelines.join("flyte_tasks.py");
    let (a, b) = (version(false), version(true));
    build(&out, &bindings, &a, &commit::NoFaults)?;
    std::fs::write(out.join("notes.txt"), "mine").map_err(|e| e.to_string())?;
    let before = snapshot(&[&out, &pipelines]);
    assert_eq!(before.len(), 1003, "1,000 queries, the manifest, notes, bindings");

    // How many steps a successful build of B takes, counted on a copy.
    let counted = FailAt::new(usize::MAX);
    let copy = root.path().join("copy");
    std::fs::create_dir_all(&copy).map_err(|e| e.to_string())?;
    build(&copy, &copy.join("flyte_tasks.py"), &a, &commit::NoFaults)?;
    build(&copy, &copy.join("flyte_tasks.py"), &b, &counted)?;
    let steps = counted.seen.load(Ordering::SeqCst);
    assert!(steps > 3000, "stage, back up and install, remove: {steps}");

    for at in 0..steps {
        let faults = FailAt::new(at);
        let failed = build(&out, &bindings, &b, &faults);
        assert!(
            failed.as_ref().is_err_and(|e| e.contains("injected")),
            "step {at}: {failed:?}"
        );
        // Byte for byte as before, and no temporary file left.
        let after = snapshot(&[&out, &pipelines]);
        if after != before {
            let changed: Vec<_> = after
                .keys()
                .chain(before.keys())
                .filter(|k| after.get(*k) != before.get(*k))
                .take(5)
                .collect();
            panic!("step {at} of {steps} ({failed:?}) changed {changed:?}");
        }
    }

    build(&out, &bindings, &b, &commit::NoFaults)?;
    let built = snapshot(&[&out]);
    assert_eq!(built.len(), 1002);
    assert_eq!(
        built.get(&out.join("t.f0005.sql")).map(Vec::as_slice),
        Some(&b"SELECT 5 -- b\n"[..])
    );
    assert!(!out.join("t.f0950.sql").exists());
    assert!(out.join("t.g0950.sql").exists());
    assert!(!built.keys().any(|p| p.to_string_lossy().contains(".taskc-tmp-")));
    Ok(())
}

#[test]
fn a_folder_in_the_way_fails_before_anything_is_replaced() -> Result<(), String> {
    let root = tempfile::tempdir().map_err(|e| e.to_string())?;
    let out = root.path().join("build");
    let bindings = root.path().join("flyte_tasks.py");
    let a = version(false);
    build(&out, &bindings, &a, &commit::NoFaults)?;
    let middle = out.join("t.f0500.sql");
    std::fs::remove_file(&middle).map_err(|e| e.to_string())?;
    std::fs::create_dir(&middle).map_err(|e| e.to_string())?;
    let before = snapshot(&[&out, root.path()]);
    let failed = build(&out, &bindings, &version(true), &commit::NoFaults);
    assert!(
        failed.as_ref().is_err_and(|e| e.contains("folder is in the way")),
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
