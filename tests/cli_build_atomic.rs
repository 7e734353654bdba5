//! `taskc build` keeps its promise under pressure: killed at random
//! moments, run twice at once, or pointed outside the repository by its
//! own taskc.toml; and output names no file system can hold are errors.

mod common;

use common::{code, stderr, stdout, taskc, workspace};

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TOML: &str =
    "[flyte]\nproject = \"acme\"\ndomain = \"development\"\norg = \"acme\"\nversion = \"v1\"\n";

const TEMP_PREFIX: &str = ".taskc-tmp-";
const LOCK: &str = ".taskc-lock";
const CACHE: &str = ".taskc-cache";

/// A workspace of `tasks` function templates.
fn many_tasks(tasks: usize) -> tempfile::TempDir {
    let mut text = String::from("env etl {\n  image = \"ghcr.io/acme/etl:1.4\"\n}\n");
    for i in 0..tasks {
        text.push_str(&format!(
            "template t{i:04} in etl {{\n  module = \"etl.tasks\"\n}}\n"
        ));
    }
    workspace(&[("taskc.toml", TOML), ("etl.task", &text)])
}

/// File names with their bytes.
type Files = BTreeMap<String, Vec<u8>>;

/// Every entry of `dir` (not recursive) with its bytes, but the build
/// cache: it records the outputs' modification times, so no two builds
/// write the same one (tests/cli_build_cache.rs holds it to giving the same
/// outputs in any state).
fn files(dir: &Path) -> Files {
    let Ok(entries) = fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|entry| {
            let entry = entry.expect("dir entry");
            let bytes = fs::read(entry.path()).unwrap_or_default();
            (entry.file_name().to_string_lossy().into_owned(), bytes)
        })
        .filter(|(name, _)| name != CACHE)
        .collect()
}

/// The two versions every file of a test alternates between, each built on
/// its own into `ref-v1` / `ref-v2`: their files.
fn reference_builds(root: &Path) -> (Files, Files) {
    for version in ["v1", "v2"] {
        let out = taskc(
            root,
            &[
                "build",
                "-o",
                &format!("ref-{version}"),
                "--version",
                version,
            ],
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    (files(&root.join("ref-v1")), files(&root.join("ref-v2")))
}

fn temps(dir: &Path) -> Vec<String> {
    files(dir)
        .into_keys()
        .filter(|name| name.starts_with(TEMP_PREFIX))
        .collect()
}

fn taskc_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_taskc"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// A small deterministic generator (the kill moments must repeat).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound.max(1)
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_old_or_new_files_and_the_next_build_cleans_up() {
    let dir = many_tasks(600);
    let root = dir.path();
    let (v1, v2) = reference_builds(root);
    assert_eq!(v1.len(), 601);
    let out_dir = root.join("build");

    let started = Instant::now();
    let built = taskc(root, &["build", "--version", "v1"]);
    assert_eq!(code(&built), 0, "{}", stderr(&built));
    let full = started.elapsed().as_millis() as u64;

    let mut random = Lcg(0x7a5c_0015);
    let mut leftovers_seen = 0;
    for round in 0..20 {
        let (old, new, version) = if round % 2 == 0 {
            (&v1, &v2, "v2")
        } else {
            (&v2, &v1, "v1")
        };
        let mut child = taskc_command(root, &["build", "--version", version])
            .spawn()
            .expect("start taskc");
        // Mostly late in the run, where the files are written.
        let delay = full / 3 + random.below(full);
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();

        for (name, bytes) in files(&out_dir) {
            if name.starts_with(TEMP_PREFIX) || name == LOCK {
                continue;
            }
            assert!(
                old.get(&name) == Some(&bytes) || new.get(&name) == Some(&bytes),
                "round {round}: `{name}` is neither version"
            );
        }
        for name in old.keys() {
            assert!(
                out_dir.join(name).exists(),
                "round {round}: `{name}` is gone"
            );
        }
        if !temps(&out_dir).is_empty() {
            leftovers_seen += 1;
            let check = taskc(root, &["build", "--check", "--version", version]);
            assert_eq!(code(&check), 1, "round {round}: {}", stderr(&check));
            assert!(stdout(&check).contains("leftover"), "{}", stdout(&check));
            assert!(
                stderr(&check).contains("left by an interrupted build"),
                "{}",
                stderr(&check)
            );
        }
        let finished = taskc(root, &["build", "--version", version]);
        assert_eq!(code(&finished), 0, "{}", stderr(&finished));
        assert_eq!(&files(&out_dir), new, "round {round}");
    }
    eprintln!("{leftovers_seen} of 20 kills left temporary files");
}

#[test]
fn the_next_build_removes_and_check_reports_leftover_temporary_files() {
    let dir = many_tasks(3);
    let root = dir.path();
    assert_eq!(code(&taskc(root, &["build"])), 0);
    let out_dir = root.join("build");
    fs::write(out_dir.join(".taskc-tmp-4242-7"), "half a fi").expect("write");
    fs::write(out_dir.join(".taskc-tmp-abcdef"), "").expect("write");

    let check = taskc(root, &["build", "--check"]);
    assert_eq!(code(&check), 1, "{}", stderr(&check));
    assert!(
        stdout(&check).contains("leftover build/.taskc-tmp-4242-7"),
        "{}",
        stdout(&check)
    );
    assert!(
        stderr(&check).contains("2 temporary files left by an interrupted build"),
        "{}",
        stderr(&check)
    );

    let built = taskc(root, &["build"]);
    assert_eq!(code(&built), 0, "{}", stderr(&built));
    assert!(
        stderr(&built).contains("Removed 2 temporary files left in `"),
        "{}",
        stderr(&built)
    );
    assert_eq!(temps(&out_dir), Vec::<String>::new());
    assert_eq!(code(&taskc(root, &["build", "--check"])), 0);
}

#[test]
fn a_build_waits_for_the_lock_or_gives_up_after_the_timeout() {
    let dir = many_tasks(3);
    let root = dir.path();
    assert_eq!(code(&taskc(root, &["build", "--version", "v1"])), 0);
    let out_dir = root.join("build");
    assert!(!out_dir.join(LOCK).exists(), "the lock goes with the build");
    let before = files(&out_dir);

    // Another build holds the out dir.
    let held = fs::File::create(out_dir.join(LOCK)).expect("lock file");
    held.lock().expect("lock");
    let out = taskc(root, &["build", "--version", "v2", "--lock-timeout", "1"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("error[E0927]"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Waiting for another build"),
        "{}",
        stderr(&out)
    );
    let mut after = files(&out_dir);
    after.remove(LOCK);
    assert_eq!(after, before, "nothing written");

    // Let go while a build waits: it goes on.
    let waiting = taskc_command(root, &["build", "--version", "v2"])
        .spawn()
        .expect("start taskc");
    std::thread::sleep(Duration::from_millis(700));
    held.unlock().expect("unlock");
    let out = waiting.wait_with_output().expect("wait");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Waiting for another build"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        code(&taskc(root, &["build", "--check", "--version", "v2"])),
        0
    );
    assert!(!out_dir.join(LOCK).exists());
}

#[test]
fn concurrent_builds_of_one_out_dir_never_mix_their_files() {
    let dir = many_tasks(300);
    let root = dir.path();
    let (v1, v2) = reference_builds(root);
    let out_dir = root.join("build");
    for round in 0..4 {
        let children: Vec<_> = ["v1", "v2"]
            .iter()
            .map(|version| {
                taskc_command(root, &["build", "--version", version])
                    .spawn()
                    .expect("start taskc")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().expect("wait");
            assert_eq!(code(&out), 0, "{}", stderr(&out));
        }
        let built = files(&out_dir);
        assert!(
            built == v1 || built == v2,
            "round {round}: a mix of both builds"
        );
        // Whichever came last, a build of the other version changes every
        // file: none is reported unchanged by mistake.
        let other = if built == v1 { "v2" } else { "v1" };
        let out = taskc(root, &["build", "--version", other]);
        assert!(
            stderr(&out).contains("300 written, 0 unchanged"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn an_out_dir_outside_the_workspace_is_refused_from_taskc_toml_only() {
    let parent = tempfile::tempdir().expect("temp dir");
    let repo = parent.path().join("repo");
    let tasks = "env etl {\n  image = \"ghcr.io/acme/etl:1.4\"\n}\n\
template load in etl {\n  module = \"etl.tasks\"\n}\n";
    for (out_dir, shown) in [("../x", "\"../x\""), ("/tmp/taskc-escape-test", "\"/tmp/")] {
        let toml = format!("{TOML}[build]\nout_dir = \"{out_dir}\"\n");
        fs::create_dir_all(&repo).expect("mkdir");
        fs::write(repo.join("taskc.toml"), &toml).expect("write");
        fs::write(repo.join("etl.task"), tasks).expect("write");
        let out = taskc(&repo, &["build"]);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let text = stderr(&out);
        assert!(text.contains("E0928"), "{text}");
        assert!(text.contains("leads outside the workspace"), "{text}");
        assert!(text.contains(shown), "the span on the value: {text}");
        assert!(text.contains("taskc build -o"), "{text}");
        assert!(!parent.path().join("x").exists());
        assert_eq!(code(&taskc(&repo, &["build", "--check"])), 1);
    }
    // The command line may name any folder.
    let out = taskc(&repo, &["build", "-o", "../x"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(parent.path().join("x/etl.load.json").is_file());
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_cannot_lead_the_output_out_of_the_workspace() {
    let parent = tempfile::tempdir().expect("temp dir");
    let repo = parent.path().join("repo");
    let elsewhere = parent.path().join("elsewhere");
    fs::create_dir_all(&repo).expect("mkdir");
    fs::create_dir_all(&elsewhere).expect("mkdir");
    let tasks = "env etl {\n  image = \"ghcr.io/acme/etl:1.4\"\n}\n\
template load in etl {\n  module = \"etl.tasks\"\n}\n";
    fs::write(repo.join("etl.task"), tasks).expect("write");
    fs::write(repo.join("taskc.toml"), TOML).expect("write");
    // The default out dir, `build`, is a link out of the repository.
    std::os::unix::fs::symlink(&elsewhere, repo.join("build")).expect("symlink");
    let out = taskc(&repo, &["build"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("E0928"), "{}", stderr(&out));
    assert_eq!(files(&elsewhere).len(), 0);

    // So is a folder of the bindings path.
    fs::remove_file(repo.join("build")).expect("unlink");
    std::os::unix::fs::symlink(&elsewhere, repo.join("pipelines")).expect("symlink");
    let toml = format!("{TOML}[python]\nbindings = \"pipelines/flyte_tasks.py\"\n");
    fs::write(repo.join("taskc.toml"), toml).expect("write");
    let out = taskc(&repo, &["build"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("E0926"), "{}", stderr(&out));
    assert_eq!(files(&elsewhere).len(), 0);
}

#[test]
fn names_windows_reserves_are_refused() {
    let tasks = "env aux {\n  image = \"ghcr.io/acme/etl:1.4\"\n}\n\
template load in aux {\n  module = \"etl.tasks\"\n}\n";
    let dir = workspace(&[("taskc.toml", TOML), ("etl.task", tasks)]);
    let out = taskc(dir.path(), &["build"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("E0920"), "{}", stderr(&out));
    assert!(stderr(&out).contains("`AUX` device"), "{}", stderr(&out));
    assert!(!dir.path().join("build").exists());
}

#[test]
fn names_equal_after_unicode_normalization_collide() {
    let container = |decl: &str, name: &str| {
        format!(
            "template {decl} in media {{\n  name = \"{name}\"\n  container {{\n    command = \
             [\"true\"]\n  }}\n}}\n"
        )
    };
    let tasks = format!(
        "env media {{\n  image = \"ghcr.io/acme/tools:1\"\n}}\n{}{}",
        container("composed", "media.caf\u{e9}"),
        container("decomposed", "media.cafe\u{301}")
    );
    let dir = workspace(&[("taskc.toml", TOML), ("tools.task", &tasks)]);
    let out = taskc(dir.path(), &["build"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("E0921"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Unicode normalization"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("build").exists());
}
