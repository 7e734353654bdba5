//! Which attributes each nested block (`resources { … }`, `cache { … }`,
//! …) accepts, and the generic check of a block's entries: unknown keys
//! (with did-you-mean), keys set twice, and entries of the wrong form. The
//! attributes of envs, templates and overrides are the attribute schema's.

use super::cx::Cx;
use super::suggest_name;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::syntax::ast::{AssignOp, Attribute, Body, Entry};

pub(crate) const UNKNOWN_ATTR: Code = Code::E0301;
pub(crate) const DUPLICATE_KEY: Code = Code::E0303;
pub(crate) const MISPLACED_ATTR: Code = Code::E0304;
pub(crate) const BAD_MERGE: Code = Code::E0316;
pub(crate) const UNEXPECTED_ENTRY: Code = Code::E0317;

pub(crate) const IMAGE_ATTRS: &[&str] = &[
    "base",
    "python",
    "registry",
    "name",
    "flyte_version",
    "install_flyte",
    "platform",
    "pip_packages",
    "apt_packages",
    "commands",
    "env_vars",
    "workdir",
    "uv_script",
    "requirements",
    "uv_project",
    "poetry_project",
    "source_files",
    "source_folder",
    "dockerfile",
    "pip_index_url",
    "pip_extra_index_urls",
    "pip_pre",
    "pip_extra_args",
];

pub(crate) const RESOURCES_ATTRS: &[&str] = &["cpu", "memory", "gpu", "disk", "shm"];
pub(crate) const GPU_ATTRS: &[&str] = &["device", "count", "partition", "class"];
pub(crate) const SECRET_ATTRS: &[&str] = &["key", "group", "env_var", "mount"];
pub(crate) const CACHE_ATTRS: &[&str] = &[
    "behavior",
    "version",
    "serialize",
    "ignored_inputs",
    "salt",
    "max_age",
];
pub(crate) const RETRIES_ATTRS: &[&str] = &["count", "backoff"];
pub(crate) const BACKOFF_ATTRS: &[&str] = &["base", "factor", "cap"];
pub(crate) const TIMEOUT_ATTRS: &[&str] = &["max_runtime", "max_queued_time", "deadline"];
pub(crate) const REUSABLE_ATTRS: &[&str] = &[
    "replicas",
    "idle_ttl",
    "concurrency",
    "scaledown_ttl",
    "scope",
];
pub(crate) const POD_TEMPLATE_ATTRS: &[&str] = &[
    "labels",
    "annotations",
    "primary_container_name",
    "pod_spec",
    "allow_fuse",
    "allow_nested_sandboxing",
    "termination_grace_period",
];
pub(crate) const LINK_ATTRS: &[&str] = &["name", "uri", "icon_uri"];
pub(crate) const CONTAINER_ATTRS: &[&str] = &[
    "command",
    "args",
    "input_data_dir",
    "output_data_dir",
    "metadata_format",
    "file_input_layout",
];
pub(crate) const BIGQUERY_ATTRS: &[&str] = &[
    "project_id",
    "location",
    "credentials_secret",
    "query_job_config",
];
pub(crate) const SNOWFLAKE_ATTRS: &[&str] = &[
    "account",
    "database",
    "schema",
    "warehouse",
    "user",
    "batch",
    "connection_kwargs",
    "secret_group",
    "private_key_secret",
    "private_key_passphrase_secret",
];
pub(crate) const DASK_ATTRS: &[&str] = &["scheduler", "workers"];
pub(crate) const DASK_SCHEDULER_ATTRS: &[&str] = &["image", "resources"];
pub(crate) const DASK_WORKERS_ATTRS: &[&str] = &["number_of_workers", "image", "resources"];
pub(crate) const SPARK_ATTRS: &[&str] = &[
    "spark_conf",
    "hadoop_conf",
    "executor_path",
    "applications_path",
    "driver_pod",
    "executor_pod",
];
pub(crate) const DATABRICKS_ATTRS: &[&str] = &[
    "spark_conf",
    "hadoop_conf",
    "executor_path",
    "applications_path",
    "driver_pod",
    "executor_pod",
    "databricks_conf",
    "databricks_instance",
    "databricks_token",
];
pub(crate) const PYTORCH_ATTRS: &[&str] = &[
    "nnodes",
    "nproc_per_node",
    "rdzv_backend",
    "max_restarts",
    "monitor_interval",
    "rdzv_configs",
    "nccl_heartbeat_timeout_sec",
    "nccl_async_error_handling",
    "nccl_collective_timeout_sec",
    "nccl_enable_monitoring",
    "run_policy",
];
pub(crate) const RAY_ATTRS: &[&str] = &[
    "head",
    "workers",
    "enable_autoscaling",
    "autoscaler",
    "runtime_env",
    "address",
    "shutdown_after_job_finishes",
    "ttl_seconds_after_finished",
];
pub(crate) const RAY_HEAD_ATTRS: &[&str] =
    &["ray_start_params", "requests", "limits", "pod_template"];
pub(crate) const RAY_WORKER_ATTRS: &[&str] = &[
    "group_name",
    "replicas",
    "min_replicas",
    "max_replicas",
    "ray_start_params",
    "requests",
    "limits",
    "pod_template",
];
pub(crate) const RAY_AUTOSCALER_ATTRS: &[&str] = &[
    "upscaling_mode",
    "idle_timeout_seconds",
    "image",
    "env_vars",
    "resources",
];
pub(crate) const RUN_POLICY_ATTRS: &[&str] = &[
    "clean_pod_policy",
    "ttl_seconds_after_finished",
    "active_deadline_seconds",
    "backoff_limit",
];

/// Report an unknown attribute `name` of `what`, suggesting a known one.
pub(crate) fn unknown_attr(cx: &mut Cx, key: &crate::syntax::ast::Key, what: &str, known: &[&str]) {
    let help = match suggest_name(&key.name, known) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!(
            "`{what}` accepts {}",
            super::value_readers::list_words(known)
        ),
    };
    cx.error(
        UNKNOWN_ATTR,
        key.span,
        format!("unknown attribute `{}` in `{what}`", key.name),
        help,
    );
}

/// The attributes of a nested block (`resources { … }`, `cache { … }`, …)
/// whose key is in `known`, in written order. Reports unknown keys, keys set
/// twice (the first one is kept), `+=`, and entries that are not `key = value`.
pub(crate) fn known_attrs<'b>(
    cx: &mut Cx,
    body: &'b Body,
    what: &str,
    known: &[&str],
) -> Vec<&'b Attribute> {
    let mut out: Vec<&Attribute> = Vec::new();
    for entry in &body.entries {
        let attr = match entry {
            Entry::Attr(a) => a,
            other => {
                unexpected_entry(cx, other, what);
                continue;
            }
        };
        if !known.contains(&attr.key.name.as_str()) {
            unknown_attr(cx, &attr.key, what, known);
            continue;
        }
        if attr.op == AssignOp::Append {
            cx.error(
                BAD_MERGE,
                attr.op_span,
                format!("`+=` cannot be used inside `{what}`"),
                format!("write `{} = …`", attr.key.name),
            );
            continue;
        }
        first_setting(cx, &mut out, attr, what);
    }
    out
}

/// Record `attr` in `seen`, or report E0303 when `seen` already holds its
/// key; true when this is the first time the key is set.
pub(crate) fn first_setting<'a>(
    cx: &mut Cx,
    seen: &mut Vec<&'a Attribute>,
    attr: &'a Attribute,
    what: &str,
) -> bool {
    if let Some(first) = seen.iter().find(|a| a.key.name == attr.key.name) {
        repeated_key(cx, attr, first, what);
        return false;
    }
    seen.push(attr);
    true
}

/// E0303 for a key written twice in one block.
pub(crate) fn repeated_key(cx: &mut Cx, attr: &Attribute, first: &Attribute, what: &str) {
    let first_at = cx.at(first.key.span);
    cx.push(
        Diagnostic::error(
            DUPLICATE_KEY,
            cx.at(attr.key.span),
            format!("`{}` is set twice in `{what}`", attr.key.name),
        )
        .with_label(first_at, "first set here")
        .with_help("remove one of the two entries"),
    );
}

/// E0318 for an entry whose form does not belong in `what`.
pub(crate) fn unexpected_entry(cx: &mut Cx, entry: &Entry, what: &str) {
    let (span, form) = match entry {
        Entry::Field(f) => (f.name.span, format!("`{}: …` (a typed field)", f.name.name)),
        Entry::Labeled(b) => (
            b.kind.span.cover(b.label.span),
            format!("`{} {} {{ … }}`", b.kind.name, b.label.name),
        ),
        Entry::Returns(r) => (r.keyword, "`returns`".to_string()),
        Entry::Attr(a) => (a.key.span, format!("`{}`", a.key.name)),
    };
    cx.error(
        UNEXPECTED_ENTRY,
        span,
        format!("{form} does not belong in `{what}`"),
        format!("`{what}` holds `name = value` entries"),
    );
}
