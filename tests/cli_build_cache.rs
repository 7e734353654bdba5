//! `taskc build`'s cache of unchanged outputs (`.taskc-cache`): a rebuild
//! renders and writes only what changed, gives the same bytes as a build
//! without the cache whatever state the cache is in, and `--check` never
//! trusts it.

mod common;

use common::{code, stderr, stdout, taskc, workspace};

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::SystemTime;

const CACHE: &str = ".taskc-cache";

fn toml(project: &str, version: &str) -> String {
    format!(
        "[flyte]\nproject = \"{project}\"\ndomain = \"development\"\norg = \"acme\"\n\
         version = \"{version}\"\n"
    )
}

/// Envs `base` (root), `child` (extends `base`) and `other`, each with
/// `per_env` templates; `base_cpu` is the inherited setting tests change.
fn envs(base_cpu: u32) -> String {
    format!(
        "env base {{\n  image = \"ghcr.io/acme/etl:1.4\"\n  resources {{ cpu = {base_cpu} }}\n  \
         env_vars {{ MODE = \"batch\" }}\n}}\n\
         env child extends base {{\n  env_vars += {{ ROLE = \"child\" }}\n}}\n\
         env other {{\n  image = \"ghcr.io/acme/other:2\"\n}}\n"
    )
}

/// The templates of `env`; `retries` is the setting of `<env>.t00` tests
/// change.
fn templates(env: &str, per_env: usize, retries: u32) -> String {
    let mut text = String::new();
    for i in 0..per_env {
        let retries = if i == 0 { retries } else { 1 };
        text.push_str(&format!(
            "template {env}_t{i:02} in {env} {{\n  module = \"etl.tasks\"\n  \
             retries = {retries}\n  inputs {{ day: str = \"x\" }}\n}}\n"
        ));
    }
    text
}

struct State {
    project: &'static str,
    version: &'static str,
    base_cpu: u32,
    retries: u32,
}

const START: State = State {
    project: "acme",
    version: "v1",
    base_cpu: 2,
    retries: 1,
};

const PER_ENV: usize = 5;

/// Write `state` into the workspace at `root` (every file, changed or not:
/// the sources' own times do not matter to the build).
fn write_state(root: &Path, state: &State) {
    let files = [
        ("taskc.toml", toml(state.project, state.version)),
        ("envs.task", envs(state.base_cpu)),
        ("base.task", templates("base", PER_ENV, state.retries)),
        ("child.task", templates("child", PER_ENV, 1)),
        ("other.task", templates("other", PER_ENV, 1)),
    ];
    for (name, text) in files {
        fs::write(root.join(name), text).expect("write source");
    }
}

fn new_workspace(state: &State) -> tempfile::TempDir {
    let dir = workspace(&[]);
    write_state(dir.path(), state);
    dir
}

/// Build with `args` into `out`; the summary line.
fn build(root: &Path, out: &str, args: &[&str]) -> String {
    let mut all = vec!["build", "-o", out, "--emit", "request,args"];
    all.extend_from_slice(args);
    let output = taskc(root, &all);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    stderr(&output)
}

/// Every output of `dir` with its bytes (the cache is not an output).
fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .expect("out dir")
        .map(|entry| entry.expect("dir entry"))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name != CACHE)
        .map(|name| {
            let bytes = fs::read(dir.join(&name)).expect("read output");
            (name, bytes)
        })
        .collect()
}

/// Inode and modification time of every output: a file that was not
/// rewritten keeps both.
#[cfg(unix)]
fn identities(dir: &Path) -> BTreeMap<String, (u64, SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    outputs(dir)
        .into_keys()
        .map(|name| {
            let meta = fs::metadata(dir.join(&name)).expect("metadata");
            (name, (meta.ino(), meta.modified().expect("mtime")))
        })
        .collect()
}

/// What a build of the workspace's current state writes into a new out
/// dir (no cache there).
fn fresh(root: &Path, args: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let out = root.join("fresh");
    let _ = fs::remove_dir_all(&out);
    build(root, "fresh", args);
    outputs(&out)
}

/// The names of `before` whose inode or modification time changed.
#[cfg(unix)]
fn rewritten(
    before: &BTreeMap<String, (u64, SystemTime)>,
    after: &BTreeMap<String, (u64, SystemTime)>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(name, id)| before.get(*name) != Some(*id))
        .map(|(name, _)| name.clone())
        .collect()
}

#[test]
fn a_rebuild_writes_the_cache_and_changes_nothing() {
    let dir = new_workspace(&START);
    let root = dir.path();
    build(root, "build", &[]);
    let cache = fs::read_to_string(root.join("build").join(CACHE)).expect("cache written");
    assert!(cache.starts_with("taskc-build-cache 1 "), "{cache}");
    assert!(cache.contains("base.base_t00.json\t"), "{cache}");
    assert!(cache.contains("base.base_t00.args.json\t"), "{cache}");
    let summary = build(root, "build", &[]);
    assert!(summary.contains("0 written, 30 unchanged"), "{summary}");
    assert_eq!(
        fs::read_to_string(root.join("build").join(CACHE)).ok(),
        Some(cache),
        "a build that changes nothing leaves the cache as it was"
    );
}

#[cfg(unix)]
#[test]
fn changing_one_template_rewrites_only_its_files() {
    let dir = new_workspace(&START);
    let root = dir.path();
    build(root, "build", &[]);
    let before = identities(&root.join("build"));
    write_state(
        root,
        &State {
            retries: 4,
            ..START
        },
    );
    let summary = build(root, "build", &[]);
    assert!(summary.contains("1 written, 29 unchanged"), "{summary}");
    let after = identities(&root.join("build"));
    // Its args do not hold the retries: only the request changed.
    assert_eq!(rewritten(&before, &after), ["base.base_t00.json"]);
    assert_eq!(outputs(&root.join("build")), fresh(root, &[]));
}

#[cfg(unix)]
#[test]
fn a_changed_inherited_env_attribute_rewrites_every_task_under_it() {
    let dir = new_workspace(&START);
    let root = dir.path();
    build(root, "build", &[]);
    let before = identities(&root.join("build"));
    write_state(
        root,
        &State {
            base_cpu: 3,
            ..START
        },
    );
    let summary = build(root, "build", &[]);
    let after = identities(&root.join("build"));
    let changed = rewritten(&before, &after);
    let expected: Vec<String> = ["base", "child"]
        .iter()
        .flat_map(|env| (0..PER_ENV).map(move |i| format!("{env}.{env}_t{i:02}.json")))
        .collect();
    let mut expected = expected;
    expected.sort();
    assert_eq!(changed, expected, "{summary}");
    assert!(summary.contains("10 written, 20 unchanged"), "{summary}");
    assert_eq!(outputs(&root.join("build")), fresh(root, &[]));
}

#[test]
fn a_changed_option_rewrites_every_file() {
    let dir = new_workspace(&START);
    let root = dir.path();
    build(root, "build", &[]);
    write_state(
        root,
        &State {
            project: "other",
            ..START
        },
    );
    let summary = build(root, "build", &[]);
    // The args name no project: only the 15 requests change.
    assert!(summary.contains("15 written, 15 unchanged"), "{summary}");
    assert_eq!(outputs(&root.join("build")), fresh(root, &[]));
    // A command-line option too: the version is in every file.
    let summary = build(root, "build", &["--version", "v2"]);
    assert!(summary.contains("30 written, 0 unchanged"), "{summary}");
    assert_eq!(
        outputs(&root.join("build")),
        fresh(root, &["--version", "v2"])
    );
}

#[test]
fn with_the_content_version_one_change_gives_every_file_the_new_version() {
    let dir = new_workspace(&State {
        version: "content",
        ..START
    });
    let root = dir.path();
    build(root, "build", &[]);
    write_state(
        root,
        &State {
            version: "content",
            retries: 4,
            ..START
        },
    );
    let summary = build(root, "build", &[]);
    // Every request and every Python task's args name the version.
    assert!(summary.contains("30 written, 0 unchanged"), "{summary}");
    assert_eq!(outputs(&root.join("build")), fresh(root, &[]));
}

/// Ways to damage a cache: each must leave the outputs exactly as a
/// build without it gives.
fn damage(cache: &Path) -> Vec<(&'static str, Option<Vec<u8>>)> {
    let bytes = fs::read(cache).expect("cache");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let hashes_swapped: String = text
        .lines()
        .map(|line| {
            let mut fields: Vec<&str> = line.split('\t').collect();
            if fields.len() == 5 {
                fields.swap(1, 2);
            }
            fields.join("\t") + "\n"
        })
        .collect();
    // Valid caches whose entries name the wrong sizes and hashes, or only
    // the wrong hashes.
    let lies = |size: Option<&str>| -> String {
        text.lines()
            .map(|line| {
                let fields: Vec<&str> = line.split('\t').collect();
                match fields.as_slice() {
                    [name, key, _, real, time] => {
                        let size = size.unwrap_or(real);
                        format!("{name}\t{key}\t{}\t{size}\t{time}\n", "0".repeat(32))
                    }
                    _ => format!("{line}\n"),
                }
            })
            .collect()
    };
    vec![
        ("deleted", None),
        ("truncated", Some(bytes[..bytes.len() / 2].to_vec())),
        ("empty", Some(Vec::new())),
        ("garbage", Some(b"\x00\xffnot a cache\n".to_vec())),
        (
            "another version",
            Some(
                text.replacen("taskc-build-cache 1 ", "taskc-build-cache 1 9.", 1)
                    .into_bytes(),
            ),
        ),
        ("hashes swapped", Some(hashes_swapped.into_bytes())),
        ("wrong sizes and hashes", Some(lies(Some("7")).into_bytes())),
        ("wrong hashes", Some(lies(None).into_bytes())),
    ]
}

#[test]
fn a_deleted_or_damaged_cache_gives_byte_identical_outputs() {
    let changed = State {
        retries: 4,
        base_cpu: 3,
        ..START
    };
    let dir = new_workspace(&changed);
    let root = dir.path();
    let expected = fresh(root, &[]);
    let out = root.join("build");
    for variant in 0.. {
        write_state(root, &START);
        let _ = fs::remove_dir_all(&out);
        build(root, "build", &[]);
        let cache = out.join(CACHE);
        let Some((how, bytes)) = damage(&cache).into_iter().nth(variant) else {
            break;
        };
        match &bytes {
            Some(bytes) => fs::write(&cache, bytes).expect("damage the cache"),
            None => fs::remove_file(&cache).expect("delete the cache"),
        }
        // An output edited by hand since (another size): rebuilt too.
        fs::write(out.join("other.other_t01.json"), "{}\n").expect("edit an output");
        write_state(root, &changed);
        let summary = build(root, "build", &[]);
        assert_eq!(outputs(&out), expected, "cache {how}: {summary}");
        assert!(
            summary.contains("11 written, 19 unchanged"),
            "cache {how}: {summary}"
        );
        // The cache is whole again: nothing more to do.
        let again = build(root, "build", &[]);
        assert!(
            again.contains("0 written, 30 unchanged"),
            "cache {how}: {again}"
        );
    }
}

#[test]
fn check_finds_a_hand_edited_output_the_cache_calls_clean() {
    let dir = new_workspace(&START);
    let root = dir.path();
    build(root, "build", &[]);
    let path = root.join("build").join("child.child_t02.json");
    let original = fs::read(&path).expect("output");
    let modified = fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    // Same size, same modification time: what the cache records.
    let edited: Vec<u8> = original
        .iter()
        .map(|&b| if b == b'e' { b'E' } else { b })
        .collect();
    assert_ne!(edited, original);
    fs::write(&path, &edited).expect("edit");
    fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|file| file.set_modified(modified))
        .expect("restore mtime");

    let check = taskc(
        root,
        &["build", "-o", "build", "--emit", "request,args", "--check"],
    );
    assert_eq!(code(&check), 1, "{}", stderr(&check));
    assert_eq!(stdout(&check), "stale   build/child.child_t02.json\n");
    // A build trusts the cache (the file is not even read)...
    let summary = build(root, "build", &[]);
    assert!(summary.contains("0 written, 30 unchanged"), "{summary}");
    assert_eq!(fs::read(&path).ok(), Some(edited));
    // ...and without it compares every file again.
    fs::remove_file(root.join("build").join(CACHE)).expect("delete cache");
    let summary = build(root, "build", &[]);
    assert!(summary.contains("1 written, 29 unchanged"), "{summary}");
    assert_eq!(fs::read(&path).ok(), Some(original));
}
