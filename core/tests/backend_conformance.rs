//! Every valid conformance case compiled and built, compared with what the
//! Flyte SDK 2.12.1 put on the wire (`expected.json`), field by field.
//!
//! Masked, as tests/conformance/README.md documents (WIRE.md §7): the
//! `discoveryVersion` of function tasks without a cache `version`, the
//! actor `custom.version`. `--image-cache` is compared decoded (the JSON
//! inside, not the gzip bytes). Deliberate differences come only from a
//! case's `taskc_expect.toml`.

mod backend_support;

use backend_support::golden::{compare_entry, expectations, run_golden};
use backend_support::{compile_case, conformance_cases, conformance_dir, emitted_json};
use serde_json::{Value, json};

macro_rules! cases {
    ($($test:ident => $case:literal,)*) => {
        $(
            #[test]
            fn $test() {
                run_golden(&conformance_dir().join($case));
            }
        )*

        /// The valid cases (no `expected_error.txt`) covered above.
        const VALID: &[&str] = &[$($case),*];
    };
}

cases! {
    case_01_minimal => "01_minimal",
    case_02_env_full => "02_env_full",
    case_03_clone_chain => "03_clone_chain",
    case_04_types_primitives => "04_types_primitives",
    case_06_types_enum_literal => "06_types_enum_literal",
    case_07_types_struct => "07_types_struct",
    case_08_types_io => "08_types_io",
    case_09_defaults => "09_defaults",
    case_11_cache => "11_cache",
    case_14_reusable => "14_reusable",
    case_15_interruptible_queue_sa => "15_interruptible_queue_sa",
    case_17_triggers => "17_triggers",
    case_18_links_report_docs => "18_links_report_docs",
    case_19_override => "19_override",
    case_20_sql_bigquery => "20_sql_bigquery",
    case_23_no_code_bundle => "23_no_code_bundle",
    case_24_sync_sys_paths => "24_sync_sys_paths",
    case_25_images => "25_images",
    case_27_duplicate_task_name => "27_duplicate_task_name",
    case_28_cron_not_validated => "28_cron_not_validated",
    case_29_plugin_dask => "29_plugin_dask",
    case_30_container_task => "30_container_task",
    case_31_trigger_notifications => "31_trigger_notifications",
    case_32_pod_helpers => "32_pod_helpers",
    case_33_record_docs => "33_record_docs",
    case_34_image_recipes => "34_image_recipes",
    case_35_image_files => "35_image_files",
    case_36_plugins => "36_plugins",
    case_37_plugin_ray => "37_plugin_ray",
    case_38_enum_values => "38_enum_values",
    case_39_type_flavours => "39_type_flavours",
    case_40_literals => "40_literals",
    case_41_namedtuples => "41_namedtuples",
}

#[test]
fn every_valid_case_has_a_test() {
    let on_disk: Vec<String> = conformance_cases()
        .into_iter()
        .filter(|c| {
            !conformance_dir()
                .join(c)
                .join("expected_error.txt")
                .exists()
        })
        .collect();
    assert_eq!(on_disk, VALID);
}

/// The emitted JSON of representative cases, for review.
macro_rules! snapshots {
    ($($test:ident => $case:literal,)*) => {
        $(
            #[test]
            fn $test() {
                let compiled = compile_case($case);
                compiled.assert_no_errors();
                insta::assert_json_snapshot!(stringify!($test), compiled.artifacts_json());
            }
        )*
    };
}

snapshots! {
    snapshot_01_minimal => "01_minimal",
    snapshot_14_reusable => "14_reusable",
    snapshot_19_override => "19_override",
    snapshot_20_sql_bigquery => "20_sql_bigquery",
    snapshot_30_container_task => "30_container_task",
}

/// The masks hide only what they name: a changed field is still reported.
#[test]
fn comparison_reports_a_changed_field() {
    let compiled = compile_case("19_override");
    let text = std::fs::read_to_string(conformance_dir().join("19_override").join("expected.json"))
        .unwrap_or_default();
    let entries: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
    let expect = expectations(&conformance_dir().join("19_override"));
    let mut entry = entries[0].clone();
    entry["task_spec"]["shortName"] = json!("other");
    entry["task_spec"]["taskTemplate"]["metadata"]["discoveryVersion"] = json!("changed");
    let (_, differences) = compare_entry(&compiled, &entry, &expect);
    assert_eq!(differences.len(), 1, "{differences:?}");
    assert!(
        differences[0].starts_with("task_spec.shortName"),
        "{differences:?}"
    );
    let mut entry = entries[0].clone();
    entry["container_args"][20] =
        json!("H4sIAAAAAAAC/6tWKs8syYjPyc/PLi1QsqpWSsrMS8mJzytNzMlMKQYJ1QIAiJ1+oygAAAA=");
    let (_, differences) = compare_entry(&compiled, &entry, &expect);
    assert_eq!(differences.len(), 1, "{differences:?}");
}

/// The actor version is spelled as the SDK spells it (WIRE.md §5.7), so it
/// equals the SDK's even though the comparison masks it.
#[test]
fn actor_versions_equal_the_sdks() {
    for (case, artifact, version) in [
        ("14_reusable", "actors.warm", "acf375d81705440"),
        ("14_reusable", "fixed-actors.fixed", "673aa9e30e5b02b"),
        ("19_override", "ovr-reusable.pooled", "8ad660069c287f4"),
    ] {
        let compiled = compile_case(case);
        let json = emitted_json(&compiled.artifact(artifact).emitted);
        assert_eq!(
            json["spec"]["taskTemplate"]["custom"]["version"],
            json!(version),
            "{artifact}"
        );
    }
}

/// The `--image-cache` argument is byte for byte the SDK's (gzip level 9,
/// mtime 0, zlib's deflate) in every case, built images included.
#[test]
fn image_cache_arguments_equal_the_sdks_bytes() {
    let mut compared = 0;
    for case in VALID {
        if expectations(&conformance_dir().join(case)).outcome_error {
            continue;
        }
        let compiled = compile_case(case);
        let text = std::fs::read_to_string(conformance_dir().join(case).join("expected.json"))
            .unwrap_or_default();
        let entries: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
        let ours: Vec<&String> = compiled
            .build
            .artifacts
            .iter()
            .filter_map(|a| a.container_args.as_ref())
            .filter_map(|args| {
                let i = args.iter().position(|a| a == "--image-cache")?;
                args.get(i + 1)
            })
            .collect();
        for entry in &entries {
            let Some(args) = entry["container_args"].as_array() else {
                continue;
            };
            let Some(i) = args.iter().position(|a| a == "--image-cache") else {
                continue;
            };
            let theirs = args[i + 1].as_str().unwrap_or_default();
            assert!(
                ours.iter().any(|o| o.as_str() == theirs),
                "{case}: {theirs} not among {ours:?}"
            );
            compared += 1;
        }
    }
    assert!(compared > 20, "only {compared} arguments compared");
}
