//! Every conformance case through parse + `analyze`: the `.task`
//! translations of the rejected cases (`*_err_*`) must be rejected with the
//! code `tests/conformance/README.md` gives, by a diagnostic that carries
//! the SDK's meaning (snapshotted as rendered), and the valid ones must
//! analyze without errors.

mod expect_code;
mod semantic_common;

use semantic_common::{analyze_case, conformance_cases};
use taskc_core::diagnostics::{Code, Diagnostic};

/// `$case` is rejected with an error of `$code`; snapshot of the rendering.
macro_rules! rejected {
    ($test:ident, $case:literal, $code:ident) => {
        #[test]
        fn $test() {
            let analyzed = analyze_case($case);
            let errors: Vec<Diagnostic> = analyzed.errors().into_iter().cloned().collect();
            expect_code::assert_reports(&errors, Code::$code, || analyzed.render());
            insta::assert_snapshot!(stringify!($test), analyzed.render());
        }
    };
}

macro_rules! accepted {
    ($test:ident, $case:literal) => {
        #[test]
        fn $test() {
            analyze_case($case).assert_no_errors();
        }
    };
}

/// Every rejected case of the corpus has a test below.
const REJECTED: &[&str] = &[
    "40_err_bad_gpu_string",
    "41_err_memory_not_string",
    "43_err_bad_env_name",
    "44_err_duplicate_env_name",
    "44b_err_duplicate_env_two_files",
    "45_err_override_image",
    "46_err_override_name",
    "47_err_override_resources_reusable",
    "48_err_reusable_pod_template",
    "50_err_sync_concurrency",
    "51_err_secret_env_var_name",
    "53_err_varargs",
    "54_err_cache_behavior",
    "57_err_trigger_time_not_an_input",
    "58_err_trigger_unknown_default",
    "60_err_trigger_time_on_manual",
    "63_err_clone_unknown_kwarg",
    "64_err_default_trigger_time",
    "65_err_reusable_sa_override",
    "66_err_deploy_sql_with_inputs",
];

#[test]
fn every_rejected_case_has_a_test() {
    let on_disk: Vec<String> = conformance_cases()
        .into_iter()
        .filter(|c| c.contains("_err_"))
        .collect();
    assert_eq!(on_disk, REJECTED);
}

rejected!(
    conformance_40_err_bad_gpu_string,
    "40_err_bad_gpu_string",
    E0306
);
rejected!(
    conformance_41_err_memory_not_string,
    "41_err_memory_not_string",
    E0305
);
rejected!(
    conformance_43_err_bad_env_name,
    "43_err_bad_env_name",
    E0105
);
rejected!(
    conformance_44_err_duplicate_env_name,
    "44_err_duplicate_env_name",
    E0101
);
rejected!(
    conformance_44b_err_duplicate_env_two_files,
    "44b_err_duplicate_env_two_files",
    E0101
);
rejected!(
    conformance_45_err_override_image,
    "45_err_override_image",
    E0601
);
rejected!(
    conformance_46_err_override_name,
    "46_err_override_name",
    E0601
);
rejected!(
    conformance_47_err_override_resources_reusable,
    "47_err_override_resources_reusable",
    E0602
);
rejected!(
    conformance_48_err_reusable_pod_template,
    "48_err_reusable_pod_template",
    E0311
);
rejected!(
    conformance_50_err_sync_concurrency,
    "50_err_sync_concurrency",
    E0311
);
rejected!(
    conformance_51_err_secret_env_var_name,
    "51_err_secret_env_var_name",
    E0307
);
// `def t(*xs)` has no `.task` form: inputs are always named. The closest
// mistake, `inputs { *xs: int }`, is a syntax error.
rejected!(conformance_53_err_varargs, "53_err_varargs", E0001);
rejected!(
    conformance_54_err_cache_behavior,
    "54_err_cache_behavior",
    E0308
);
rejected!(
    conformance_57_err_trigger_time_not_an_input,
    "57_err_trigger_time_not_an_input",
    E0410
);
rejected!(
    conformance_58_err_trigger_unknown_default,
    "58_err_trigger_unknown_default",
    E0410
);
rejected!(
    conformance_60_err_trigger_time_on_manual,
    "60_err_trigger_time_on_manual",
    E0412
);
// `clone_with("clone", queue="q")` raises "Unexpected keyword arguments:
// ['queue']". LANGUAGE.md §3.1 lists `queue` as an env attribute, and a child
// env is `clone_with`; docs/language.md §3.4 settles it: a child env inherits
// `queue`, `pod_template` and `plugin` and cannot write them (E0110), so
// `env clone extends base { queue = "q" }` is rejected with the SDK's
// substance. A root env may still set `queue`, and templates may too.
rejected!(
    conformance_63_err_clone_unknown_kwarg,
    "63_err_clone_unknown_kwarg",
    E0110
);
rejected!(
    conformance_64_err_default_trigger_time,
    "64_err_default_trigger_time",
    E0217
);
rejected!(
    conformance_65_err_reusable_sa_override,
    "65_err_reusable_sa_override",
    E0311
);
// LANGUAGE.md §3.6 left open where this is reported; docs/language.md §7
// makes it a check-time error unless the template says `deploy = false`.
rejected!(
    conformance_66_err_deploy_sql_with_inputs,
    "66_err_deploy_sql_with_inputs",
    E0507
);

// Cases the SDK accepts but taskc deliberately rejects (taskc_expect.toml).
rejected!(
    conformance_27_duplicate_task_name_is_rejected,
    "27_duplicate_task_name",
    E0102
);
rejected!(
    conformance_28_cron_not_validated_is_rejected,
    "28_cron_not_validated",
    E0404
);

accepted!(conformance_01_minimal_is_valid, "01_minimal");
accepted!(conformance_02_env_full_is_valid, "02_env_full");
accepted!(conformance_03_clone_chain_is_valid, "03_clone_chain");
accepted!(
    conformance_04_types_primitives_is_valid,
    "04_types_primitives"
);
accepted!(
    conformance_06_types_enum_literal_is_valid,
    "06_types_enum_literal"
);
accepted!(conformance_07_types_struct_is_valid, "07_types_struct");
accepted!(conformance_08_types_io_is_valid, "08_types_io");
accepted!(conformance_09_defaults_is_valid, "09_defaults");
accepted!(conformance_11_cache_is_valid, "11_cache");
accepted!(conformance_14_reusable_is_valid, "14_reusable");
accepted!(
    conformance_15_interruptible_queue_sa_is_valid,
    "15_interruptible_queue_sa"
);
accepted!(conformance_17_triggers_is_valid, "17_triggers");
accepted!(
    conformance_18_links_report_docs_is_valid,
    "18_links_report_docs"
);
// The SDK keeps `retries = 1` for `override(retries=0)`; taskc reads the
// written 0 (taskc_expect.toml). Either way the workspace is valid.
accepted!(conformance_19_override_is_valid, "19_override");
accepted!(conformance_20_sql_bigquery_is_valid, "20_sql_bigquery");
accepted!(conformance_23_no_code_bundle_is_valid, "23_no_code_bundle");
accepted!(conformance_24_sync_sys_paths_is_valid, "24_sync_sys_paths");
accepted!(conformance_25_images_is_valid, "25_images");
accepted!(conformance_29_plugin_dask_is_valid, "29_plugin_dask");
accepted!(conformance_30_container_task_is_valid, "30_container_task");
accepted!(
    conformance_31_trigger_notifications_is_valid,
    "31_trigger_notifications"
);
accepted!(conformance_32_pod_helpers_is_valid, "32_pod_helpers");
accepted!(conformance_33_record_docs_is_valid, "33_record_docs");
accepted!(conformance_34_image_recipes_is_valid, "34_image_recipes");
accepted!(conformance_35_image_files_is_valid, "35_image_files");
accepted!(conformance_36_plugins_is_valid, "36_plugins");
accepted!(conformance_37_plugin_ray_is_valid, "37_plugin_ray");
accepted!(conformance_38_enum_values_is_valid, "38_enum_values");
accepted!(conformance_39_type_flavours_is_valid, "39_type_flavours");
accepted!(conformance_40_literals_is_valid, "40_literals");
accepted!(conformance_41_namedtuples_is_valid, "41_namedtuples");

/// The README's table of rejected cases gives the code taskc reports for
/// each; the `rejected!` test of the case asserts that same code.
#[test]
fn readme_gives_the_code_each_rejected_test_asserts() {
    let readme_path = semantic_common::conformance_dir().join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap_or_default();
    let mut in_readme: Vec<(String, String)> = readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let case = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            let code = cells.get(2)?;
            let is_code = code.len() == 5 && code.starts_with('E');
            (case.contains("_err_") && is_code).then(|| (case.to_string(), code.to_string()))
        })
        .collect();
    in_readme.sort();

    let source = include_str!("semantic_conformance.rs");
    let mut asserted: Vec<(String, String)> = source
        .split("rejected!(")
        .skip(1)
        .filter_map(|call| {
            let args: Vec<&str> = call.split(')').next()?.split(',').map(str::trim).collect();
            let case = args.get(1)?.trim_matches('"');
            let code = args.get(2)?;
            case.contains("_err_")
                .then(|| (case.to_string(), code.to_string()))
        })
        .collect();
    asserted.sort();

    assert_eq!(asserted.len(), REJECTED.len(), "{asserted:?}");
    assert_eq!(in_readme, asserted, "{}", readme_path.display());
}

#[test]
fn every_valid_case_has_a_test() {
    let tested = [
        "01_minimal",
        "02_env_full",
        "03_clone_chain",
        "04_types_primitives",
        "06_types_enum_literal",
        "07_types_struct",
        "08_types_io",
        "09_defaults",
        "11_cache",
        "14_reusable",
        "15_interruptible_queue_sa",
        "17_triggers",
        "18_links_report_docs",
        "19_override",
        "20_sql_bigquery",
        "23_no_code_bundle",
        "24_sync_sys_paths",
        "25_images",
        "27_duplicate_task_name",
        "28_cron_not_validated",
        "29_plugin_dask",
        "30_container_task",
        "31_trigger_notifications",
        "32_pod_helpers",
        "33_record_docs",
        "34_image_recipes",
        "35_image_files",
        "36_plugins",
        "37_plugin_ray",
        "38_enum_values",
        "39_type_flavours",
        "40_literals",
        "41_namedtuples",
    ];
    let on_disk: Vec<String> = conformance_cases()
        .into_iter()
        .filter(|c| !c.contains("_err_"))
        .collect();
    assert_eq!(on_disk, tested);
}
