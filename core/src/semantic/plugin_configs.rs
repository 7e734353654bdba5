//! The typed values of `plugin <name> { … }` (docs/language.md §3.7): one
//! config per plugin of the SDK's task plugin registry, as the plugin class
//! takes it. [`super::model`] re-exports them.

use super::attr_values::{InlinePodTemplate, Resources};

/// `plugin <name> { … }`: a plugin config that picks the task type.
#[derive(Debug, Clone, PartialEq)]
pub enum Plugin {
    Dask(Box<DaskConfig>),
    Spark(SparkConfig),
    Databricks(DatabricksConfig),
    PyTorch(ElasticConfig),
    Ray(Box<RayConfig>),
}

impl Plugin {
    pub fn name(&self) -> &'static str {
        match self {
            Plugin::Dask(_) => "dask",
            Plugin::Spark(_) => "spark",
            Plugin::Databricks(_) => "databricks",
            Plugin::PyTorch(_) => "pytorch",
            Plugin::Ray(_) => "ray",
        }
    }
}

/// `plugin dask { scheduler { image, resources }, workers { number_of_workers, image, resources } }`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DaskConfig {
    pub scheduler: DaskScheduler,
    pub workers: DaskWorkers,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DaskScheduler {
    pub image: Option<String>,
    pub resources: Option<Resources>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DaskWorkers {
    pub number_of_workers: Option<u32>,
    pub image: Option<String>,
    pub resources: Option<Resources>,
}

/// `plugin spark { … }`: `flyteplugins.spark.Spark`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SparkConfig {
    /// String maps, order kept.
    pub spark_conf: Vec<(String, String)>,
    pub hadoop_conf: Vec<(String, String)>,
    /// Default: the SDK's interpreter, `/opt/venv/bin/python`.
    pub executor_path: Option<String>,
    /// Default: `local://` + the SDK's entrypoint, `/opt/venv/bin/runtime.py`.
    pub applications_path: Option<String>,
    pub driver_pod: Option<InlinePodTemplate>,
    pub executor_pod: Option<InlinePodTemplate>,
}

/// `plugin databricks { … }`: `flyteplugins.databricks.Databricks`, the
/// Spark settings plus the Databricks job.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DatabricksConfig {
    pub spark: SparkConfig,
    /// A Jobs API 2.1 request, as written.
    pub databricks_conf: Option<serde_json::Map<String, serde_json::Value>>,
    pub databricks_instance: Option<String>,
    /// Name of the secret holding the API token.
    pub databricks_token: Option<String>,
}

/// `plugin pytorch { … }`: `flyteplugins.pytorch.Elastic` (torch elastic).
#[derive(Debug, Clone, PartialEq)]
pub struct ElasticConfig {
    pub nnodes: NNodes,
    pub nproc_per_node: u32,
    /// `c10d` (default), `etcd` or `etcd-v2`.
    pub rdzv_backend: Option<String>,
    /// Default 3.
    pub max_restarts: Option<u32>,
    // The rest only matters when the task runs (the bindings pass them on).
    pub monitor_interval: Option<u32>,
    pub rdzv_configs: Option<serde_json::Map<String, serde_json::Value>>,
    /// `Some(None)` is a written `none` (PyTorch's own default); absent, 300.
    pub nccl_heartbeat_timeout_sec: Option<Option<u32>>,
    pub nccl_async_error_handling: Option<bool>,
    pub nccl_collective_timeout_sec: Option<Option<u32>>,
    pub nccl_enable_monitoring: Option<bool>,
    pub run_policy: Option<RunPolicy>,
}

/// `nnodes = 2` or `nnodes = "2:4"` (a fixed count or a range for elastic
/// training).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NNodes {
    Count(u32),
    /// As written, with the bounds torch reads from it.
    Text {
        text: String,
        min: u32,
        max: u32,
    },
}

impl NNodes {
    /// The node range torch's launcher parses from `nnodes`.
    pub fn bounds(&self) -> (u32, u32) {
        match self {
            NNodes::Count(n) => (*n, *n),
            NNodes::Text { min, max, .. } => (*min, *max),
        }
    }
}

/// `run_policy { … }` of a PyTorch job (kubeflow's `RunPolicy`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunPolicy {
    /// `none`, `all` or `running` (the SDK's `"None"`, `"all"`, `"Running"`).
    pub clean_pod_policy: Option<CleanPodPolicy>,
    pub ttl_seconds_after_finished: Option<u32>,
    pub active_deadline_seconds: Option<u32>,
    pub backoff_limit: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CleanPodPolicy {
    None,
    All,
    Running,
}

impl CleanPodPolicy {
    /// The word in `.task`.
    pub fn word(self) -> &'static str {
        match self {
            CleanPodPolicy::None => "none",
            CleanPodPolicy::All => "all",
            CleanPodPolicy::Running => "running",
        }
    }

    /// The string the SDK's `RunPolicy` takes.
    pub fn sdk(self) -> &'static str {
        match self {
            CleanPodPolicy::None => "None",
            CleanPodPolicy::All => "all",
            CleanPodPolicy::Running => "Running",
        }
    }
}

/// `plugin ray { … }`: `flyteplugins.ray.RayJobConfig`, a KubeRay job.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RayConfig {
    /// `head { … }`: the head group (`HeadNodeConfig`).
    pub head: Option<RayNode>,
    /// `workers = [{ … }, …]`: the worker groups, required (may be empty).
    pub workers: Vec<RayWorkerGroup>,
    pub enable_autoscaling: Option<bool>,
    /// `autoscaler { … }`: `AutoscalerOptionsConfig`.
    pub autoscaler: Option<RayAutoscaler>,
    /// `runtime_env { … }`: checked to be what PyYAML writes exactly
    /// (`plugin::runtime_env`).
    pub runtime_env: Option<serde_json::Map<String, serde_json::Value>>,
    /// Where `ray.init` connects when the task runs (not sent).
    pub address: Option<String>,
    pub shutdown_after_job_finishes: Option<bool>,
    pub ttl_seconds_after_finished: Option<u32>,
}

/// What a head or worker group's pods are: start parameters, resources
/// and a pod template.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RayNode {
    pub ray_start_params: Vec<(String, String)>,
    /// Single quantities (no `[request, limit]`).
    pub requests: Option<Resources>,
    pub limits: Option<Resources>,
    pub pod_template: Option<InlinePodTemplate>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RayWorkerGroup {
    pub group_name: String,
    pub replicas: u32,
    pub min_replicas: Option<u32>,
    pub max_replicas: Option<u32>,
    pub node: RayNode,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RayAutoscaler {
    pub upscaling_mode: Option<UpscalingMode>,
    pub idle_timeout_seconds: Option<u32>,
    pub image: Option<String>,
    pub env_vars: Vec<(String, String)>,
    pub resources: Option<Resources>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpscalingMode {
    Default,
    Aggressive,
    Conservative,
}

impl UpscalingMode {
    pub const WORDS: &[&str] = &["default", "aggressive", "conservative"];

    pub fn from_word(word: &str) -> Option<Self> {
        Some(match word {
            "default" => UpscalingMode::Default,
            "aggressive" => UpscalingMode::Aggressive,
            "conservative" => UpscalingMode::Conservative,
            _ => return None,
        })
    }

    /// The member of `AutoscalerOptionsConfig.UpscalingMode` (and the
    /// enum value's name suffix on the wire).
    pub fn sdk(self) -> &'static str {
        match self {
            UpscalingMode::Default => "DEFAULT",
            UpscalingMode::Aggressive => "AGGRESSIVE",
            UpscalingMode::Conservative => "CONSERVATIVE",
        }
    }
}
