//! The blocks of `plugin <name> { … }` for editors: what each accepts, the
//! words of each entry (docs/language.md §3.7). Which attributes are valid
//! comes from `semantic::attrs`, as for the other nested blocks.

use super::catalog::{AttrDoc, BlockKind};
use crate::semantic::attrs;

/// A block inside `plugin <name> { … }`, or the plugin block itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PluginBlock {
    Dask,
    DaskScheduler,
    DaskWorkers,
    Spark,
    Databricks,
    PyTorch,
    RunPolicy,
    Ray,
    RayHead,
    RayWorker,
    RayAutoscaler,
}

/// The labels `plugin` accepts, with one line each.
pub(crate) const PLUGIN_LABELS: &[(&str, &str)] = &[
    (
        "dask",
        "Dask plugin: scheduler and workers of a Dask cluster",
    ),
    ("spark", "Spark plugin: a Spark application on Kubernetes"),
    (
        "databricks",
        "Databricks plugin: a PySpark job on a Databricks cluster",
    ),
    (
        "pytorch",
        "PyTorch plugin: a torch elastic (kubeflow PyTorchJob) training job",
    ),
    (
        "ray",
        "Ray plugin: a KubeRay job with head and worker groups",
    ),
];

/// The block `plugin <label> { … }` opens.
pub(crate) fn plugin_block(label: &str) -> Option<PluginBlock> {
    Some(match label {
        "dask" => PluginBlock::Dask,
        "spark" => PluginBlock::Spark,
        "databricks" => PluginBlock::Databricks,
        "pytorch" => PluginBlock::PyTorch,
        "ray" => PluginBlock::Ray,
        _ => return None,
    })
}

const fn d(form: &'static str, doc: &'static str) -> AttrDoc {
    AttrDoc { form, doc }
}

impl PluginBlock {
    #[cfg(test)]
    pub(crate) const ALL: &[PluginBlock] = &[
        PluginBlock::Dask,
        PluginBlock::DaskScheduler,
        PluginBlock::DaskWorkers,
        PluginBlock::Spark,
        PluginBlock::Databricks,
        PluginBlock::PyTorch,
        PluginBlock::RunPolicy,
        PluginBlock::Ray,
        PluginBlock::RayHead,
        PluginBlock::RayWorker,
        PluginBlock::RayAutoscaler,
    ];

    pub(crate) fn title(self) -> &'static str {
        match self {
            PluginBlock::Dask => "plugin dask",
            PluginBlock::DaskScheduler => "scheduler",
            PluginBlock::DaskWorkers => "workers",
            PluginBlock::Spark => "plugin spark",
            PluginBlock::Databricks => "plugin databricks",
            PluginBlock::PyTorch => "plugin pytorch",
            PluginBlock::RunPolicy => "run_policy",
            PluginBlock::Ray => "plugin ray",
            PluginBlock::RayHead => "head",
            PluginBlock::RayWorker => "worker group",
            PluginBlock::RayAutoscaler => "autoscaler",
        }
    }

    pub(crate) fn attributes(self) -> &'static [&'static str] {
        match self {
            PluginBlock::Dask => attrs::DASK_ATTRS,
            PluginBlock::DaskScheduler => attrs::DASK_SCHEDULER_ATTRS,
            PluginBlock::DaskWorkers => attrs::DASK_WORKERS_ATTRS,
            PluginBlock::Spark => attrs::SPARK_ATTRS,
            PluginBlock::Databricks => attrs::DATABRICKS_ATTRS,
            PluginBlock::PyTorch => attrs::PYTORCH_ATTRS,
            PluginBlock::RunPolicy => attrs::RUN_POLICY_ATTRS,
            PluginBlock::Ray => attrs::RAY_ATTRS,
            PluginBlock::RayHead => attrs::RAY_HEAD_ATTRS,
            PluginBlock::RayWorker => attrs::RAY_WORKER_ATTRS,
            PluginBlock::RayAutoscaler => attrs::RAY_AUTOSCALER_ATTRS,
        }
    }

    /// The block `key { … }` opens inside this one.
    pub(crate) fn child(self, key: &str) -> BlockKind {
        use PluginBlock as P;
        match (self, key) {
            (P::Dask, "scheduler") => BlockKind::Plugin(P::DaskScheduler),
            (P::Dask, "workers") => BlockKind::Plugin(P::DaskWorkers),
            (P::DaskScheduler | P::DaskWorkers, "resources") => BlockKind::Resources,
            (P::Spark | P::Databricks, "driver_pod" | "executor_pod") => BlockKind::PodTemplate,
            (P::Spark | P::Databricks, "spark_conf" | "hadoop_conf")
            | (P::Databricks, "databricks_conf")
            | (P::PyTorch, "rdzv_configs") => BlockKind::FreeMap,
            (P::PyTorch, "run_policy") => BlockKind::Plugin(P::RunPolicy),
            (P::Ray, "head") => BlockKind::Plugin(P::RayHead),
            (P::Ray, "workers") => BlockKind::List(Box::new(BlockKind::Plugin(P::RayWorker))),
            (P::Ray, "autoscaler") => BlockKind::Plugin(P::RayAutoscaler),
            (P::RayHead | P::RayWorker, "requests" | "limits")
            | (P::RayAutoscaler, "resources") => BlockKind::Resources,
            (P::RayHead | P::RayWorker, "pod_template") => BlockKind::PodTemplate,
            (P::RayHead | P::RayWorker, "ray_start_params")
            | (P::RayAutoscaler, "env_vars")
            | (P::Ray, "runtime_env") => BlockKind::FreeMap,
            _ => BlockKind::Unknown,
        }
    }

    /// The bare words a value of `key` may be.
    pub(crate) fn value_words(self, key: &str) -> &'static [(&'static str, &'static str)] {
        match (self, key) {
            (PluginBlock::PyTorch, "rdzv_backend") => &[
                ("c10d", "PyTorch's built-in rendezvous (default)"),
                ("etcd", "etcd rendezvous"),
                ("etcd-v2", "etcd v2 rendezvous"),
            ],
            (PluginBlock::PyTorch, "nccl_async_error_handling" | "nccl_enable_monitoring") => {
                &[("true", ""), ("false", "")]
            }
            (
                PluginBlock::PyTorch,
                "nccl_heartbeat_timeout_sec" | "nccl_collective_timeout_sec",
            ) => &[("none", "PyTorch's own default")],
            (PluginBlock::Ray, "enable_autoscaling" | "shutdown_after_job_finishes") => {
                &[("true", ""), ("false", "")]
            }
            (PluginBlock::RayAutoscaler, "upscaling_mode") => &[
                ("default", "the autoscaler's default"),
                ("aggressive", "scale up without rate limits"),
                ("conservative", "scale up at a limited rate"),
            ],
            (PluginBlock::RunPolicy, "clean_pod_policy") => &[
                ("none", "keep the pods"),
                ("all", "delete every pod when the job ends"),
                ("running", "delete the pods still running when the job ends"),
            ],
            _ => &[],
        }
    }

    /// How attribute `name` of this block is written and what it does.
    pub(crate) fn attr_doc(self, name: &str) -> Option<AttrDoc> {
        use PluginBlock as P;
        Some(match (self, name) {
            (P::Dask, "scheduler") => {
                d("scheduler { image, resources }", "The Dask scheduler pod.")
            }
            (P::Dask, "workers") => d(
                "workers { number_of_workers, image, resources }",
                "The Dask worker pods.",
            ),
            (P::DaskScheduler | P::DaskWorkers, "image") => d(
                "\"image:tag\"",
                "Image of the pods; default: the task image.",
            ),
            (P::DaskWorkers, "number_of_workers") => d("int", "Number of workers; default 1."),
            (P::Spark | P::Databricks, "spark_conf") => d(
                "spark_conf { \"spark.key\" = \"value\" }",
                "Spark configuration (string values).",
            ),
            (P::Spark | P::Databricks, "hadoop_conf") => d(
                "hadoop_conf { \"key\" = \"value\" }",
                "Hadoop configuration (string values).",
            ),
            (P::Spark | P::Databricks, "executor_path") => d(
                "\"/usr/bin/python3\"",
                "Python of the executors; default the SDK's `/opt/venv/bin/python`.",
            ),
            (P::Spark | P::Databricks, "applications_path") => d(
                "\"local:///app/main.py\"",
                "Main application file; default the SDK's entrypoint `local:///opt/venv/bin/runtime.py`.",
            ),
            (P::Spark | P::Databricks, "driver_pod") => d(
                "driver_pod { labels, annotations, primary_container_name, pod_spec }",
                "Pod template of the driver; `pod_spec` needs `containers`.",
            ),
            (P::Spark | P::Databricks, "executor_pod") => d(
                "executor_pod { labels, annotations, primary_container_name, pod_spec }",
                "Pod template of the executors; `pod_spec` needs `containers`.",
            ),
            (P::Databricks, "databricks_conf") => d(
                "databricks_conf { run_name = \"…\", new_cluster { … } }",
                "A Databricks Jobs API 2.1 request, verbatim.",
            ),
            (P::Databricks, "databricks_instance") => d(
                "\"myorg.cloud.databricks.com\"",
                "Domain of the Databricks deployment.",
            ),
            (P::Databricks, "databricks_token") => d(
                "\"secret-name\"",
                "Name of the secret holding the Databricks API token.",
            ),
            (P::PyTorch, "nnodes") => d(
                "int | \"MIN:MAX\"",
                "Number of nodes, or a range for elastic training (required).",
            ),
            (P::PyTorch, "nproc_per_node") => {
                d("int", "Processes launched on each node (required).")
            }
            (P::PyTorch, "rdzv_backend") => d(
                "c10d | etcd | etcd-v2",
                "Rendezvous backend; default `c10d`.",
            ),
            (P::PyTorch, "max_restarts") => d(
                "int",
                "Worker group restarts before the job fails; default 3.",
            ),
            (P::PyTorch, "monitor_interval") => d(
                "int",
                "Seconds between health checks of the workers; default 3.",
            ),
            (P::PyTorch, "rdzv_configs") => d(
                "rdzv_configs { timeout = 900, … }",
                "Rendezvous settings; default `timeout` and `join_timeout` 900.",
            ),
            (P::PyTorch, "nccl_heartbeat_timeout_sec") => d(
                "int | none",
                "NCCL heartbeat timeout in seconds; default 300, `none` for PyTorch's.",
            ),
            (P::PyTorch, "nccl_async_error_handling") => d(
                "bool",
                "Abort stuck NCCL collectives asynchronously; default false.",
            ),
            (P::PyTorch, "nccl_collective_timeout_sec") => d(
                "int | none",
                "Timeout of one NCCL collective in seconds; default PyTorch's.",
            ),
            (P::PyTorch, "nccl_enable_monitoring") => d(
                "bool",
                "NCCL's monitoring thread (drives the heartbeat timeout); default true.",
            ),
            (P::PyTorch, "run_policy") => d(
                "run_policy { clean_pod_policy, ttl_seconds_after_finished, … }",
                "Kubeflow run policy of the job.",
            ),
            (P::RunPolicy, "clean_pod_policy") => d(
                "none | all | running",
                "Which pods are deleted when the job ends.",
            ),
            (P::RunPolicy, "ttl_seconds_after_finished") => {
                d("int", "Seconds a finished job is kept.")
            }
            (P::RunPolicy, "active_deadline_seconds") => {
                d("int", "Seconds the job may stay active.")
            }
            (P::RunPolicy, "backoff_limit") => d("int", "Retries before the job is failed."),
            (P::Ray, "head") => d(
                "head { ray_start_params, requests, limits, pod_template }",
                "The head group of the Ray cluster.",
            ),
            (P::Ray, "workers") => d(
                "[{ group_name, replicas, … }, …]",
                "The worker groups (required; `[]` for none).",
            ),
            (P::Ray, "enable_autoscaling") => d("bool", "Run the Ray autoscaler; default false."),
            (P::Ray, "autoscaler") => d(
                "autoscaler { upscaling_mode, idle_timeout_seconds, image, env_vars, resources }",
                "Options of the autoscaler sidecar.",
            ),
            (P::Ray, "runtime_env") => d(
                "runtime_env { pip = [\"numpy\"], env_vars { … } }",
                "Ray runtime environment, sent as JSON and YAML.",
            ),
            (P::Ray, "address") => d(
                "\"auto\"",
                "Address `ray.init` connects to when the task runs (not sent).",
            ),
            (P::Ray, "shutdown_after_job_finishes") => d(
                "bool",
                "Delete the cluster when the job ends; default false.",
            ),
            (P::Ray, "ttl_seconds_after_finished") => {
                d("int", "Seconds the cluster is kept after the job ends.")
            }
            (P::RayWorker, "group_name") => d("\"name\"", "Name of the worker group (required)."),
            (P::RayWorker, "replicas") => d("int", "Number of workers (required)."),
            (P::RayWorker, "min_replicas") => d("int", "Fewest workers when autoscaling."),
            (P::RayWorker, "max_replicas") => d("int", "Most workers when autoscaling."),
            (P::RayHead | P::RayWorker, "ray_start_params") => d(
                "ray_start_params { num-cpus = \"1\" }",
                "Parameters of `ray start` (string values).",
            ),
            (P::RayHead | P::RayWorker, "requests") => d(
                "requests { cpu, memory, gpu, disk, shm }",
                "Resource requests of the Ray container (single quantities).",
            ),
            (P::RayHead | P::RayWorker, "limits") => d(
                "limits { cpu, memory, gpu, disk }",
                "Resource limits of the Ray container (single quantities).",
            ),
            (P::RayHead | P::RayWorker, "pod_template") => d(
                "pod_template { labels, annotations, primary_container_name, pod_spec }",
                "Pod template of the group; requests and limits merge into its Ray container.",
            ),
            (P::RayAutoscaler, "upscaling_mode") => d(
                "default | aggressive | conservative",
                "How fast the autoscaler adds nodes.",
            ),
            (P::RayAutoscaler, "idle_timeout_seconds") => {
                d("int", "Seconds before an idle node is removed.")
            }
            (P::RayAutoscaler, "image") => d("\"image:tag\"", "Image of the autoscaler sidecar."),
            (P::RayAutoscaler, "env_vars") => d(
                "env_vars { KEY = \"value\" }",
                "Env vars of the autoscaler sidecar.",
            ),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Editors offer exactly the plugins the semantic pass accepts.
    #[test]
    fn every_plugin_has_a_label_and_a_block() {
        let labels: Vec<&str> = PLUGIN_LABELS.iter().map(|(l, _)| *l).collect();
        assert_eq!(labels, crate::semantic::plugin::PLUGINS);
        for label in labels {
            assert!(plugin_block(label).is_some(), "{label}");
        }
    }
}
