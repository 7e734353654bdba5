//! `taskc build` end to end: the real binary on temporary copies of
//! `examples/` and the conformance workspaces.

mod common;

use common::{code, copy_dir, repo, stderr, stdout, taskc, workspace};

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use taskc_wire::Message;
use taskc_wire::flyteidl2::task::{DeployTaskRequest, TaskSpec};

const MANIFEST: &str = ".taskc-build";
const CACHE: &str = ".taskc-cache";

/// A temporary copy of `examples/` (the workspace is its root).
fn examples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo().join("examples"), dir.path());
    dir
}

/// Every file of `dir` (not recursive) with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|entry| {
            let entry = entry.expect("dir entry");
            (
                entry.file_name().to_string_lossy().into_owned(),
                fs::read(entry.path()).expect("read output"),
            )
        })
        .collect()
}

/// [`files`] but the build cache, which records the outputs' modification
/// times (so no two builds write the same one).
fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut all = files(dir);
    all.remove(CACHE);
    all
}

fn names(dir: &Path) -> Vec<String> {
    files(dir).into_keys().collect()
}

fn build_ok(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = taskc(dir, &all);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    out
}

const TOML: &str =
    "[flyte]\nproject = \"acme\"\ndomain = \"development\"\norg = \"acme\"\nversion = \"v1\"\n";

const TWO_TASKS: &str = "env etl {\n  image = \"ghcr.io/acme/etl:1.4\"\n}\n\
template load in etl {\n  module = \"etl.tasks\"\n}\n\
template clean in etl {\n  module = \"etl.tasks\"\n}\n";

#[test]
fn examples_build_and_then_check_is_up_to_date() {
    let dir = examples();
    let out = build_ok(dir.path(), &[]);
    assert!(
        stderr(&out).contains("Built ") && stderr(&out).contains("in `build`"),
        "{}",
        stderr(&out)
    );
    assert!(dir.path().join("build").join(MANIFEST).is_file());

    let check = taskc(dir.path(), &["build", "--check"]);
    assert_eq!(code(&check), 0, "{}{}", stdout(&check), stderr(&check));
    assert_eq!(stdout(&check), "");
    assert_eq!(
        stderr(&check).lines().last(),
        Some("`build` is up to date.")
    );
}

#[test]
fn the_examples_listing_and_one_request() {
    let dir = examples();
    build_ok(dir.path(), &["--emit", "request"]);
    let out = dir.path().join("build");
    insta::assert_snapshot!("examples_request_listing", names(&out).join("\n"));
    let one =
        fs::read_to_string(out.join("orchestration.run_daily_pipeline.json")).expect("output");
    insta::assert_snapshot!("examples_run_daily_pipeline_request", one);
}

#[test]
fn check_names_a_touched_file() {
    let dir = examples();
    build_ok(dir.path(), &[]);
    let target = dir
        .path()
        .join("build/orchestration.run_daily_pipeline.json");
    let mut bytes = fs::read(&target).expect("read");
    bytes.extend_from_slice(b" ");
    fs::write(&target, bytes).expect("write");

    let check = taskc(dir.path(), &["build", "--check"]);
    assert_eq!(code(&check), 1);
    assert_eq!(
        stdout(&check),
        "stale   build/orchestration.run_daily_pipeline.json\n"
    );
    assert!(
        stderr(&check).contains("out of date (1 file)"),
        "{}",
        stderr(&check)
    );

    // A build repairs it; --check agrees afterwards.
    let rebuilt = build_ok(dir.path(), &[]);
    assert!(
        stderr(&rebuilt).contains("1 written"),
        "{}",
        stderr(&rebuilt)
    );
    assert_eq!(code(&taskc(dir.path(), &["build", "--check"])), 0);
}

#[test]
fn check_lists_missing_and_extra_files_in_order_and_build_fixes_them() {
    let dir = workspace(&[("taskc.toml", TOML), ("etl.task", TWO_TASKS)]);
    build_ok(dir.path(), &[]);
    let out = dir.path().join("build");
    assert_eq!(
        names(&out),
        [MANIFEST, CACHE, "etl.clean.json", "etl.load.json"]
    );

    fs::remove_file(out.join("etl.load.json")).expect("remove");
    fs::write(out.join("notes.txt"), "kept").expect("write");
    let without_clean =
        TWO_TASKS.replace("template clean in etl {\n  module = \"etl.tasks\"\n}\n", "");
    fs::write(dir.path().join("etl.task"), without_clean).expect("write");

    let check = taskc(dir.path(), &["build", "--check"]);
    assert_eq!(code(&check), 1);
    assert_eq!(
        stdout(&check),
        "stale   build/.taskc-build\nextra   build/etl.clean.json\nmissing build/etl.load.json\n"
    );
    // Nothing was written by --check.
    assert_eq!(
        names(&out),
        [MANIFEST, CACHE, "etl.clean.json", "notes.txt"]
    );

    let built = build_ok(dir.path(), &[]);
    assert!(
        stderr(&built).contains("1 written, 0 unchanged, 1 removed"),
        "{}",
        stderr(&built)
    );
    // The file taskc did not write is never removed.
    assert_eq!(names(&out), [MANIFEST, CACHE, "etl.load.json", "notes.txt"]);
    assert_eq!(code(&taskc(dir.path(), &["build", "--check"])), 0);
}

#[test]
fn check_without_any_build_lists_every_file_as_missing() {
    let dir = workspace(&[("taskc.toml", TOML), ("etl.task", TWO_TASKS)]);
    let check = taskc(dir.path(), &["build", "--check"]);
    assert_eq!(code(&check), 1);
    assert_eq!(
        stdout(&check),
        "missing build/.taskc-build\nmissing build/etl.clean.json\nmissing build/etl.load.json\n"
    );
    assert!(!dir.path().join("build").exists());
}

#[test]
fn check_with_json_diagnostics_keeps_stdout_one_json_document() {
    let dir = workspace(&[("taskc.toml", TOML), ("etl.task", TWO_TASKS)]);
    let check = taskc(
        dir.path(),
        &["build", "--check", "--message-format", "json"],
    );
    assert_eq!(code(&check), 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&check)).expect("one document");
    assert_eq!(json["summary"]["errors"], 0);
    assert!(
        stderr(&check).contains("missing build/etl.load.json"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn output_bytes_are_identical_across_runs_and_thread_counts() {
    let dir = examples();
    build_ok(
        dir.path(),
        &[
            "-o",
            "one",
            "--threads",
            "1",
            "--emit",
            "request,spec,args,sql",
        ],
    );
    build_ok(
        dir.path(),
        &[
            "-o",
            "two",
            "--threads",
            "2",
            "--emit",
            "request,spec,args,sql",
        ],
    );
    build_ok(
        dir.path(),
        &["-o", "three", "--emit", "request,spec,args,sql"],
    );
    let one = outputs(&dir.path().join("one"));
    assert!(one.len() > 10, "{:?}", one.keys());
    assert_eq!(one, outputs(&dir.path().join("two")));
    assert_eq!(one, outputs(&dir.path().join("three")));
    build_ok(dir.path(), &["-o", "pb1", "--format", "pb"]);
    build_ok(
        dir.path(),
        &["-o", "pb2", "--format", "pb", "--threads", "1"],
    );
    assert_eq!(
        outputs(&dir.path().join("pb1")),
        outputs(&dir.path().join("pb2"))
    );
}

#[test]
fn an_unchanged_file_is_not_rewritten() {
    let dir = workspace(&[("taskc.toml", TOML), ("etl.task", TWO_TASKS)]);
    build_ok(dir.path(), &[]);
    let target = dir.path().join("build/etl.load.json");
    let before = fs::metadata(&target)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = build_ok(dir.path(), &[]);
    assert!(
        stderr(&again).contains("0 written, 2 unchanged, 0 removed"),
        "{}",
        stderr(&again)
    );
    let after = fs::metadata(&target)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after);
}

/// The message type of every file, as the manifest records it.
fn manifest_messages(dir: &Path) -> BTreeMap<String, Option<String>> {
    let text = fs::read_to_string(dir.join(MANIFEST)).expect("manifest");
    let json: serde_json::Value = serde_json::from_str(&text).expect("manifest json");
    json["files"]
        .as_object()
        .expect("files")
        .iter()
        .map(|(name, entry)| (name.clone(), entry["message"].as_str().map(str::to_string)))
        .collect()
}

#[test]
fn pb_files_decode_to_the_messages_of_the_json_files() {
    let dir = examples();
    build_ok(dir.path(), &["--emit", "request,spec"]);
    build_ok(dir.path(), &["--emit", "request,spec", "--format", "pb"]);
    let out = dir.path().join("build");
    let messages = manifest_messages(&out);
    let mut compared = 0;
    for (name, message) in &messages {
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        let json = fs::read_to_string(out.join(name)).expect("json");
        let pb = fs::read(out.join(format!("{stem}.pb"))).expect("pb sibling");
        assert_eq!(messages.get(&format!("{stem}.pb")), Some(message), "{name}");
        match message.as_deref() {
            Some("flyteidl2.task.DeployTaskRequest") => {
                let from_json: DeployTaskRequest = serde_json::from_str(&json).expect(name);
                let from_pb = DeployTaskRequest::decode(pb.as_slice()).expect(name);
                assert_eq!(from_json, from_pb, "{name}");
            }
            Some("flyteidl2.task.TaskSpec") => {
                let from_json: TaskSpec = serde_json::from_str(&json).expect(name);
                let from_pb = TaskSpec::decode(pb.as_slice()).expect(name);
                assert_eq!(from_json, from_pb, "{name}");
            }
            other => panic!("{name}: unexpected message {other:?}"),
        }
        compared += 1;
    }
    assert!(compared > 10, "{messages:?}");
    // Both runs' files are owned; neither removed the other's.
    assert!(messages.keys().any(|n| n.ends_with(".pb")));
    assert_eq!(
        code(&taskc(
            dir.path(),
            &["build", "--emit", "request,spec", "--check"]
        )),
        0
    );
}

#[test]
fn emit_args_sql_and_spec_write_their_own_files() {
    let dir = examples();
    build_ok(dir.path(), &["--emit", "args"]);
    build_ok(dir.path(), &["--emit", "sql"]);
    build_ok(dir.path(), &["--emit", "spec"]);
    let out = dir.path().join("build");
    let all = files(&out);

    // Args: a JSON array of strings, equal to the container args of the spec.
    let args = &all["media-tools.extract_thumbnails.args.json"];
    let args: Vec<String> = serde_json::from_slice(args).expect("args array");
    assert_eq!(args.first().map(String::as_str), Some("ffmpeg"));
    let spec: serde_json::Value =
        serde_json::from_slice(&all["media-tools.extract_thumbnails.taskspec.json"]).expect("spec");
    assert_eq!(
        spec["taskTemplate"]["container"]["args"],
        serde_json::json!(args)
    );
    // A query task has no container, so no args; it has SQL.
    assert!(!all.contains_key("warehouse.catalog_snapshot_v2.args.json"));
    let sql = String::from_utf8_lossy(&all["warehouse.catalog_snapshot_v2.sql"]).into_owned();
    assert_eq!(
        sql,
        "SELECT item_id, title, category, price FROM `acme-analytics.catalog.items` WHERE active\n"
    );
    // Only query tasks have SQL files; the request JSON was never written.
    let sql_files: Vec<&String> = all.keys().filter(|n| n.ends_with(".sql")).collect();
    assert_eq!(sql_files.len(), 3, "{sql_files:?}");
    assert!(
        !all.keys()
            .any(|n| n.ends_with(".json") && !n.contains(".args.") && !n.contains(".taskspec."))
    );
    // A spec is a TaskSpec: no taskId, no triggers.
    assert!(spec.get("taskId").is_none() && spec.get("taskTemplate").is_some());
}

#[test]
fn pb_is_refused_for_args_and_sql() {
    let dir = workspace(&[("taskc.toml", TOML), ("etl.task", TWO_TASKS)]);
    let out = taskc(dir.path(), &["build", "--emit", "sql", "--format", "pb"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("`--format pb` applies to"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("build").exists());
}

#[test]
fn errors_exit_1_and_write_nothing() {
    let dir = examples();
    build_ok(dir.path(), &[]);
    let before = files(&dir.path().join("build"));
    fs::write(
        dir.path().join("broken.task"),
        "env broken {\n  image = \n}\n",
    )
    .expect("write");
    let out = taskc(dir.path(), &["build"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("E0001"), "{}", stderr(&out));
    assert_eq!(files(&dir.path().join("build")), before);

    let fresh = workspace(&[
        ("taskc.toml", TOML),
        ("bad.task", "env bad {\n  image = \n}\n"),
    ]);
    assert_eq!(code(&taskc(fresh.path(), &["build"])), 1);
    assert!(!fresh.path().join("build").exists());
}

#[test]
fn a_task_name_leaving_the_out_dir_is_rejected() {
    let task = "env media {\n  image = \"ghcr.io/acme/tools:1\"\n}\n\
template escape in media {\n  name = \"../../escaped\"\n  container {\n    command = [\"true\"]\n  }\n}\n";
    let dir = workspace(&[("taskc.toml", TOML), ("tools.task", task)]);
    let out = taskc(dir.path(), &["build"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("E0920"), "{}", stderr(&out));
    assert!(stderr(&out).contains("path separator"), "{}", stderr(&out));
    assert!(!dir.path().join("build").exists());
    assert!(
        !dir.path()
            .parent()
            .map(|p| p.join("escaped.json").exists())
            .unwrap_or(false)
    );
}

#[test]
fn out_dir_comes_from_taskc_toml_relative_to_the_root() {
    let toml = format!("{TOML}[build]\nout_dir = \"gen/wire\"\n");
    let dir = workspace(&[("taskc.toml", &toml), ("etl.task", TWO_TASKS)]);
    fs::create_dir(dir.path().join("sub")).expect("mkdir");
    build_ok(&dir.path().join("sub"), &[]);
    assert!(dir.path().join("gen/wire/etl.load.json").is_file());
    // -o is relative to the current folder.
    build_ok(&dir.path().join("sub"), &["-o", "here"]);
    assert!(dir.path().join("sub/here/etl.load.json").is_file());
}

#[test]
fn flags_override_taskc_toml() {
    let dir = workspace(&[("taskc.toml", TOML), ("etl.task", TWO_TASKS)]);
    build_ok(
        dir.path(),
        &[
            "--version",
            "v9",
            "--project",
            "p2",
            "--domain",
            "production",
            "--org",
            "o2",
        ],
    );
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("build/etl.load.json")).expect("read"))
            .expect("json");
    assert_eq!(
        json["taskId"],
        serde_json::json!({"org": "o2", "project": "p2", "domain": "production", "name": "etl.load", "version": "v9"})
    );
}

/// Valid conformance cases: no expected error, and not rejected by taskc on
/// purpose (`taskc_expect.toml` with `outcome = "error"`).
fn valid_conformance_cases() -> Vec<PathBuf> {
    let root = repo().join("tests/conformance");
    let mut cases: Vec<PathBuf> = fs::read_dir(&root)
        .expect("conformance")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("tasks.task").is_file() && !p.join("expected_error.txt").exists())
        .filter(|p| {
            fs::read_to_string(p.join("taskc_expect.toml"))
                .map(|t| !t.contains("outcome = \"error\""))
                .unwrap_or(true)
        })
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_valid_conformance_case_builds() {
    let cases = valid_conformance_cases();
    assert!(cases.len() >= 15, "{cases:?}");
    for case in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&case, dir.path());
        let out = taskc(dir.path(), &["build"]);
        assert_eq!(code(&out), 0, "{}: {}", case.display(), stderr(&out));
        let built = names(&dir.path().join("build"));
        assert!(built.len() > 1, "{}: {built:?}", case.display());
    }
}

#[test]
fn names_that_differ_only_in_case_are_one_file() {
    let task = "env etl {\n  image = \"ghcr.io/acme/etl:1.4\"\n}\n\
template Load in etl {\n  module = \"etl.tasks\"\n}\n\
template load in etl {\n  module = \"etl.tasks\"\n}\n";
    let dir = workspace(&[("taskc.toml", TOML), ("etl.task", task)]);
    let out = taskc(dir.path(), &["build"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("E0921"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`etl.Load.json`, `etl.load.json`"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("build").exists());
}

#[test]
fn an_unreadable_manifest_removes_nothing_and_is_rewritten() {
    let dir = workspace(&[("taskc.toml", TOML), ("etl.task", TWO_TASKS)]);
    build_ok(dir.path(), &[]);
    let out = dir.path().join("build");
    fs::write(out.join(MANIFEST), "{ not json").expect("write");
    let one_task = TWO_TASKS.replace("template clean in etl {\n  module = \"etl.tasks\"\n}\n", "");
    fs::write(dir.path().join("etl.task"), one_task).expect("write");
    let built = build_ok(dir.path(), &[]);
    assert!(
        stderr(&built).contains("warning: ignoring `build/.taskc-build`"),
        "{}",
        stderr(&built)
    );
    // Without a trusted list of its own files, taskc removes none of them.
    assert_eq!(
        names(&out),
        [MANIFEST, CACHE, "etl.clean.json", "etl.load.json"]
    );
    assert_eq!(code(&taskc(dir.path(), &["build", "--check"])), 0);
}
