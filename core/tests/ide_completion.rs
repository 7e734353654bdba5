//! Completion in complete and half-written files.

mod ide_support;

use ide_support::fixture;
use taskc_core::ide::CompletionItem;

fn complete(text: &str) -> Vec<CompletionItem> {
    let f = fixture(text);
    f.analysis.completions(f.file, f.offset)
}

/// One line per item: `label (Kind) detail`.
fn list(text: &str) -> String {
    complete(text)
        .iter()
        .map(|i| {
            let mut line = format!("{} ({:?})", i.label, i.kind);
            if let Some(d) = &i.detail {
                line.push_str(&format!("  {d}"));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn labels(text: &str) -> Vec<String> {
    complete(text).into_iter().map(|i| i.label).collect()
}

const WORKSPACE: &str = r#"//- types.task
/// Where data lives.
type Region = enum {
  /// Europe.
  eu
  us
}
type Opt = record { lr: float = 0.1 }
//- envs.task
/// The shared runtime.
env base { cache = auto }
env train extends base {}
//- tasks.task
template fit in base {
  inputs {
    at: datetime
    region: Region = eu
    fast: bool = false
  }
}
"#;

fn with(extra: &str) -> String {
    format!("{WORKSPACE}{extra}")
}

#[test]
fn keywords_at_the_top_level() {
    insta::assert_snapshot!(list(&with("$0")));
}

#[test]
fn env_attributes_with_their_forms() {
    insta::assert_snapshot!(list(&with("env x {\n  $0\n}\n")));
}

#[test]
fn attributes_filtered_by_the_word_typed() {
    assert_eq!(labels(&with("env x {\n  res$0\n}\n")), ["resources"]);
}

#[test]
fn template_attributes_include_labeled_blocks() {
    let got = labels(&with("template t in base {\n  $0\n}\n"));
    for want in [
        "module",
        "inputs",
        "returns",
        "trigger",
        "sql",
        "container",
        "deploy",
    ] {
        assert!(got.iter().any(|l| l == want), "{want} missing from {got:?}");
    }
    assert!(!got.iter().any(|l| l == "image"), "image is env-only");
}

#[test]
fn override_attributes_are_the_sdk_override_set() {
    insta::assert_snapshot!(labels(&with("override o of fit {\n  $0\n}\n")).join(" "));
}

#[test]
fn nested_blocks_offer_their_own_attributes() {
    assert_eq!(
        labels(&with("env x {\n  resources {\n    $0\n  }\n}\n")),
        ["cpu", "memory", "gpu", "disk", "shm"]
    );
    assert_eq!(
        labels(&with("env x {\n  resources { gpu { $0 } }\n}\n")),
        ["device", "count", "partition", "class"]
    );
    assert_eq!(
        labels(&with("env x {\n  secrets = [{ $0 }]\n}\n")),
        ["key", "group", "env_var", "mount"]
    );
    assert_eq!(
        labels(&with("template t in base {\n  retries { backoff { $0\n")),
        ["base", "factor", "cap"]
    );
    assert_eq!(
        labels(&with("template t in base {\n  cache {\n    $0\n  }\n}\n")),
        [
            "behavior",
            "version",
            "serialize",
            "ignored_inputs",
            "salt",
            "max_age"
        ]
    );
    assert!(
        labels(&with("template t in base {\n  container {\n    $0\n"))
            .contains(&"metadata_format".to_string())
    );
    assert!(
        labels(&with("template t in base {\n  sql snowflake {\n    $0\n"))
            .contains(&"warehouse".to_string())
    );
    assert!(
        labels(&with("env d {\n  plugin dask { workers { $0 } }\n}\n"))
            .contains(&"number_of_workers".to_string())
    );
    assert!(
        labels(&with(
            "env d {\n  plugin pytorch { run_policy { $0 } }\n}\n"
        ))
        .contains(&"backoff_limit".to_string())
    );
    assert!(
        labels(&with("env d {\n  plugin databricks {\n    $0\n  }\n}\n"))
            .contains(&"databricks_conf".to_string())
    );
    assert!(
        labels(&with("env d {\n  plugin spark { driver_pod { $0 } }\n}\n"))
            .contains(&"pod_spec".to_string())
    );
    assert!(
        labels(&with("env d {\n  plugin ray { workers = [{ $0 }] }\n}\n"))
            .contains(&"group_name".to_string())
    );
    assert!(
        labels(&with(
            "env d {\n  plugin ray { head { requests { $0 } } }\n}\n"
        ))
        .contains(&"memory".to_string())
    );
}

#[test]
fn trigger_attributes_and_input_names() {
    let got = labels(&with(
        "template t in base {\n  trigger n {\n    $0\n  }\n}\n",
    ));
    assert!(got.contains(&"cron".to_string()) && got.contains(&"timezone".to_string()));
    insta::assert_snapshot!(list(&with("").replace(
        "fast: bool = false\n  }\n",
        "fast: bool = false\n  }\n  trigger nightly {\n    inputs { $0 }\n  }\n"
    )));
}

#[test]
fn trigger_input_values_follow_the_input_type() {
    let text = with("").replace(
        "fast: bool = false\n  }\n",
        "fast: bool = false\n  }\n  trigger nightly {\n    inputs { region = $0 }\n  }\n",
    );
    assert_eq!(labels(&text), ["trigger_time", "eu", "us"]);
}

#[test]
fn env_names_after_extends_and_in() {
    assert_eq!(labels(&with("env child extends $0")), ["base", "train"]);
    assert_eq!(labels(&with("env child extends tr$0")), ["train"]);
    assert_eq!(labels(&with("template t in $0 {}\n")), ["base", "train"]);
    // An env cannot extend itself.
    assert_eq!(labels(&with("env train2 extends $0")), ["base", "train"]);
    assert_eq!(
        labels(&WORKSPACE.replace("env train extends base {}", "env train extends $0 {}")),
        ["base"]
    );
}

#[test]
fn template_names_after_of() {
    assert_eq!(labels(&with("override o of $0")), ["fit"]);
}

#[test]
fn connecting_keywords_after_a_declaration_name() {
    assert_eq!(labels(&with("env x $0")), ["extends"]);
    assert_eq!(labels(&with("template x $0")), ["in"]);
    assert_eq!(labels(&with("override x $0")), ["of"]);
    assert_eq!(labels(&with("type X = $0")), ["enum", "record"]);
}

#[test]
fn types_in_type_positions() {
    let got = labels(&with("template t in base {\n  inputs {\n    x: $0\n"));
    assert!(
        got.contains(&"int".to_string())
            && got.contains(&"Region".to_string())
            && got.contains(&"Opt".to_string())
    );
    assert_eq!(
        labels(&with("template t in base {\n  inputs { x: Re$0 }\n}\n")),
        ["Region"]
    );
    assert!(
        labels(&with("template t in base {\n  inputs { x: list[$0"))
            .contains(&"Region".to_string())
    );
    assert!(
        labels(&with("template t in base {\n  inputs { x: dict[str, $0"))
            .contains(&"float".to_string())
    );
    assert!(
        labels(&with("template t in base {\n  inputs { x: int | $0")).contains(&"str".to_string())
    );
    assert!(
        labels(&with(
            "template t in base {\n  outputs { x: dataframe[{ c: $0"
        ))
        .contains(&"int".to_string())
    );
    assert!(labels(&with("template t in base {\n  returns $0")).contains(&"int".to_string()));
    assert!(labels(&with("template t in base {\n  returns list[$0")).contains(&"Opt".to_string()));
    assert!(labels(&with("type R = record {\n  f: $0\n}\n")).contains(&"bool".to_string()));
}

#[test]
fn enum_members_in_defaults() {
    insta::assert_snapshot!(list(&with(
        "template t in base {\n  inputs { r: Region = $0 }\n}\n"
    )));
    assert_eq!(
        labels(&with(
            "template t in base {\n  inputs { r: Region? = $0 }\n}\n"
        )),
        ["none", "eu", "us"]
    );
    assert_eq!(
        labels(&with(
            "template t in base {\n  inputs { b: bool = $0 }\n}\n"
        )),
        ["true", "false"]
    );
}

#[test]
fn value_words_of_attributes() {
    assert_eq!(
        labels(&with("env x {\n  cache = $0\n}\n")),
        ["auto", "override", "disable"]
    );
    assert_eq!(
        labels(&with(
            "env x {\n  plugin pytorch { run_policy { clean_pod_policy = $0 } }\n}\n"
        )),
        ["none", "all", "running"]
    );
    assert_eq!(
        labels(&with(
            "env x {\n  plugin pytorch { rdzv_backend = $0 }\n}\n"
        )),
        ["c10d", "etcd", "etcd-v2"]
    );
    assert_eq!(
        labels(&with(
            "template t in base {\n  cache { behavior = $0 }\n}\n"
        )),
        ["auto", "override", "disable"]
    );
    assert_eq!(
        labels(&with("env x {\n  image = $0\n}\n")),
        ["auto", "none"]
    );
    assert_eq!(
        labels(&with(
            "template t in base {\n  trigger n { schedule = $0 }\n}\n"
        )),
        ["hourly", "daily", "weekly", "monthly", "minutely"]
    );
    assert_eq!(
        labels(&with(
            "template t in base {\n  container { metadata_format = $0 }\n}\n"
        )),
        ["json", "yaml", "proto"]
    );
    assert_eq!(
        labels(&with("env x {\n  reusable { scope = $0 }\n}\n")),
        ["global", "run"]
    );
    assert_eq!(
        labels(&with("override o of fit {\n  reusable = $0\n}\n")),
        ["off"]
    );
    assert_eq!(
        labels(&with("env x {\n  interruptible = $0\n}\n")),
        ["true", "false"]
    );
}

#[test]
fn sql_dialects_and_plugins() {
    assert_eq!(
        labels(&with("template t in base {\n  sql $0\n}\n")),
        ["bigquery", "snowflake"]
    );
    assert_eq!(
        labels(&with("env x {\n  plugin $0\n}\n")),
        ["dask", "spark", "databricks", "pytorch", "ray"]
    );
}

#[test]
fn env_names_in_depends_on() {
    assert_eq!(
        labels(&with("env x {\n  depends_on = [$0]\n}\n")),
        ["base", "train"]
    );
    assert_eq!(
        labels(&with("env x {\n  depends_on = [base, $0]\n}\n")),
        ["base", "train"]
    );
}

#[test]
fn nothing_inside_strings_and_comments() {
    assert!(labels(&with("env x {\n  image = \"$0\n}\n")).is_empty());
    assert!(labels(&with("env x {\n  // $0\n}\n")).is_empty());
    assert!(labels(&with("env x {\n  /* res$0 */\n}\n")).is_empty());
    assert!(labels(&with("template t in base {\n  query = \"\"\"\n  SELECT $0")).is_empty());
}

#[test]
fn closed_strings_and_comments_do_not_confuse_the_block_stack() {
    let text = with("env x {\n  description = \"{ [ not a block\" // } ]\n  /* { */\n  $0\n}\n");
    assert!(labels(&text).contains(&"resources".to_string()));
}

#[test]
fn attributes_carry_documentation() {
    let items = complete(&with("env x {\n  reusab$0\n}\n"));
    let item = items.first().expect("reusable");
    assert_eq!(item.label, "reusable");
    assert!(
        item.documentation
            .as_deref()
            .unwrap_or("")
            .contains("reusable containers")
    );
}

#[test]
fn child_envs_are_not_offered_what_they_can_only_inherit() {
    let got = labels(&with("env x extends base {\n  $0\n}\n"));
    assert!(got.contains(&"resources".to_string()));
    for inherited in ["queue", "pod_template", "plugin"] {
        assert!(!got.contains(&inherited.to_string()), "{inherited} offered");
    }
}

const QUERY: &str = r#"env wh {}
template q in wh {
  sql bigquery { project_id = "p" }
  deploy = false
  inputs { day: str, kind: str }
  outputs { results: dataframe }
  query = """
    SELECT * FROM t WHERE day = QUERY_CURSOR
  """
  cache { ignored_inputs = ["IGNORED_CURSOR"] }
}
"#;

#[test]
fn input_names_in_sql_placeholders_and_ignored_inputs() {
    let at = |a: &str, b: &str| {
        QUERY
            .replace("QUERY_CURSOR", a)
            .replace("IGNORED_CURSOR", b)
    };
    assert_eq!(labels(&at("@$0", "")), ["day", "kind"]);
    assert_eq!(labels(&at("@k$0", "")), ["kind"]);
    let snowflake = complete(&at("%($0", ""));
    let inserted: Vec<_> = snowflake
        .iter()
        .map(|i| i.insert_text.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(inserted, ["day)s", "kind)s"]);
    assert_eq!(labels(&at("day", "$0")), ["day", "kind"]);
    // Elsewhere in the query: plain SQL, nothing to offer.
    assert!(labels(&at("d$0", "")).is_empty());
}

#[test]
fn input_names_in_container_arguments() {
    let text = r#"env tools { image = "x" }
template c in tools {
  inputs { src: file, percent: int }
  container { command = ["magick", "{{.inputs.$0}}"] }
}
"#;
    assert_eq!(labels(text), ["src", "percent"]);
}

#[test]
fn nothing_in_taskc_toml() {
    let f = fixture("//- taskc.toml\n[flyte]\n$0\n//- a.task\nenv a {}\n");
    assert!(
        f.analysis.completions(f.file, f.offset).is_empty() || f.analysis.config().source.is_none()
    );
}

#[test]
fn attributes_already_written_in_the_block_are_not_offered_again() {
    let got = labels(&with("env x {\n  cache = auto\n  $0\n  image = auto\n}\n"));
    assert!(
        !got.contains(&"cache".to_string()) && !got.contains(&"image".to_string()),
        "{got:?}"
    );
    assert!(got.contains(&"resources".to_string()));
    let nested = labels(&with("env x {\n  resources { cpu = 1, $0 }\n}\n"));
    assert_eq!(nested, ["memory", "gpu", "disk", "shm"]);
    // Triggers repeat.
    let triggers = labels(&with("template t in base {\n  trigger a {}\n  $0\n}\n"));
    assert!(triggers.contains(&"trigger".to_string()));
}

#[test]
fn bound_trigger_inputs_are_not_offered_again() {
    let text = with("").replace(
        "fast: bool = false\n  }\n",
        "fast: bool = false\n  }\n  trigger nightly {\n    inputs { at = trigger_time, $0 }\n  }\n",
    );
    assert_eq!(labels(&text), ["region", "fast"]);
}

#[test]
fn a_half_typed_attribute_still_sees_the_rest_of_its_block() {
    // `ima` alone does not parse; the block's other entries are still known.
    assert!(labels(&with("env x {\n  image = auto\n  ima$0\n}\n")).is_empty());
    assert_eq!(
        labels(&with("env x {\n  cache = auto\n  c$0\n  image = auto\n}\n")),
        ["resources", "secrets", "service_account", "description"]
    );
}

#[test]
fn notification_channels_and_their_fields() {
    let trigger = |body: &str| with(&format!("template t in base {{\n  trigger tr {{\n{body}"));
    assert_eq!(
        labels(&trigger("    notify $0\n")),
        ["email", "slack", "teams", "webhook", "delivery"]
    );
    assert_eq!(
        labels(&trigger("    notify webhook {\n      $0\n")),
        ["on_phase", "url", "method", "headers", "body"]
    );
    let email = list(&trigger("    notify email {\n      $0\n"));
    assert!(
        email.contains("recipients (Attribute)  [\"address\", …]"),
        "{email}"
    );
    assert!(labels(&trigger("    $0\n")).contains(&"notify".to_string()));
}

#[test]
fn enum_members_show_their_python_values() {
    let got = list(&with(
        "type Color = enum { RED = \"r\", BLUE }\ntemplate paint in base {\n  inputs { c: Color = $0 }\n}\n",
    ));
    assert!(got.contains("RED (EnumMember)  Color.RED = \"r\""), "{got}");
    assert!(
        got.contains("BLUE (EnumMember)  Color.BLUE\n") || got.ends_with("Color.BLUE"),
        "{got}"
    );
}

#[test]
fn record_flavors_after_record() {
    assert_eq!(
        labels(&with("type Pair = record $0")),
        ["pydantic", "namedtuple"]
    );
}
