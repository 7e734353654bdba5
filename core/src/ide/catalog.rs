//! What each kind of block accepts, with the words editors show for it.
//!
//! Which attributes are *valid* comes from the tables the semantic pass
//! checks against (the attribute schema for envs, templates and overrides,
//! `semantic::attrs` and `semantic::triggers` for nested blocks), so
//! completion never offers something `taskc check` rejects. The words of
//! declaration attributes are the schema's; this module adds the form and
//! one line of documentation of nested blocks' entries (docs/language.md is
//! the source of these words).

use super::catalog_plugins::{self, PluginBlock};
use crate::semantic::attrs;
use crate::semantic::schema::{self, Places};
use crate::semantic::triggers::{self, TRIGGER_ATTRIBUTES};

/// The kind of block a position is in. Nested blocks are found by the key
/// (or labeled-block kind) that opens them, from the declaration down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// Outside every declaration.
    TopLevel,
    Env,
    Template,
    Override,
    Enum,
    Record,
    Image,
    Resources,
    Gpu,
    Secret,
    Cache,
    Retries,
    Backoff,
    Timeout,
    Reusable,
    PodTemplate,
    Link,
    Container,
    BigQuery,
    Snowflake,
    /// `plugin <name> { … }` and the blocks inside it.
    Plugin(PluginBlock),
    Trigger,
    /// `notify <channel> { … }` in a trigger.
    Notify(&'static triggers::Channel),
    /// `inputs { … }` of a trigger: keys are the template's inputs.
    TriggerInputs,
    /// `inputs { name: Type … }` / `outputs { … }` of a template.
    Inputs,
    Outputs,
    /// A map with free keys (`env_vars`, `labels`, `pod_spec`, …).
    FreeMap,
    /// A list value (`secrets = [ … ]`): the element kind is `of`.
    List(Box<BlockKind>),
    /// Something taskc does not know; nothing is offered.
    Unknown,
}

impl BlockKind {
    /// The name used in messages and hovers (`resources`, `trigger`).
    pub(crate) fn title(&self) -> &'static str {
        match self {
            BlockKind::TopLevel => "file",
            BlockKind::Env => "env",
            BlockKind::Template => "template",
            BlockKind::Override => "override",
            BlockKind::Enum => "enum",
            BlockKind::Record => "record",
            BlockKind::Image => "image",
            BlockKind::Resources => "resources",
            BlockKind::Gpu => "gpu",
            BlockKind::Secret => "secrets",
            BlockKind::Cache => "cache",
            BlockKind::Retries => "retries",
            BlockKind::Backoff => "backoff",
            BlockKind::Timeout => "timeout",
            BlockKind::Reusable => "reusable",
            BlockKind::PodTemplate => "pod_template",
            BlockKind::Link => "links",
            BlockKind::Container => "container",
            BlockKind::BigQuery => "sql bigquery",
            BlockKind::Snowflake => "sql snowflake",
            BlockKind::Plugin(p) => p.title(),
            BlockKind::Trigger => "trigger",
            BlockKind::Notify(_) => "notify",
            BlockKind::TriggerInputs => "trigger inputs",
            BlockKind::Inputs => "inputs",
            BlockKind::Outputs => "outputs",
            BlockKind::FreeMap => "map",
            BlockKind::List(_) => "list",
            BlockKind::Unknown => "block",
        }
    }

    /// Where in the attribute schema a declaration block's attributes are
    /// (`None` for nested blocks, which the catalog describes itself).
    fn place(&self) -> Option<Places> {
        match self {
            BlockKind::Env => Some(Places::ENV),
            BlockKind::Template => Some(Places::TEMPLATE),
            BlockKind::Override => Some(Places::OVERRIDE),
            _ => None,
        }
    }

    /// The attributes this block accepts: for declarations the schema's
    /// order, for nested blocks the order the language documents them in.
    pub(crate) fn attributes(&self) -> &'static [&'static str] {
        match self {
            BlockKind::Env => schema::env_attributes(),
            BlockKind::Template => schema::template_attributes(),
            BlockKind::Override => schema::override_attributes(),
            BlockKind::Image => attrs::IMAGE_ATTRS,
            BlockKind::Resources => attrs::RESOURCES_ATTRS,
            BlockKind::Gpu => attrs::GPU_ATTRS,
            BlockKind::Secret => attrs::SECRET_ATTRS,
            BlockKind::Cache => attrs::CACHE_ATTRS,
            BlockKind::Retries => attrs::RETRIES_ATTRS,
            BlockKind::Backoff => attrs::BACKOFF_ATTRS,
            BlockKind::Timeout => attrs::TIMEOUT_ATTRS,
            BlockKind::Reusable => attrs::REUSABLE_ATTRS,
            BlockKind::PodTemplate => attrs::POD_TEMPLATE_ATTRS,
            BlockKind::Link => attrs::LINK_ATTRS,
            BlockKind::Container => attrs::CONTAINER_ATTRS,
            BlockKind::BigQuery => attrs::BIGQUERY_ATTRS,
            BlockKind::Snowflake => attrs::SNOWFLAKE_ATTRS,
            BlockKind::Plugin(p) => p.attributes(),
            BlockKind::Trigger => TRIGGER_ATTRIBUTES,
            BlockKind::Notify(channel) => channel.fields,
            _ => &[],
        }
    }

    /// The block opened by `key { … }` / `key = { … }` / `key = [ … ]`
    /// inside this one.
    pub(crate) fn child(&self, key: &str) -> BlockKind {
        use BlockKind as B;
        match (self, key) {
            (B::Env, "image") => B::Image,
            (B::Env | B::Override, "resources") => B::Resources,
            (B::Env | B::Override, "secrets") => B::List(Box::new(B::Secret)),
            (B::Env, "depends_on") => B::List(Box::new(B::Unknown)),
            (B::Cache, "ignored_inputs") | (B::Container, "command" | "args") => {
                B::List(Box::new(B::Unknown))
            }
            (B::Env | B::Template | B::Override, "cache") => B::Cache,
            (B::Env | B::Override, "reusable") => B::Reusable,
            (B::Env | B::Template | B::Override, "pod_template") => B::PodTemplate,
            (B::Template | B::Override, "retries") => B::Retries,
            (B::Template | B::Override, "timeout") => B::Timeout,
            (B::Template | B::Override, "links") => B::List(Box::new(B::Link)),
            (B::Template, "container") => B::Container,
            (B::Template, "inputs") => B::Inputs,
            (B::Template, "outputs") => B::Outputs,
            (B::Resources, "gpu") => B::Gpu,
            (B::Retries, "backoff") => B::Backoff,
            (B::Plugin(p), _) => p.child(key),
            (B::Trigger, "inputs") => B::TriggerInputs,
            (B::Env | B::Override | B::Trigger, "env_vars")
            | (B::Trigger | B::PodTemplate, "labels" | "annotations")
            | (B::Trigger, "context")
            | (B::PodTemplate, "pod_spec")
            | (B::BigQuery, "query_job_config")
            | (B::Snowflake, "connection_kwargs") => B::FreeMap,
            (B::FreeMap, _) => B::FreeMap,
            (B::List(of), _) => (**of).clone(),
            _ => B::Unknown,
        }
    }

    /// The block opened by `kind label { … }` inside this one.
    pub(crate) fn labeled_child(&self, kind: &str, label: &str) -> BlockKind {
        match (self, kind, label) {
            (BlockKind::Template, "trigger", _) => BlockKind::Trigger,
            (BlockKind::Template, "sql", "bigquery") => BlockKind::BigQuery,
            (BlockKind::Template, "sql", "snowflake") => BlockKind::Snowflake,
            (BlockKind::Env, "plugin", label) => {
                catalog_plugins::plugin_block(label).map_or(BlockKind::Unknown, BlockKind::Plugin)
            }
            (BlockKind::Trigger, "notify", channel) => {
                triggers::channel(channel).map_or(BlockKind::Unknown, BlockKind::Notify)
            }
            _ => BlockKind::Unknown,
        }
    }

    /// The labeled-block kinds (`trigger`, `sql`, `plugin`) written
    /// `kind label { … }` in this block.
    pub(crate) fn labeled_kinds(&self) -> &'static [&'static str] {
        match self {
            BlockKind::Env => &["plugin"],
            BlockKind::Template => &["trigger", "sql"],
            BlockKind::Trigger => &["notify"],
            _ => &[],
        }
    }
}

/// The labels a labeled block kind accepts (`sql bigquery`), if fixed.
pub(crate) fn labels_of(kind: &str) -> Vec<(&'static str, &'static str)> {
    let fixed: &[(&str, &str)] = match kind {
        "notify" => return triggers::CHANNELS.iter().map(|c| (c.word, c.doc)).collect(),
        "sql" => &[
            ("bigquery", "BigQuery query task; placeholders are `@name`"),
            (
                "snowflake",
                "Snowflake query task; placeholders are `%(name)s`",
            ),
        ],
        "plugin" => catalog_plugins::PLUGIN_LABELS,
        _ => &[],
    };
    fixed.to_vec()
}

/// How one attribute is written and what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AttrDoc {
    /// The value's form, e.g. `int | [request, limit]`.
    pub form: &'static str,
    pub doc: &'static str,
}

const fn d(form: &'static str, doc: &'static str) -> AttrDoc {
    AttrDoc { form, doc }
}

/// The documentation of attribute `name` in `block`.
pub(crate) fn attr_doc(block: &BlockKind, name: &str) -> Option<AttrDoc> {
    use BlockKind as B;
    if let Some(place) = block.place() {
        return schema::attribute(name)
            .filter(|row| row.places.any(place))
            .map(|row| d(row.form, row.doc));
    }
    if let B::Notify(channel) = block {
        let at = channel.fields.iter().position(|f| *f == name)?;
        let (form, doc) = channel.field_docs.get(at)?;
        return Some(d(form, doc));
    }
    if let B::Plugin(p) = block {
        if name == "resources" {
            return schema::attribute(name).map(|row| d(row.form, row.doc));
        }
        return p.attr_doc(name);
    }
    let doc = match (block, name) {
        (B::Image, "base") => d(
            "\"image:tag\"",
            "`Image.from_base(base)`; excludes `python`.",
        ),
        (B::Image, "python") => d(
            "\"3.x\"",
            "`Image.from_debian_base(python_version=…)`; excludes `base`.",
        ),
        (B::Image, "flyte_version") => d(
            "\"2.12.1\"",
            "`from_debian_base(flyte_version=…)`; default: taskc.toml `sdk_version`.",
        ),
        (B::Image, "install_flyte") => d(
            "false",
            "`from_debian_base(install_flyte=False)`: plain Python base, built before deploy.",
        ),
        (B::Image, "platform") => d(
            "[\"linux/amd64\", \"linux/arm64\"]",
            "Architectures a built image is built for (not part of the tag).",
        ),
        (B::Image, "registry") => d(
            "\"registry/path\"",
            "Registry the built image is pushed to.",
        ),
        (B::Image, "name") => d(
            "\"name\"",
            "Name of a built image (default `flyte`); the tag is the SDK's hash of the recipe.",
        ),
        (B::Image, "pip_packages") => d("[\"pkg==1.0\", …]", "Layer: `with_pip_packages(…)`."),
        (B::Image, "apt_packages") => d("[\"pkg\", …]", "Layer: `with_apt_packages(…)`."),
        (B::Image, "commands") => d("[\"cmd\", …]", "Layer: `with_commands([…])`."),
        (B::Image, "env_vars") => d("{ KEY = \"v\" }", "Layer: `with_env_vars({…})`."),
        (B::Image, "workdir") => d("\"/app\"", "Layer: `with_workdir(…)`."),
        (B::Image, "requirements") => d(
            "\"requirements.txt\"",
            "Layer: `with_requirements(…)`; path from the workspace root, content in the tag.",
        ),
        (B::Image, "uv_project") => d(
            "\"pyproject.toml\"",
            "Layer: `with_uv_project(…)` (with the `uv.lock` beside it).",
        ),
        (B::Image, "poetry_project") => d(
            "\"pyproject.toml\"",
            "Layer: `with_poetry_project(…)` (with the `poetry.lock` beside it).",
        ),
        (B::Image, "uv_script") => d(
            "\"job.py\"",
            "`Image.from_uv_script(…)`: the script's PEP 723 header; needs `name`.",
        ),
        (B::Image, "source_files") => d(
            "[\"path\", …]",
            "Layers: `with_source_file(…)`, each file into the working directory.",
        ),
        (B::Image, "source_folder") => d(
            "\"src\"",
            "Layer: `with_source_folder(…)`, minus what `.dockerignore` ignores.",
        ),
        (B::Image, "dockerfile") => d(
            "\"Dockerfile\"",
            "`Image.from_dockerfile(…)`: the whole image; needs `registry` and `name`.",
        ),
        (B::Image, "pip_index_url") => d("\"https://…\"", "`index_url` of the pip layer."),
        (B::Image, "pip_extra_index_urls") => {
            d("[\"https://…\", …]", "`extra_index_urls` of the pip layer.")
        }
        (B::Image, "pip_pre") => d("true", "`pre=True`: allow pre-releases in the pip layer."),
        (B::Image, "pip_extra_args") => d("\"--no-deps\"", "`extra_args` of the pip layer."),
        (B::Resources, "cpu") => d(
            "number | \"500m\" | [request, limit]",
            "CPU request (and limit).",
        ),
        (B::Resources, "memory") => d(
            "\"4Gi\" | [request, limit]",
            "Memory request (and limit), as a Kubernetes quantity string.",
        ),
        (B::Resources, "gpu") => d(
            "int | \"A100:2\" | gpu { device, count, partition, class }",
            "GPU count, or an accelerator from the SDK's list.",
        ),
        (B::Resources, "disk") => d("\"50Gi\"", "Ephemeral storage request."),
        (B::Resources, "shm") => d(
            "\"1Gi\" | auto",
            "Size of `/dev/shm`; `auto` leaves it to the node.",
        ),
        (B::Gpu, "device") => d("\"A100\"", "Accelerator device, as the SDK names it."),
        (B::Gpu, "count") => d("int", "Number of devices; default 1."),
        (B::Gpu, "partition") => d("\"1g.5gb\"", "MIG partition or TPU topology of the device."),
        (B::Gpu, "class") => d(
            "gpu | tpu | neuron | amd | gaudi",
            "Device class; inferred for known devices.",
        ),
        (B::Secret, "key") => d("\"key\"", "The secret's key."),
        (B::Secret, "group") => d("\"group\"", "The secret's group."),
        (B::Secret, "env_var") => d(
            "\"NAME\"",
            "Env var the secret is exposed as (default `GROUP_KEY`).",
        ),
        (B::Secret, "mount") => d(
            "\"/etc/flyte/secrets\"",
            "Mount the secret as a file instead of an env var.",
        ),
        (B::Cache, "behavior") => d("auto | override | disable", "The caching behavior."),
        (B::Cache, "version") => d("\"v7\"", "Pins the cache version (`discovery_version`)."),
        (B::Cache, "serialize") => d("bool", "Run identical calls one at a time."),
        (B::Cache, "ignored_inputs") => d(
            "[\"input\", …]",
            "Inputs left out of the cache key; each must name an input.",
        ),
        (B::Cache, "salt") => d("\"text\"", "Extra text mixed into the cache key."),
        (B::Cache, "max_age") => d("duration", "How long a cached result stays valid."),
        (B::Retries, "count") => d("int", "Number of retries (≥ 0)."),
        (B::Retries, "backoff") => d("backoff { base, factor, cap }", "Delay between retries."),
        (B::Backoff, "base") => d("duration", "First delay."),
        (B::Backoff, "factor") => d(
            "float",
            "Growth factor of the delay; default 1.0, must be ≥ 1.",
        ),
        (B::Backoff, "cap") => d("duration", "Longest delay; required when `factor > 1`."),
        (B::Timeout, "max_runtime") => d("duration", "Longest run time (`metadata.timeout`)."),
        (B::Timeout, "max_queued_time") => d("duration", "Longest time waiting in the queue."),
        (B::Timeout, "deadline") => d("duration", "Overall deadline of a run."),
        (B::Reusable, "replicas") => d("int | [min, max]", "Number of containers (required)."),
        (B::Reusable, "idle_ttl") => d(
            "duration",
            "How long an idle container is kept; default 30s, at least 30s.",
        ),
        (B::Reusable, "concurrency") => d(
            "int",
            "Calls one container runs at a time; default 1. Over 1 needs `async = true` templates.",
        ),
        (B::Reusable, "scaledown_ttl") => d(
            "duration",
            "Delay before scaling down; default 30s, at least 30s.",
        ),
        (B::Reusable, "scope") => d(
            "global | run",
            "Share containers across runs (`global`, the default) or within one run.",
        ),
        (B::PodTemplate, "labels") => d("labels { key = \"value\" }", "Pod labels."),
        (B::PodTemplate, "annotations") => d("annotations { key = \"value\" }", "Pod annotations."),
        (B::PodTemplate, "primary_container_name") => d(
            "\"primary\"",
            "Name of the container the task runs in; default `\"primary\"`.",
        ),
        (B::PodTemplate, "pod_spec") => d(
            "pod_spec { … }",
            "A Kubernetes PodSpec in its JSON shape (camelCase keys).",
        ),
        (B::PodTemplate, "allow_fuse") => d(
            "true | privileged",
            "FUSE mounts: the FUSE device plugin, or a privileged /dev/fuse hostPath.",
        ),
        (B::PodTemplate, "allow_nested_sandboxing") => d(
            "bool",
            "CAP_SYS_ADMIN and AppArmor unconfined for nested sandboxes (bwrap).",
        ),
        (B::PodTemplate, "termination_grace_period") => d(
            "10m | seconds",
            "Time between SIGTERM and SIGKILL when the pod is deleted.",
        ),
        (B::Link, "name") => d("\"name\"", "Name shown for the link."),
        (B::Link, "uri") => d("\"https://…\"", "Target of the link, with placeholders."),
        (B::Link, "icon_uri") => d("\"https://…\"", "Icon of the link."),
        (B::Container, "command") => d("[\"cmd\", …]", "The command the container runs."),
        (B::Container, "args") => d("[\"arg\", …]", "Arguments appended to `command`."),
        (B::Container, "input_data_dir") => d(
            "\"/var/inputs\"",
            "Where inputs are written; default `/var/inputs`.",
        ),
        (B::Container, "output_data_dir") => d(
            "\"/var/outputs\"",
            "Where outputs are read from; default `/var/outputs`.",
        ),
        (B::Container, "metadata_format") => {
            d("json | yaml | proto", "Format of the input metadata file.")
        }
        (B::Container, "file_input_layout") => d(
            "direct | named_dir",
            "How file inputs are laid out in `input_data_dir`.",
        ),
        (B::BigQuery, "project_id") => d("\"project\"", "GCP project of the query (required)."),
        (B::BigQuery, "location") => d("\"US\"", "BigQuery location."),
        (B::BigQuery, "credentials_secret") => d(
            "\"secret\"",
            "Secret holding the Google application credentials.",
        ),
        (B::BigQuery, "query_job_config") => d(
            "query_job_config { … }",
            "`JobConfigurationQuery` fields (camelCase), merged into `custom`.",
        ),
        (B::Snowflake, "account") => d("\"account\"", "Snowflake account (required)."),
        (B::Snowflake, "database") => d("\"database\"", "Database (required)."),
        (B::Snowflake, "schema") => d("\"schema\"", "Schema (required)."),
        (B::Snowflake, "warehouse") => d("\"warehouse\"", "Warehouse (required)."),
        (B::Snowflake, "user") => d("\"user\"", "User (required)."),
        (B::Snowflake, "batch") => d(
            "bool",
            "List inputs expand to one `VALUES (…)` clause each.",
        ),
        (B::Snowflake, "connection_kwargs") => d(
            "connection_kwargs { … }",
            "Extra connection arguments, verbatim.",
        ),
        (B::Snowflake, "secret_group") => d("\"group\"", "Prefix of the secret env var names."),
        (B::Snowflake, "private_key_secret") => d("\"key\"", "Secret holding the private key."),
        (B::Snowflake, "private_key_passphrase_secret") => {
            d("\"key\"", "Secret holding the private key's passphrase.")
        }
        (B::Trigger, "cron") => d(
            "\"0 2 * * *\"",
            "Cron schedule (5 fields or a `@hourly`-style macro); validated.",
        ),
        (B::Trigger, "timezone") => d(
            "\"Europe/Berlin\"",
            "IANA time zone of `cron`/`schedule`; default UTC.",
        ),
        (B::Trigger, "rate") => d("duration", "Fixed rate in whole minutes (≥ 1 minute)."),
        (B::Trigger, "start_time") => d(
            "\"2025-01-01T00:00:00Z\"",
            "First run of a `rate` trigger (RFC 3339).",
        ),
        (B::Trigger, "schedule") => d(
            "hourly | daily | weekly | monthly | minutely",
            "A preset cron schedule.",
        ),
        (B::Trigger, "description") => d("\"text\"", "Description of the trigger."),
        (B::Trigger, "active") => d("bool", "Activate on deploy (default true)."),
        (B::Trigger, "inputs") => d(
            "inputs { name = value, … }",
            "Values of the task's inputs; `trigger_time` binds the kickoff time.",
        ),
        (B::Trigger, "env_vars") => d(
            "env_vars { KEY = \"value\" }",
            "Env vars of the triggered runs.",
        ),
        (B::Trigger, "interruptible") => d("bool", "Triggered runs may be interrupted."),
        (B::Trigger, "overwrite_cache") => d("bool", "Triggered runs overwrite cached results."),
        (B::Trigger, "queue") => d("\"name\"", "Queue of the triggered runs."),
        (B::Trigger, "max_action_concurrency") => {
            d("int", "0 (platform default) or ≥ 2 concurrent actions.")
        }
        (B::Trigger, "labels") => d(
            "labels { key = \"value\" }",
            "Labels of the triggered runs.",
        ),
        (B::Trigger, "annotations") => d(
            "annotations { key = \"value\" }",
            "Annotations of the triggered runs.",
        ),
        (B::Trigger, "context") => d(
            "context { key = \"value\" }",
            "Custom context of the runs; keys starting `_u_` are reserved.",
        ),
        (B::Trigger, "notify") => d(
            "notify <channel> { on_phase = …, … }",
            "A notification of the triggered runs: email, slack, teams, webhook or delivery.",
        ),
        (B::Trigger, "notification_rule") => d(
            "\"name\"",
            "A notification rule set up on the platform (instead of `notify` blocks).",
        ),
        _ => return None,
    };
    Some(doc)
}

/// The bare words (`auto`, `hourly`, …) a value of `key` in `block` may be.
pub(crate) fn value_words(block: &BlockKind, key: &str) -> &'static [(&'static str, &'static str)] {
    use BlockKind as B;
    const BOOL: &[(&str, &str)] = &[("true", ""), ("false", "")];
    const CACHE: &[(&str, &str)] = &[
        ("auto", "cache, versioned by the task's code"),
        (
            "override",
            "always recompute and overwrite the cached result",
        ),
        ("disable", "no caching"),
    ];
    match (block, key) {
        (B::Plugin(p), _) => p.value_words(key),
        (B::Env | B::Template | B::Override, "cache") | (B::Cache, "behavior") => CACHE,
        (B::Env, "image") => &[
            (
                "auto",
                "the default Flyte image for taskc.toml's python and sdk_version",
            ),
            (
                "none",
                "no image; only with a pod template that supplies one",
            ),
        ],
        (B::Override, "reusable") => &[("off", "remove the reuse policy")],
        (B::Resources, "shm") => &[("auto", "no size limit")],
        (B::Gpu, "class") => &[
            ("gpu", "NVIDIA GPU"),
            ("tpu", "Google TPU"),
            ("neuron", "AWS Neuron"),
            ("amd", "AMD GPU"),
            ("gaudi", "Habana Gaudi"),
        ],
        (B::Reusable, "scope") => &[
            ("global", "share containers across runs"),
            ("run", "containers live within one run"),
        ],
        (B::Trigger, "schedule") => &[
            ("hourly", "\"0 * * * *\""),
            ("daily", "\"0 0 * * *\""),
            ("weekly", "\"0 0 * * 0\""),
            ("monthly", "\"0 0 1 * *\""),
            ("minutely", "\"* * * * *\""),
        ],
        (B::Container, "metadata_format") => &[("json", ""), ("yaml", ""), ("proto", "")],
        (B::Container, "file_input_layout") => &[("direct", ""), ("named_dir", "")],
        (
            B::Env | B::Template | B::Override,
            "interruptible" | "async" | "report" | "entrypoint" | "deploy" | "debuggable"
            | "produces_artifacts",
        )
        | (B::Trigger, "active" | "interruptible" | "overwrite_cache")
        | (B::Cache, "serialize")
        | (B::Snowflake, "batch") => BOOL,
        _ => &[],
    }
}

/// One line about a built-in type, for hover and completion.
pub(crate) fn builtin_type_doc(name: &str) -> Option<&'static str> {
    Some(match name {
        "int" => "A 64-bit integer (`INTEGER`).",
        "float" => "A float (`FLOAT`).",
        "str" => "A string (`STRING`).",
        "bool" => "A boolean (`BOOLEAN`).",
        "datetime" => "A `datetime.datetime` (`DATETIME`); defaults are RFC 3339 strings.",
        "date" => "A `datetime.date` (`DATETIME`); defaults are `\"2024-01-02\"`.",
        "duration" => "A `datetime.timedelta` (`DURATION`); defaults are duration literals.",
        "file" => "A `flyte.io.File` (a single blob).",
        "dir" => "A `flyte.io.Dir` (a multipart blob).",
        "dataframe" => {
            "A `flyte.io.DataFrame`; `dataframe[{col: T, …}, \"parquet\"]` gives columns and format, \
             `dataframe[pandas]` / `dataframe[pyarrow]` a `pandas.DataFrame` / `pyarrow.Table`."
        }
        "bytes" => "Raw bytes.",
        "list" => "`list[T]`: a collection.",
        "dict" => "`dict[str, T]` (a map) or `dict[K, V]` (msgpack struct).",
        "tuple" => "`tuple[A, B]`: a fixed-size tuple.",
        "struct" => "An untyped object (Python's bare `dict`, msgpack `STRUCT`).",
        "any" => "`typing.Any` (pickled).",
        "pickle" => {
            "`flyte.types.FlytePickle` (pickled); `pickle[\"pkg.module.Class\"]` is a class no \
             transformer handles, named by its defining module."
        }
        "untyped" => "A parameter without an annotation (pickled); inputs only.",
        "literal" => {
            "`literal[\"a\", \"b\"]`: `typing.Literal` of strings (an enum as a whole input or \
             output, inline in a record's schema)."
        }
        "none" => "`None`; only inside a union (`int | none`).",
        _ => return None,
    })
}

/// Words with a meaning to the language that are never a declaration's name.
pub(crate) const KEYWORDS: &[&str] = &[
    "env", "template", "override", "type", "extends", "in", "of", "enum", "record", "returns",
    "true", "false", "none", "auto",
];

/// True when `name` is a valid `.task` identifier.
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut parts = name.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    let mut chars = first.chars();
    let starts_well = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_');
    starts_well
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// True when `name` is a Python identifier (inputs, outputs, fields).
pub(crate) fn is_python_identifier(name: &str) -> bool {
    !name.contains('-') && is_identifier(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every attribute the semantic pass accepts is documented here, so a
    /// new attribute cannot reach completion without its words.
    #[test]
    fn every_accepted_attribute_has_documentation() {
        let blocks = [
            BlockKind::Env,
            BlockKind::Template,
            BlockKind::Override,
            BlockKind::Image,
            BlockKind::Resources,
            BlockKind::Gpu,
            BlockKind::Secret,
            BlockKind::Cache,
            BlockKind::Retries,
            BlockKind::Backoff,
            BlockKind::Timeout,
            BlockKind::Reusable,
            BlockKind::PodTemplate,
            BlockKind::Link,
            BlockKind::Container,
            BlockKind::BigQuery,
            BlockKind::Snowflake,
            BlockKind::Trigger,
        ];
        let notify = triggers::CHANNELS.iter().map(BlockKind::Notify);
        let plugins = PluginBlock::ALL.iter().map(|p| BlockKind::Plugin(*p));
        let blocks: Vec<BlockKind> = blocks.into_iter().chain(notify).chain(plugins).collect();
        let mut missing = Vec::new();
        for block in &blocks {
            for name in block.attributes() {
                if attr_doc(block, name).is_none() {
                    missing.push(format!("{}.{name}", block.title()));
                }
            }
        }
        assert!(missing.is_empty(), "undocumented: {missing:?}");
    }

    #[test]
    fn every_builtin_type_has_documentation() {
        for name in crate::semantic::types::BUILTIN_TYPES {
            assert!(builtin_type_doc(name).is_some(), "{name}");
        }
    }

    #[test]
    fn identifiers_follow_the_grammar() {
        assert!(is_identifier("gpu-train"));
        assert!(is_identifier("_x1"));
        assert!(!is_identifier("1x"));
        assert!(!is_identifier("a-"));
        assert!(!is_identifier("a--b"));
        assert!(!is_identifier(""));
        assert!(!is_python_identifier("a-b"));
    }
}
