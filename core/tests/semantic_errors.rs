//! Every semantic diagnostic code, rendered as a user sees it (insta
//! snapshots), plus the whole-workspace properties: every independent error
//! is reported in one run, and an error is not repeated by what inherits it.

mod expect_code;
mod semantic_common;

use semantic_common::{analyze_files, analyze_text, tasks_module};
use taskc_core::diagnostics::Code;

/// Analyze `text`, require the code to be reported, snapshot the rendering.
macro_rules! diagnosed {
    ($name:ident, $code:ident, $text:expr) => {
        #[test]
        fn $name() {
            let analyzed = analyze_text($text);
            expect_code::assert_named_after(stringify!($name), Code::$code);
            expect_code::assert_reports(&analyzed.diagnostics, Code::$code, || analyzed.render());
            insta::assert_snapshot!(stringify!($name), analyzed.render());
        }
    };
}

// E01xx: names and inheritance.

diagnosed!(
    e0101_duplicate_env,
    E0101,
    "env same {}\nenv same { queue = \"q\" }\n"
);
diagnosed!(
    e0102_an_override_with_a_template_name,
    E0102,
    "env e {}\ntemplate train in e {}\noverride train of train { retries = 1 }\n"
);
diagnosed!(
    e0102_a_type_declared_twice,
    E0102,
    "type Mode = enum { a }\ntype Mode = enum { b }\nenv e {}\ntemplate t in e { inputs { m: Mode } }\n"
);
diagnosed!(
    e0103_two_templates_make_one_task,
    E0103,
    "env e {}\ntemplate a in e { function = \"work\" }\ntemplate work in e {}\n"
);
diagnosed!(
    e0104_override_written_over_a_task,
    E0104,
    "env e {}\ntemplate a in e {}\ntemplate b in e { function = \"fast\" }\noverride fast of a { retries = 1 }\n"
);
diagnosed!(e0105_env_name_with_capitals, E0105, "env TrainEnv {}\n");
diagnosed!(
    e0106_unknown_env_with_suggestion,
    E0106,
    "env training {}\nenv gpu extends trainig {}\ntemplate t in trainin {}\n"
);
diagnosed!(
    e0107_unknown_template,
    E0107,
    "env e {}\ntemplate train in e {}\noverride small of trian { retries = 1 }\n"
);
diagnosed!(
    e0108_inheritance_cycle,
    E0108,
    "env a extends c {}\nenv b extends a {}\nenv c extends b {}\nenv d extends d {}\n"
);
diagnosed!(
    e0109_task_name_too_long,
    E0109,
    &format!(
        "env e {{}}\ntemplate t in e {{ function = \"{}\" }}\n",
        "f".repeat(260)
    )
);
diagnosed!(
    e0110_pod_template_on_a_child_env,
    E0110,
    "env base {}\nenv child extends base {\n  pod_template = \"gpu\"\n  plugin dask {}\n}\n"
);
diagnosed!(
    e0111_depends_on_cycle,
    E0111,
    "env a { depends_on = [b] }\nenv b { depends_on = [a] }\nenv c { depends_on = [c] }\n"
);

// E03xx: attributes and Flyte validations.

diagnosed!(
    e0301_unknown_attributes_everywhere,
    E0301,
    r#"
env e {
  imgae = "x"
  resources { cpus = 1 }
  reusable { replica = 2 }
}
template t in e {
  retries { count = 1, backof { base = 1s } }
  timeout { max_run = 1m }
  cache { behaviour = auto }
  links = [{ name = "a", url = "https://x" }]
}
override o of t { short_nam = "x" }
"#
);
diagnosed!(
    e0302_wrong_kinds_of_values,
    E0302,
    "env e {\n  interruptible = \"yes\"\n  service_account = runner\n}\ntemplate t in e { report = 1 }\n"
);
diagnosed!(
    e0303_attribute_set_twice,
    E0303,
    "env e {\n  queue = \"a\"\n  queue = \"b\"\n  env_vars { A = \"1\", A = \"2\" }\n}\n"
);
diagnosed!(
    e0302_image_pip_option_without_pip_packages,
    E0302,
    "env e {\n  image {\n    apt_packages  = [\"curl\"]\n    pip_index_url = \"https://pypi.example.com/simple\"\n  }\n}\ntemplate t in e {}\n"
);
diagnosed!(
    e0302_image_debian_keys_with_base,
    E0302,
    "env e {\n  image {\n    base          = \"python:3.12-slim\"\n    install_flyte = false\n  }\n}\ntemplate t in e {}\n"
);
diagnosed!(
    e0302_image_recipe_on_base_without_name,
    E0302,
    "env e {\n  image {\n    base     = \"python:3.12-slim\"\n    workdir  = \"/app\"\n  }\n}\ntemplate t in e {}\n"
);
diagnosed!(
    e0302_image_step_of_the_wrong_kind,
    E0302,
    "env e {\n  image {\n    commands = \"echo hi\"\n    env_vars { A = 1 }\n    workdir  = \"\"\n  }\n}\ntemplate t in e {}\n"
);
diagnosed!(
    e0302_image_layers_on_a_reference_string,
    E0302,
    "env base { image = \"python:3.12-slim\" }\nenv child extends base {\n  image += { pip_packages = [\"numpy\"] }\n}\ntemplate t in child {}\n"
);
diagnosed!(
    e0302_image_append_with_a_base,
    E0302,
    "env base {}\nenv child extends base {\n  image += { base = \"python:3.12-slim\", name = \"x\" }\n}\ntemplate t in child {}\n"
);
diagnosed!(
    e0302_image_recipe_file_outside_the_workspace,
    E0302,
    "env e {\n  image {\n    requirements = \"../requirements.txt\"\n    source_files = [\"/etc/passwd\", \"a/run.sh\", \"b/run.sh\"]\n    dockerfile   = \"Dockerfile\"\n  }\n}\ntemplate t in e {}\n"
);
diagnosed!(
    e0302_image_platform_of_an_existing_image,
    E0302,
    "env e {\n  image {\n    base     = \"python:3.12-slim\"\n    platform = [\"linux/arm64\", \"linux/s390x\"]\n  }\n}\nenv f {\n  image { base = \"python:3.12-slim\", platform = [\"linux/arm64\"] }\n}\ntemplate t in e {}\n"
);
diagnosed!(
    e0302_image_requirements_not_a_txt_file,
    E0302,
    "env e {\n  image { requirements = \"requirements.in\" }\n}\ntemplate t in e {}\n"
);
diagnosed!(
    e0210_a_block_in_a_union_with_struct_is_a_struct,
    E0210,
    "env e {}\ntemplate t in e {\n  inputs {\n    ok: struct | dict[str, duration] = { k0 = \"1s\" }\n    x: file | struct | dict[str, duration] = { k0 = 0s }\n  }\n}\n"
);
diagnosed!(
    e0226_python_class_types_out_of_place,
    E0226,
    "env e {}\n\
     template c in e {\n  container { command = [\"run\"] }\n  inputs { m: pickle[\"pkg.Model\"] }\n}\n\
     template f in e {\n  inputs {\n    a: list[untyped]\n    b: untyped\n  }\n  returns untyped\n}\n"
);
// Inside a list or union of an interface the SDK pickles the literal, and
// its default with it.
diagnosed!(
    e0216_nested_literal_default_is_pickled,
    E0216,
    "env e {}\ntemplate t in e {\n  inputs {\n    a: list[literal[\"x\"]] = [\"x\"]\n    b: literal[\"x\", \"y\"]? = \"x\"\n    ok: literal[\"x\"]? = none\n  }\n}\n"
);

// The SDK makes a returned `NamedTuple` the named outputs.
diagnosed!(
    e0318_a_returned_namedtuple,
    E0318,
    "type P = record namedtuple {\n  a: int\n  b: str = \"x\"\n}\nenv e {}\ntemplate t in e {\n  returns P\n}\ntemplate u in e {\n  outputs { o0: P }\n}\n"
);
// The SDK builds a named tuple's pydantic wrapper with every field, defaults
// included: `Dir`'s validator crashes on the `timedelta`.
diagnosed!(
    e0224_namedtuple_default_after_a_dir,
    E0224,
    "type T = record namedtuple {\n  a: int\n  w: dir | duration = 90m\n}\nenv e {}\ntemplate t in e {\n  inputs {\n    x: T = { a = 1 }\n    ok: T = { a = 1, w = \"s3://b/d\" }\n  }\n}\n"
);
diagnosed!(
    e0304_env_attributes_on_a_template,
    E0304,
    "env e { retries = 3 }\ntemplate t in e {\n  image = \"python:3.12\"\n  reusable { replicas = 2 }\n}\n"
);
diagnosed!(
    e0305_invalid_resources,
    E0305,
    "env e {\n  resources { cpu = -1, memory = \"4GB\", disk = 10 }\n}\nenv f {\n  resources { cpu = [1, 2, 3] }\n}\n"
);
diagnosed!(
    e0306_invalid_gpus,
    E0306,
    r#"
env a { resources { gpu { device = "A100", partition = "3g.40gb" } } }
env b { resources { gpu { device = "A10O" } } }
env c { resources { gpu = "H100:16" } }
env d { resources { gpu = -1 } }
env f { resources { gpu { device = "V5P", class = gpu } } }
"#
);
diagnosed!(
    e0307_invalid_secrets,
    E0307,
    r#"
env e {
  secrets = [
    { key = "a", mount = "/var/secrets" },
    { group = "g" },
    { key = "b", env_var = "B", mount = "/etc/flyte/secrets" },
  ]
}
"#
);
diagnosed!(
    e0308_invalid_caches,
    E0308,
    r#"
env e { cache { behavior = auto, ignored_inputs = ["nosie"] } }
template t in e { inputs { noise: str } }
template w in e {}
template u in e { cache { version = "v1" } }
template v in e { cache = always }
"#
);
diagnosed!(
    e0309_invalid_retries,
    E0309,
    r#"
env e {}
template a in e { retries = -1 }
template b in e { retries { count = 3, backoff { base = 1s, factor = 2.0 } } }
template c in e { retries { count = 3, backoff { base = 1s, factor = 0.5 } } }
"#
);
diagnosed!(
    e0310_invalid_reuse_policies,
    E0310,
    r#"
env a { reusable { replicas = [3, 1] } }
env b { reusable { replicas = 2, idle_ttl = 10s, scaledown_ttl = 5 } }
env c { reusable { replicas = 0 } }
env d { reusable { replicas = 2, concurrency = 0, scope = team } }
env f { reusable { idle_ttl = 60s } }
"#
);
diagnosed!(
    e0311_conflicts_with_a_reusable_env,
    E0311,
    r#"
env pool {
  reusable { replicas = 2 }
  plugin dask {}
}
template t in pool {
  debuggable = true
}
"#
);
diagnosed!(
    e0312_invalid_pod_spec,
    E0312,
    r#"
env e {
  pod_template {
    pod_spec {
      node_selector { a = "b" }
      hostNetwork = "yes"
      containers = [{ image = "x", imagePullPolicy = "Always", args = "--fast" }]
    }
  }
}
"#
);
diagnosed!(
    e0312_pod_helpers_that_conflict,
    E0312,
    r#"
env privileged-sandbox {
  pod_template {
    allow_fuse              = privileged
    allow_nested_sandboxing = true
  }
}
env no-escalation {
  pod_template {
    pod_spec { containers = [{ name = "primary", securityContext = { allowPrivilegeEscalation = false } }] }
    allow_fuse = privileged
  }
}
env pinned-apparmor {
  pod_template {
    annotations { "container.apparmor.security.beta.kubernetes.io/primary" = "runtime/default" }
    allow_nested_sandboxing = true
  }
}
env half-a-second {
  pod_template { termination_grace_period = 1500ms }
}
"#
);
diagnosed!(
    e0313_unknown_link_placeholder,
    E0313,
    "env e {}\ntemplate t in e {\n  links = [{ name = \"x\", uri = \"https://x/{run}/{project}\" }, { name = \"y\" }]\n}\n"
);
diagnosed!(
    e0314_invalid_plugin,
    E0314,
    "env a { plugin sparc {} }\nenv b { plugin dask { workers { number_of_workers = 0 } } }\nenv c { plugin dask { scheduler { resources { gpu = \"A100:1\", shm = auto } } } }\n"
);
diagnosed!(
    e0314_invalid_spark_and_pytorch_plugins,
    E0314,
    r#"env a {
  plugin spark {
    driver_pod   = "spark-driver"
    executor_pod { labels { role = "executor" } }
  }
}
env b { plugin databricks { driver_pod { pod_spec { tolerations = [] } } } }
env c { plugin pytorch { nproc_per_node = 2 } }
env d { plugin pytorch { nnodes = "4:2", nproc_per_node = 0 } }
env e { plugin pytorch { nnodes = "2-4", nproc_per_node = 1, max_restarts = 3000000000 } }
env f { plugin pytorch {} }
"#
);
diagnosed!(
    e0314_invalid_ray_plugins,
    E0314,
    r#"env a { plugin ray { head {} } }
env b {
  plugin ray {
    workers = [
      { replicas = 1, requests { cpu = [1, 2], gpu = 0 } },
      { group_name = "g", replicas = 1, pod_template = "gpu-pod" },
      { group_name = "h", replicas = 1, pod_template { labels { a = "b" } } },
    ]
    ttl_seconds_after_finished = 3000000000
  }
}
env c { plugin ray { workers = [], runtime_env { env_vars { "" = "x" }, pip = ["ünïcode"] } } }
env d { plugin ray { workers = [], runtime_env { ratio = 0.5 } } }
"#
);
diagnosed!(
    e0315_module_and_function_names,
    E0315,
    "env e {}\ntemplate train-ranker in e {}\ntemplate b in e { module = \"pipelines/train\" }\n"
);
diagnosed!(
    e0316_merging_what_cannot_merge,
    E0316,
    "env base { cache = auto }\nenv child extends base {\n  cache += auto\n  resources += { cpu = 1 }\n}\ntemplate t in child { queue += \"q\" }\n"
);
diagnosed!(
    e0317_entries_of_the_wrong_form,
    E0317,
    "env e {\n  x: int\n  returns int\n  trigger nightly { cron = \"0 0 * * *\" }\n  plugins dask {}\n}\n"
);
diagnosed!(
    e0318_invalid_interfaces,
    E0318,
    "env e {}\ntemplate t in e {\n  inputs { x: int, x: str, class: int, kebab-name: int }\n  outputs { o: int = 1 }\n  returns int\n}\n"
);
diagnosed!(
    e0319_invalid_size,
    E0319,
    "env e {}\ntemplate t in e { max_inline_io_bytes = \"10 megabytes\" }\n"
);
diagnosed!(
    e0320_text_cut_to_a_limit,
    E0320,
    &format!(
        "env {} {{ description = \"{}\" }}\n",
        "e".repeat(70),
        "d".repeat(300)
    )
);
diagnosed!(
    e0321_triggers_on_a_template_not_deployed,
    E0321,
    "env e {}\ntemplate t in e {\n  deploy = false\n  trigger nightly { schedule = daily }\n}\n"
);

// E05xx: query and container tasks.

diagnosed!(
    e0501_invalid_query_tasks,
    E0501,
    r#"
env w {}
template a in w {
  sql snowflake { account = "acme" }
  query = "SELECT 1"
}
template b in w {
  sql postgres { }
  query = "SELECT 1"
}
template c in w { sql bigquery { project_id = "p" } }
"#
);
diagnosed!(
    e0502_query_placeholder_without_input,
    E0502,
    r#"
env w {}
template q in w {
  deploy = false
  sql bigquery { project_id = "p" }
  inputs { day: str }
  query = "SELECT * FROM t WHERE day = @day AND kind = @knd"
}
"#
);
// Deployed: for a `deploy = false` query it is lint L0015.
diagnosed!(
    e0503_query_input_never_used,
    E0503,
    r#"
env w {}
template q in w {
  sql snowflake { account = "a", database = "d", schema = "s", warehouse = "w", user = "u" }
  inputs { day: str, kind: str }
  query = "SELECT * FROM t WHERE day = %(day)s"
}
"#
);
diagnosed!(
    e0504_container_names_no_input,
    E0504,
    r#"
env tools { image = "alpine:3.20" }
template c in tools {
  container { command = ["cat", "/var/inputs/scr", "{{.inputs.count}}"] }
  inputs { src: file }
}
"#
);
diagnosed!(
    e0505_container_input_never_used,
    E0505,
    r#"
env tools { image = "alpine:3.20" }
template c in tools {
  container { command = ["cat", "/var/inputs/src"] }
  inputs { src: file, extra: int }
}
"#
);
diagnosed!(
    e0603_override_of_a_container_task,
    E0603,
    r#"
env tools { image = "alpine:3.20" }
template c in tools {
  container { command = ["true"] }
}
override c2 of c { retries = 2 }
"#
);
diagnosed!(
    e0506_attributes_that_do_not_fit_the_kind,
    E0506,
    r#"
env none { image = none }
template f in none { name = "x" }
template c in none {
  module = "m"
  container { command = ["true"] }
}
template q in none {
  sql bigquery { project_id = "p" }
  service_account = "sa"
  outputs { rows: int }
  query = "SELECT 1"
}
"#
);
diagnosed!(
    e0507_query_with_inputs_deployed,
    E0507,
    r#"
env w {}
template q in w {
  sql bigquery { project_id = "p" }
  inputs { day: str }
  query = "SELECT @day"
}
"#
);

// E06xx: overrides.

diagnosed!(
    e0601_attributes_that_cannot_be_overridden,
    E0601,
    r#"
env e {}
template t in e { inputs { x: int } }
override o of t {
  image = "x"
  docs = "d"
  inputs { y: int }
  report = true
}
"#
);
diagnosed!(
    e0602_override_of_a_reusable_task,
    E0602,
    r#"
env pool { reusable { replicas = 2 } }
template t in pool {}
override o of t {
  env_vars { A = "1" }
  secrets = ["k"]
  service_account = "sa"
}
override fine of t {
  reusable = off
  env_vars { A = "1" }
}
"#
);

// E04xx codes found by the whole pass rather than per trigger block.

diagnosed!(
    e0417_two_triggers_with_one_name,
    E0417,
    "env e {}\ntemplate t in e {\n  trigger nightly { cron = \"0 3 * * *\" }\n  trigger nightly { cron = \"0 4 * * *\" }\n}\n"
);

#[test]
fn every_semantic_code_has_a_snapshot_test() {
    // The name of each `diagnosed!` test; its code is checked to match.
    let source = include_str!("semantic_errors.rs");
    let tests: Vec<&str> = source
        .split("diagnosed!(")
        .skip(1)
        .filter_map(|rest| rest.trim_start().split(',').next())
        .collect();
    for info in taskc_core::diagnostics::registry() {
        let code = info.code.as_str();
        let owned = ["E01", "E03", "E05", "E06"]
            .iter()
            .any(|p| code.starts_with(p));
        if owned {
            let prefix = format!("{}_", code.to_lowercase());
            assert!(
                tests.iter().any(|t| t.starts_with(&prefix)),
                "no snapshot test for {code}"
            );
        }
    }
}

/// Type (E02xx) and trigger (E04xx) codes are snapshotted in
/// `semantic_types.rs`, `semantic_triggers.rs` and here; every one of them
/// must have at least one snapshot named after it.
#[test]
fn every_type_and_trigger_code_has_a_snapshot() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    for info in taskc_core::diagnostics::registry() {
        let code = info.code.as_str();
        if code.starts_with("E02") || code.starts_with("E04") {
            let needle = format!("__{}_", code.to_lowercase());
            assert!(
                names.iter().any(|n| n.contains(&needle)),
                "no snapshot named after {} in {}",
                info.code,
                dir.display()
            );
        }
    }
}

#[test]
fn independent_errors_in_several_files_are_all_reported() {
    let analyzed = analyze_files(
        &[
            (
                "a.task",
                "env a { resources { memory = 1024 } }\ntemplate ta in a { cache = always }\n",
            ),
            (
                "b.task",
                "env b extends nope {}\ntemplate tb in b { retries = -1 }\n",
            ),
            (
                "c.task",
                "env c { secrets = [{ key = \"k\", env_var = \"bad-name\" }] }\noverride oc of ta { image = \"x\" }\n",
            ),
            (
                "d.task",
                "env d { reusable { replicas = [3, 1] } }\ntemplate td in d { links = [{ name = \"l\", uri = \"{nope}\" }] }\n",
            ),
        ],
        &tasks_module(),
    );
    assert_eq!(
        analyzed.error_codes(),
        [
            Code::E0305,
            Code::E0308,
            Code::E0106,
            Code::E0309,
            Code::E0307,
            Code::E0601,
            Code::E0310,
            Code::E0313
        ],
        "{}",
        analyzed.render()
    );
}

#[test]
fn an_error_is_reported_once_not_by_everything_that_inherits_it() {
    let analyzed = analyze_text(
        r#"
env base {
  resources { memory = 1024 }
  pod_template = "p"
  reusable { replicas = 2 }
}
env mid extends base {}
env leaf extends mid { env_vars { A = "1" } }
template t1 in base {}
template t2 in mid {}
template t3 in leaf {}
override o of t3 { retries = 1 }
env orphan extends missing { cache = auto }
env orphan-child extends orphan {}
template t4 in orphan-child { inputs { x: int } }
"#,
    );
    assert_eq!(
        analyzed.error_codes(),
        [Code::E0305, Code::E0311, Code::E0106],
        "{}",
        analyzed.render()
    );
    assert!(analyzed.model.env("orphan-child").unwrap().broken);
    assert!(!analyzed.model.env("leaf").unwrap().broken);
}

#[test]
fn a_template_in_an_unknown_env_reports_only_that() {
    let analyzed = analyze_text(
        "template t in nowhere {\n  inputs { x: int }\n  cache { behavior = auto, ignored_inputs = [\"x\"] }\n}\noverride o of t { retries = 2 }\n",
    );
    assert_eq!(
        analyzed.error_codes(),
        [Code::E0106],
        "{}",
        analyzed.render()
    );
}

#[test]
fn a_cycle_is_reported_once_for_all_its_members() {
    let analyzed = analyze_text(
        "env a extends b {}\nenv b extends a {}\nenv c extends a {}\ntemplate t in c {}\n",
    );
    assert_eq!(
        analyzed.error_codes(),
        [Code::E0108],
        "{}",
        analyzed.render()
    );
    assert!(analyzed.model.env("c").unwrap().broken);
}

/// Envs have a namespace of their own and types theirs: the syntax says
/// which one `in`, `of` and `:` name (language.md §1.3).
#[test]
fn an_env_a_template_and_a_type_may_share_a_name() {
    let analyzed = analyze_text(
        "type x = enum { a }\nenv x {}\ntemplate x in x { inputs { m: x } }\noverride small of x { retries = 1 }\n",
    );
    analyzed.assert_no_errors();
    let analyzed = analyze_text("env x {}\nenv y extends x {}\ntemplate x in y {}\n");
    analyzed.assert_no_errors();
}

#[test]
fn check_workspace_runs_the_semantic_stage_with_the_config() {
    use taskc_core::check::check_workspace;
    use taskc_core::source::SourceDb;
    use taskc_core::workspace::parse_config;

    let toml = "[flyte]\ndefault_module = \"pkg.tasks\"\n";
    let mut db = SourceDb::new();
    let config_id = db.add("taskc.toml", toml);
    let (config, _) = parse_config(config_id, toml);
    db.add("a.task", "env Bad {}\ntemplate t in a {}\n");
    let output = check_workspace(&db, &config);
    let codes: Vec<Code> = output.diagnostics.iter().map(|d| d.code).collect();
    // E0105 for the name, E0106 for the unknown env; no E0315: the module
    // comes from `default_module`.
    assert_eq!(codes, [Code::E0105, Code::E0106]);
}
