//! The resolved model: inheritance with provenance, template and override
//! layering, identities, and the typed settings the backends read.

mod semantic_common;

use std::time::Duration;

use semantic_common::{analyze_case, analyze_files, analyze_text, tasks_module};
use taskc_core::diagnostics::Code;
use taskc_core::semantic::SemanticOptions;
use taskc_core::semantic::model::*;

fn valid(text: &str) -> Model {
    let analyzed = analyze_text(text);
    analyzed.assert_no_errors();
    analyzed.model
}

fn env<'m>(model: &'m Model, name: &str) -> &'m Env {
    model.env(name).unwrap_or_else(|| panic!("no env {name}"))
}

fn task<'m>(model: &'m Model, name: &str) -> &'m Task {
    model
        .template(name)
        .unwrap_or_else(|| panic!("no template {name}"))
}

fn origin_decl<T>(s: &Option<Setting<T>>) -> String {
    s.as_ref()
        .map(|s| s.origin().decl.to_string())
        .unwrap_or_default()
}

#[test]
fn a_three_level_chain_inherits_and_replaces_like_clone_with() {
    let model = analyze_case("03_clone_chain").model;
    let leaf = env(&model, "leaf");
    assert_eq!(leaf.chain, ["leaf", "mid", "base"]);

    // Inherited from base through mid, never written below.
    assert_eq!(
        leaf.settings.image.as_ref().map(|s| &s.value),
        Some(&Image::Uri("ghcr.io/acme/base:1.0".into()))
    );
    assert_eq!(origin_decl(&leaf.settings.image), "env `base`");
    assert_eq!(origin_decl(&leaf.settings.secrets), "env `base`");

    // Replaced by mid: request/limit pairs, the base value is shadowed.
    let resources = leaf.settings.resources.as_ref().unwrap();
    assert_eq!(resources.origin().decl.to_string(), "env `mid`");
    let cpu = resources.value.cpu.as_ref().unwrap();
    assert_eq!(cpu.request.text, "1");
    assert_eq!(cpu.limit.as_ref().map(|q| q.text.as_str()), Some("2"));
    let memory = resources.value.memory.as_ref().unwrap();
    assert_eq!(
        (
            memory.request.text.as_str(),
            memory.limit.as_ref().unwrap().text.as_str()
        ),
        ("2Gi", "4Gi")
    );
    let shadowed: Vec<String> = resources
        .provenance
        .shadowed
        .iter()
        .map(|o| o.decl.to_string())
        .collect();
    assert_eq!(shadowed, ["env `base`"]);

    // Replaced (not merged) by leaf.
    let vars = &leaf.settings.env_vars.as_ref().unwrap().value;
    assert_eq!(
        vars.iter()
            .map(|v| (v.key.as_str(), v.value.as_str()))
            .collect::<Vec<_>>(),
        [("STAGE", "leaf")]
    );
    assert_eq!(leaf.attribute("env_vars").unwrap().shadowed.len(), 1);

    // Cache: leaf disables it, its task overrides it.
    let cache = &leaf.settings.cache.as_ref().unwrap().value;
    assert_eq!(cache.behavior, CacheBehavior::Disable);
    let in_leaf = task(&model, "in_leaf");
    let task_cache = in_leaf.settings.cache.as_ref().unwrap();
    assert_eq!(task_cache.value.behavior, CacheBehavior::Override);
    let shadowed: Vec<String> = task_cache
        .provenance
        .shadowed
        .iter()
        .map(|o| o.decl.to_string())
        .collect();
    assert_eq!(shadowed, ["env `leaf`", "env `base`"]);

    // A task of mid sees base's cache.
    let in_mid = task(&model, "in_mid");
    assert_eq!(
        in_mid.settings.cache.as_ref().unwrap().value.behavior,
        CacheBehavior::Auto
    );
    assert_eq!(origin_decl(&in_mid.settings.cache), "env `base`");

    let deps = &leaf.settings.depends_on.as_ref().unwrap().value;
    assert_eq!(
        deps.iter().map(|d| d.value.as_str()).collect::<Vec<_>>(),
        ["base"]
    );
    assert_eq!(leaf.wire_description.as_deref(), Some("third level"));
}

#[test]
fn plus_equals_merges_maps_in_place_and_appends_lists() {
    let model = valid(
        r#"
env base {
  env_vars { A = "1", B = "2" }
  secrets = ["k1", { key = "k2", group = "g" }]
}
env child extends base {
  env_vars += { B = "two", C = "3" }
  secrets += [{ key = "k2", group = "g", env_var = "K2" }, "k3"]
}
"#,
    );
    let child = env(&model, "child");
    let vars = &child.settings.env_vars.as_ref().unwrap();
    let pairs: Vec<(&str, &str)> = vars
        .value
        .iter()
        .map(|v| (v.key.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(pairs, [("A", "1"), ("B", "two"), ("C", "3")]);
    let contributions: Vec<String> = vars
        .provenance
        .contributions
        .iter()
        .map(|o| o.decl.to_string())
        .collect();
    assert_eq!(contributions, ["env `base`", "env `child`"]);
    assert_eq!(vars.origin().decl.to_string(), "env `child`");
    assert!(vars.provenance.shadowed.is_empty());

    let secrets = &child.settings.secrets.as_ref().unwrap().value;
    let keys: Vec<(&str, Option<&str>)> = secrets
        .iter()
        .map(|s| (s.key.as_str(), s.env_var.as_deref()))
        .collect();
    assert_eq!(keys, [("k1", None), ("k2", Some("K2")), ("k3", None)]);
    assert_eq!(secrets[0].effective_env_var().as_deref(), Some("K1"));
}

#[test]
fn a_merge_two_levels_down_lists_every_contribution() {
    let model = valid(
        r#"
env a { env_vars { A = "1" } }
env b extends a { env_vars += { B = "2" } }
env c extends b { env_vars += { C = "3" } }
"#,
    );
    let c = env(&model, "c");
    let vars = c.settings.env_vars.as_ref().unwrap();
    assert_eq!(vars.value.len(), 3);
    let contributions: Vec<String> = vars
        .provenance
        .contributions
        .iter()
        .map(|o| o.decl.to_string())
        .collect();
    assert_eq!(contributions, ["env `a`", "env `b`", "env `c`"]);
}

#[test]
fn templates_win_over_their_env_for_shared_attributes() {
    let model = analyze_case("15_interruptible_queue_sa").model;
    let inherits = task(&model, "inherits");
    assert_eq!(
        inherits.settings.interruptible.as_ref().map(|s| s.value),
        Some(true)
    );
    assert_eq!(
        inherits.settings.queue.as_ref().map(|s| s.value.as_str()),
        Some("default-q")
    );
    let overrides = task(&model, "overrides");
    assert_eq!(
        overrides.settings.interruptible.as_ref().map(|s| s.value),
        Some(false)
    );
    assert_eq!(
        overrides.settings.queue.as_ref().map(|s| s.value.as_str()),
        Some("special-q")
    );
    assert_eq!(
        overrides
            .settings
            .service_account
            .as_ref()
            .map(|s| s.value.as_str()),
        Some("task-sa")
    );
    assert_eq!(
        overrides.attribute("service_account").unwrap().shadowed[0]
            .decl
            .to_string(),
        "env `spot`"
    );
    let entry = task(&model, "entry");
    assert_eq!(
        entry.settings.entrypoint.as_ref().map(|s| s.value),
        Some(true)
    );
    assert_eq!(
        entry.settings.produces_artifacts.as_ref().map(|s| s.value),
        Some(true)
    );
}

#[test]
fn overrides_replace_values_and_zero_means_zero() {
    let model = analyze_case("19_override").model;
    let bigger = model.override_named("bigger").unwrap();
    assert_eq!(bigger.task_id, "ovr.base");
    assert_eq!(bigger.env, "ovr");
    assert_eq!(bigger.short_name, "base-big");
    assert_eq!(bigger.output_name(), "ovr.bigger");
    let s = &bigger.settings;
    assert_eq!(s.retries.as_ref().unwrap().value.count, 4);
    assert_eq!(
        s.timeout.as_ref().unwrap().value.max_runtime,
        Some(Duration::from_secs(300))
    );
    assert_eq!(s.max_inline_io_bytes.as_ref().map(|v| v.value), Some(1024));
    assert_eq!(s.debuggable.as_ref().map(|v| v.value), Some(false));
    assert_eq!(
        s.pod_template.as_ref().map(|p| &p.value),
        Some(&PodTemplate::Named("override-template".into()))
    );
    let gpu = s.resources.as_ref().unwrap().value.gpu.as_ref().unwrap();
    match gpu {
        Gpu::Device(d) => {
            assert_eq!(
                (d.device.as_str(), d.count, d.class),
                ("T4", 1, DeviceClass::Gpu)
            );
            assert_eq!(d.wire_device(), "nvidia-tesla-t4");
        }
        other => panic!("{other:?}"),
    }
    // Replaced, not merged: the env's A=1 is gone.
    let vars = &s.env_vars.as_ref().unwrap().value;
    assert_eq!(
        vars.iter().map(|v| v.key.as_str()).collect::<Vec<_>>(),
        ["B"]
    );
    assert_eq!(
        s.image.as_ref().map(|i| &i.value),
        Some(&Image::Uri("ghcr.io/acme/ovr:1".into()))
    );

    let keeps = model.override_named("keeps_retries").unwrap();
    let retries = keeps.settings.retries.as_ref().unwrap();
    assert_eq!(retries.value.count, 0);
    assert_eq!(
        retries.origin().decl.to_string(),
        "override `keeps_retries`"
    );
    assert_eq!(
        retries.provenance.shadowed[0].decl.to_string(),
        "template `base`"
    );

    let unpooled = model.override_named("unpooled").unwrap();
    assert_eq!(
        unpooled.settings.reusable.as_ref().map(|r| &r.value),
        Some(&Reusable::Off)
    );
    assert!(unpooled.settings.reuse_policy().is_none());
    assert_eq!(model.overrides_of("base").count(), 2);
}

#[test]
fn task_ids_and_short_names_follow_the_kind_of_template() {
    let model = valid(
        r#"
env e {}
template plain in e {}
template renamed in e { function = "real_fn", module = "pkg.mod" }
template q in e {
  name = "bq.q"
  sql bigquery { project_id = "p" }
  query = "SELECT 1"
}
template c in e { container { command = ["true"] } }
"#,
    );
    let plain = task(&model, "plain");
    assert_eq!(plain.task_id, "e.plain");
    assert_eq!(plain.short_name, "plain");
    match &plain.kind {
        TaskKind::Function { module, function } => {
            assert_eq!(
                (module.value.as_str(), function.value.as_str()),
                ("tasks", "plain")
            );
        }
        other => panic!("{other:?}"),
    }
    let renamed = task(&model, "renamed");
    assert_eq!(renamed.task_id, "e.real_fn");
    assert_eq!(renamed.short_name, "real_fn");
    assert_eq!(
        model.task_by_id("e.real_fn").map(|t| t.name.as_str()),
        Some("renamed")
    );
    let q = task(&model, "q");
    assert_eq!(
        (q.task_id.as_str(), q.short_name.as_str()),
        ("bq.q", "bq.q")
    );
    let c = task(&model, "c");
    assert_eq!((c.task_id.as_str(), c.short_name.as_str()), ("e.c", "e.c"));
    assert_eq!(model.tasks_in_env("e").count(), 4);
}

#[test]
fn a_long_short_name_is_cut_to_63_with_a_warning() {
    let long = "x".repeat(70);
    let analyzed = analyze_text(&format!(
        "env e {{}}\ntemplate t in e {{ short_name = \"{long}\" }}\n"
    ));
    analyzed.assert_no_errors();
    assert_eq!(analyzed.codes(), [Code::E0320]);
    assert_eq!(
        analyzed.model.template("t").unwrap().short_name,
        "x".repeat(63)
    );
}

#[test]
fn doc_comments_split_into_short_and_long_descriptions() {
    let model = analyze_case("18_links_report_docs").model;
    let documented = task(&model, "documented");
    assert_eq!(
        documented.docs.short.as_deref(),
        Some("Short summary line.")
    );
    assert_eq!(
        documented.docs.long.as_deref(),
        Some("A longer description that spans\nmultiple lines.")
    );
    assert_eq!(documented.help_docs.as_deref(), Some("explicit docs"));
    assert_eq!(documented.short_name, "pretty-name");
    assert_eq!(
        documented.input("x").and_then(|i| i.doc.as_deref()),
        Some("how many")
    );
    assert_eq!(
        documented.settings.report.as_ref().map(|r| r.value),
        Some(true)
    );
    let links = &documented.settings.links.as_ref().unwrap().value;
    assert_eq!(
        links[0].wire_uri,
        "https://dash.example.com/{{.executionProject}}/{{.executionDomain}}/{{.runName}}/{{.actionName}}?pod={{.podName}}&parent={{.actionName}}"
    );
    assert_eq!(
        links[0].icon_uri.as_deref(),
        Some("https://example.com/icon.svg")
    );
    assert_eq!(
        documented
            .outputs
            .iter()
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>(),
        ["o0"]
    );
}

#[test]
fn long_docs_and_descriptions_are_truncated_like_the_sdk() {
    let short = "s".repeat(300);
    let long = "l".repeat(3000);
    let desc = "d".repeat(300);
    let analyzed = analyze_text(&format!(
        "env e {{ description = \"{desc}\" }}\n/// {short}\n///\n/// {long}\ntemplate t in e {{}}\n"
    ));
    analyzed.assert_no_errors();
    assert_eq!(analyzed.codes(), [Code::E0320, Code::E0320, Code::E0320]);
    let t = analyzed.model.template("t").unwrap();
    let s = t.docs.short.as_deref().unwrap();
    assert_eq!(s.chars().count(), 255);
    assert!(s.ends_with("...(tr.)"));
    assert_eq!(t.docs.long.as_deref().unwrap().chars().count(), 2048);
    let e = analyzed.model.env("e").unwrap();
    assert_eq!(
        e.wire_description.as_deref().unwrap(),
        format!("{}...(tr.)", "d".repeat(247))
    );
}

#[test]
fn resources_are_typed_as_flyte_sends_them() {
    let model = analyze_case("02_env_full").model;
    let e = env(&model, "full-env");
    let r = &e.settings.resources.as_ref().unwrap().value;
    assert_eq!(r.cpu.as_ref().unwrap().request.text, "2");
    assert_eq!(r.memory.as_ref().unwrap().request.text, "4Gi");
    assert_eq!(r.disk.as_ref().unwrap().text, "10Gi");
    assert!(matches!(&r.shm, Some(Shm::Size(q)) if q.text == "1Gi"));
    assert!(matches!(&r.gpu, Some(Gpu::Device(d)) if d.device == "A100" && d.count == 2));
    let secrets = &e.settings.secrets.as_ref().unwrap().value;
    let env_vars: Vec<Option<String>> = secrets.iter().map(Secret::effective_env_var).collect();
    assert_eq!(
        env_vars,
        [
            Some("PLAIN_KEY".into()),
            Some("PROD_DB_PASSWORD".into()),
            Some("OPENAI_API_KEY".into()),
            None
        ]
    );
    assert!(secrets[3].is_file_mount());
    assert_eq!(
        e.settings.queue.as_ref().map(|q| q.value.as_str()),
        Some("gpu-queue")
    );
    assert!(task(&model, "first").is_async);
    assert!(!task(&model, "second").is_async);

    let model = valid(
        r#"
env e {
  resources {
    cpu = 0.5
    gpu { device = "V5P", partition = "2x2x1" }
    shm = auto
  }
}
"#,
    );
    let r = &env(&model, "e").settings.resources.as_ref().unwrap().value;
    assert_eq!(r.cpu.as_ref().unwrap().request.text, "0.5");
    match r.gpu.as_ref().unwrap() {
        Gpu::Device(d) => {
            assert_eq!(d.class, DeviceClass::Tpu);
            assert_eq!(d.partition.as_deref(), Some("2x2x1"));
            assert_eq!(d.wire_device(), "tpu-v5p-slice");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(r.shm, Some(Shm::Auto { .. })));
}

#[test]
fn reuse_policies_get_the_sdk_defaults() {
    let model = analyze_case("14_reusable").model;
    let actors = env(&model, "actors")
        .settings
        .reuse_policy()
        .unwrap()
        .clone();
    assert_eq!(
        (actors.min_replicas, actors.max_replicas, actors.concurrency),
        (1, 3, 2)
    );
    assert_eq!(
        (actors.idle_ttl, actors.scaledown_ttl),
        (Duration::from_secs(60), Duration::from_secs(45))
    );
    assert_eq!(actors.scope, ReuseScope::Run);
    let fixed = env(&model, "fixed-actors")
        .settings
        .reuse_policy()
        .unwrap()
        .clone();
    assert_eq!(
        (fixed.min_replicas, fixed.max_replicas, fixed.concurrency),
        (2, 2, 1)
    );
    assert_eq!(
        (fixed.idle_ttl, fixed.scaledown_ttl),
        (Duration::from_secs(30), Duration::from_secs(30))
    );
    assert_eq!(fixed.scope, ReuseScope::Global);
    assert!(env(&model, "fixed-actors").is_reusable());
}

#[test]
fn cache_blocks_keep_every_field() {
    let model = analyze_case("11_cache").model;
    let c = &task(&model, "explicit_version")
        .settings
        .cache
        .as_ref()
        .unwrap()
        .value;
    assert_eq!(c.behavior, CacheBehavior::Override);
    assert_eq!(c.version.as_deref(), Some("v7"));
    assert_eq!(c.serialize, Some(true));
    assert_eq!(c.max_age, Some(Duration::from_secs(86400)));
    assert_eq!(
        c.ignored_inputs
            .iter()
            .map(|i| i.value.as_str())
            .collect::<Vec<_>>(),
        ["noise"]
    );
    let alias = &task(&model, "alias_enable")
        .settings
        .cache
        .as_ref()
        .unwrap()
        .value;
    assert_eq!(alias.behavior, CacheBehavior::Auto);
    assert_eq!(
        alias.alias.as_ref().map(|a| a.value.as_str()),
        Some("enable")
    );
    let salted = &task(&model, "salted")
        .settings
        .cache
        .as_ref()
        .unwrap()
        .value;
    assert_eq!(salted.salt.as_deref(), Some("pepper"));
    let inherited = task(&model, "inherits_auto")
        .settings
        .cache
        .as_ref()
        .unwrap();
    assert_eq!(inherited.origin().decl.to_string(), "env `caching`");
}

#[test]
fn retries_and_timeouts_are_typed() {
    let model = valid(
        r#"
env e {}
template t in e {
  retries { count = 5, backoff { base = 1.5s, factor = 2.0, cap = 5m } }
  timeout { max_runtime = 2m, max_queued_time = 10m, deadline = 1h }
}
template u in e {
  retries { count = 2, backoff { base = 10s } }
  timeout = 90
}
"#,
    );
    let t = task(&model, "t");
    let r = &t.settings.retries.as_ref().unwrap().value;
    let b = r.backoff.as_ref().unwrap();
    assert_eq!(
        (r.count, b.base, b.factor, b.cap),
        (
            5,
            Duration::from_millis(1500),
            2.0,
            Some(Duration::from_secs(300))
        )
    );
    let to = &t.settings.timeout.as_ref().unwrap().value;
    assert_eq!(to.deadline, Some(Duration::from_secs(3600)));
    let u = task(&model, "u");
    assert_eq!(
        u.settings
            .retries
            .as_ref()
            .unwrap()
            .value
            .backoff
            .as_ref()
            .unwrap()
            .factor,
        1.0
    );
    assert_eq!(
        u.settings.timeout.as_ref().unwrap().value.max_runtime,
        Some(Duration::from_secs(90))
    );
}

#[test]
fn query_and_container_templates_are_typed() {
    let model = analyze_case("20_sql_bigquery").model;
    let count = task(&model, "count_events");
    assert!(!count.deploy);
    match &count.kind {
        TaskKind::Query(sql) => {
            assert_eq!(sql.dialect, SqlDialect::BigQuery);
            assert_eq!(
                sql.statement,
                "SELECT COUNT(*) AS total FROM `my-project.analytics.events` WHERE date = @date AND kind = @kind"
            );
            match &sql.config {
                SqlConfig::BigQuery(c) => {
                    assert_eq!(c.project_id.as_deref(), Some("my-project"));
                    assert_eq!(c.location.as_deref(), Some("US"));
                    assert_eq!(c.credentials_secret.as_deref(), Some("gcp-creds"));
                }
                other => panic!("{other:?}"),
            }
        }
        other => panic!("{other:?}"),
    }
    assert!(task(&model, "daily_snapshot").deploy);

    let model = analyze_case("30_container_task").model;
    let resize = task(&model, "resize");
    assert_eq!(resize.task_id, "resize");
    match &resize.kind {
        TaskKind::Container(c) => {
            assert_eq!(c.command[0], "magick");
            assert_eq!(
                (c.input_data_dir.as_str(), c.output_data_dir.as_str()),
                ("/var/inputs", "/var/outputs")
            );
            assert_eq!(
                (c.metadata_format, c.file_input_layout),
                (MetadataFormat::Json, FileInputLayout::Direct)
            );
        }
        other => panic!("{other:?}"),
    }
    match &task(&model, "count_lines").kind {
        TaskKind::Container(c) => {
            assert_eq!(c.args, ["wc -l < /in/doc > /out/lines"]);
            assert_eq!(
                (c.metadata_format, c.file_input_layout),
                (MetadataFormat::Yaml, FileInputLayout::NamedDir)
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn image_forms_are_typed() {
    let model = analyze_case("25_images").model;
    let image = |e: &str| {
        env(&model, e)
            .settings
            .image
            .as_ref()
            .map(|s| s.value.clone())
    };
    assert_eq!(image("img-auto"), None);
    assert_eq!(image("img-none"), Some(Image::None));
    assert_eq!(
        image("img-string"),
        Some(Image::Uri("python:3.12-slim".into()))
    );
    assert!(
        matches!(image("img-from-base"), Some(Image::Spec(s)) if s.base.as_deref() == Some("python:3.12-slim"))
    );
    assert!(
        matches!(image("img-debian-312"), Some(Image::Spec(s)) if s.python.as_deref() == Some("3.12") && !s.is_layered())
    );
    assert!(
        matches!(image("img-layered"), Some(Image::Spec(s)) if s.is_layered() && s.pip_packages() == ["pandas", "numpy"])
    );
}

#[test]
fn an_inline_pod_template_keeps_its_json_shape() {
    let model = valid(
        r#"
env e {
  pod_template {
    labels { team = "recsys" }
    pod_spec {
      containers = [{ name = "primary", env = [{ name = "X", value = "1" }] }]
      nodeSelector { "cloud.google.com/gke-nodepool" = "a100" }
    }
  }
}
"#,
    );
    match &env(&model, "e")
        .settings
        .pod_template
        .as_ref()
        .unwrap()
        .value
    {
        PodTemplate::Inline(p) => {
            assert_eq!(p.primary_container_name, "primary");
            assert_eq!(p.labels, [("team".to_string(), "recsys".to_string())]);
            let spec = p.pod_spec.as_ref().unwrap().to_string();
            assert_eq!(
                spec,
                r#"{"containers":[{"name":"primary","env":[{"name":"X","value":"1"}]}],"nodeSelector":{"cloud.google.com/gke-nodepool":"a100"}}"#
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn default_module_comes_from_the_options() {
    let text = "env e {}\ntemplate t in e {}\n";
    let without = analyze_files(&[("a.task", text)], &SemanticOptions::default());
    assert_eq!(without.error_codes(), [Code::E0315]);
    let with = analyze_files(&[("a.task", text)], &tasks_module());
    with.assert_no_errors();
}

#[test]
fn provenance_points_at_the_written_entries() {
    let text = "env base { queue = \"q\" }\nenv child extends base {}\n";
    let analyzed = analyze_text(text);
    analyzed.assert_no_errors();
    let child = analyzed.model.env("child").unwrap();
    let p = child.attribute("queue").unwrap();
    let slice = |s: taskc_core::source::FileSpan| &text[s.span.start..s.span.end];
    assert_eq!(slice(p.origin.entry), "queue = \"q\"");
    assert_eq!(slice(p.origin.key), "queue");
    assert_eq!(slice(p.origin.value), "\"q\"");
    assert!(child.attribute("image").is_none());
    assert_eq!(child.settings.set_attributes(), ["queue"]);
}

#[test]
fn an_override_can_merge_env_vars_with_its_task() {
    let model = valid(
        r#"
env e { env_vars { A = "1", B = "2" } }
template t in e {}
override o of t { env_vars += { B = "two" } }
"#,
    );
    let o = model.override_named("o").unwrap();
    let vars = o.settings.env_vars.as_ref().unwrap();
    let pairs: Vec<(&str, &str)> = vars
        .value
        .iter()
        .map(|v| (v.key.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(pairs, [("A", "1"), ("B", "two")]);
    let contributions: Vec<String> = vars
        .provenance
        .contributions
        .iter()
        .map(|c| c.decl.to_string())
        .collect();
    assert_eq!(contributions, ["env `e`", "override `o`"]);
}

#[test]
fn a_child_env_may_turn_reuse_off_and_set_its_own_image() {
    let model = valid(
        r#"
env pool { reusable { replicas = 2 } }
env plain extends pool {
  reusable = off
  image { python = "3.12" }
}
template t in plain { debuggable = true }
"#,
    );
    assert!(model.env("pool").unwrap().is_reusable());
    assert!(!model.env("plain").unwrap().is_reusable());
    let t = model.template("t").unwrap();
    assert_eq!(t.settings.debuggable.as_ref().map(|d| d.value), Some(true));
}

#[test]
fn the_examples_workspace_is_valid() {
    let analyzed = semantic_common::analyze_examples();
    analyzed.assert_no_errors();
    // It is a real workspace: several envs, templates and overrides.
    assert!(
        analyzed.model.envs().len() >= 3,
        "{}",
        analyzed.model.envs().len()
    );
    assert!(analyzed.model.tasks().len() >= 5);
    assert!(!analyzed.model.overrides().is_empty());
}

/// An inherited setting is the env's value itself, shared, not a copy: a
/// workspace of thousands of tasks holds one copy of each env's settings.
#[test]
fn inherited_settings_share_the_value_they_inherit() {
    let model = valid(
        "env base {\n  image = \"ghcr.io/acme/base:1\"\n  env_vars = { A = \"1\" }\n  queue = \"q\"\n}\n\
         env child extends base {\n  env_vars += { B = \"2\" }\n}\n\
         template t in child {\n  module = \"m\"\n  queue = \"mine\"\n}\n\
         override o of t {\n  retries = 2\n}\n",
    );
    let (base, child, t) = (env(&model, "base"), env(&model, "child"), task(&model, "t"));
    let shared = |a: &Option<Setting<Image>>, b: &Option<Setting<Image>>| {
        a.as_ref().unwrap().is_shared_with(b.as_ref().unwrap())
    };
    assert!(shared(&base.settings.image, &child.settings.image));
    assert!(shared(&child.settings.image, &t.settings.image));
    let o = model
        .overrides()
        .iter()
        .find(|o| o.name == "o")
        .expect("override o");
    assert!(shared(&t.settings.image, &o.settings.image));
    // A merge and a written value are the holder's own.
    let vars = |s: &Settings| s.env_vars.as_ref().unwrap().clone();
    assert!(!vars(&base.settings).is_shared_with(&vars(&child.settings)));
    assert!(vars(&child.settings).is_shared_with(&vars(&t.settings)));
    let queue = |s: &Settings| s.queue.as_ref().unwrap().clone();
    assert!(!queue(&base.settings).is_shared_with(&queue(&t.settings)));
    assert_eq!(queue(&t.settings).value, "mine");
    assert_eq!(queue(&base.settings).value, "q");
}
