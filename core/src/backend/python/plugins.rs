//! `plugin <name> { … }` as the plugin config object the env's
//! `plugin_config=` takes (`flyteplugins.<name>.…`).

use super::expr::Py;
use super::settings::{self, inline_pod_template, json, string_dict};
use crate::semantic::model::{
    DaskConfig, DaskScheduler, DaskWorkers, DatabricksConfig, ElasticConfig, NNodes, Plugin,
    RayAutoscaler, RayConfig, RayNode, RunPolicy, SparkConfig,
};

/// The module the bindings import for `plugin`.
pub(super) fn module(plugin: &Plugin) -> &'static str {
    match plugin {
        Plugin::Dask(_) => "flyteplugins.dask",
        Plugin::Spark(_) => "flyteplugins.spark",
        Plugin::Databricks(_) => "flyteplugins.databricks",
        Plugin::PyTorch(_) => "flyteplugins.pytorch",
        Plugin::Ray(_) => "flyteplugins.ray",
    }
}

pub(super) fn plugin(p: &Plugin) -> Py {
    match p {
        Plugin::Dask(config) => dask(config),
        Plugin::Spark(config) => Py::kwcall("flyteplugins.spark.Spark", spark_kwargs(config)),
        Plugin::Databricks(config) => databricks(config),
        Plugin::PyTorch(config) => elastic(config),
        Plugin::Ray(config) => ray(config),
    }
}

fn int(n: u32) -> Py {
    Py::raw(n.to_string())
}

fn dask(config: &DaskConfig) -> Py {
    let DaskConfig { scheduler, workers } = config;
    let DaskScheduler { image, resources } = scheduler;
    let mut scheduler_kwargs = Vec::new();
    if let Some(image) = image {
        scheduler_kwargs.push(("image", Py::str(image)));
    }
    if let Some(r) = resources {
        scheduler_kwargs.push(("resources", settings::resources(r)));
    }
    let DaskWorkers {
        number_of_workers,
        image,
        resources,
    } = workers;
    let mut worker_kwargs = Vec::new();
    if let Some(n) = number_of_workers {
        worker_kwargs.push(("number_of_workers", Py::raw(n.to_string())));
    }
    if let Some(image) = image {
        worker_kwargs.push(("image", Py::str(image)));
    }
    if let Some(r) = resources {
        worker_kwargs.push(("resources", settings::resources(r)));
    }
    Py::kwcall(
        "flyteplugins.dask.Dask",
        vec![
            (
                "scheduler",
                Py::kwcall("flyteplugins.dask.Scheduler", scheduler_kwargs),
            ),
            (
                "workers",
                Py::kwcall("flyteplugins.dask.WorkerGroup", worker_kwargs),
            ),
        ],
    )
}

fn spark_kwargs(config: &SparkConfig) -> Vec<(&'static str, Py)> {
    let mut kwargs = Vec::new();
    if !config.spark_conf.is_empty() {
        kwargs.push(("spark_conf", string_dict(&config.spark_conf)));
    }
    if !config.hadoop_conf.is_empty() {
        kwargs.push(("hadoop_conf", string_dict(&config.hadoop_conf)));
    }
    if let Some(path) = &config.executor_path {
        kwargs.push(("executor_path", Py::str(path)));
    }
    if let Some(path) = &config.applications_path {
        kwargs.push(("applications_path", Py::str(path)));
    }
    if let Some(pod) = &config.driver_pod {
        kwargs.push(("driver_pod", inline_pod_template(pod)));
    }
    if let Some(pod) = &config.executor_pod {
        kwargs.push(("executor_pod", inline_pod_template(pod)));
    }
    kwargs
}

fn databricks(config: &DatabricksConfig) -> Py {
    let mut kwargs = spark_kwargs(&config.spark);
    if let Some(conf) = &config.databricks_conf {
        kwargs.push((
            "databricks_conf",
            json(&serde_json::Value::Object(conf.clone())),
        ));
    }
    if let Some(instance) = &config.databricks_instance {
        kwargs.push(("databricks_instance", Py::str(instance)));
    }
    if let Some(token) = &config.databricks_token {
        kwargs.push(("databricks_token", Py::str(token)));
    }
    Py::kwcall("flyteplugins.databricks.Databricks", kwargs)
}

fn elastic(config: &ElasticConfig) -> Py {
    let nnodes = match &config.nnodes {
        NNodes::Count(n) => int(*n),
        NNodes::Text { text, .. } => Py::str(text),
    };
    let mut kwargs = vec![
        ("nnodes", nnodes),
        ("nproc_per_node", int(config.nproc_per_node)),
    ];
    if let Some(backend) = &config.rdzv_backend {
        kwargs.push(("rdzv_backend", Py::str(backend)));
    }
    if let Some(policy) = &config.run_policy {
        kwargs.push(("run_policy", run_policy(policy)));
    }
    if let Some(n) = config.monitor_interval {
        kwargs.push(("monitor_interval", int(n)));
    }
    if let Some(n) = config.max_restarts {
        kwargs.push(("max_restarts", int(n)));
    }
    if let Some(map) = &config.rdzv_configs {
        kwargs.push((
            "rdzv_configs",
            json(&serde_json::Value::Object(map.clone())),
        ));
    }
    let seconds = |s: &Option<u32>| s.map_or(Py::raw("None"), int);
    if let Some(s) = &config.nccl_heartbeat_timeout_sec {
        kwargs.push(("nccl_heartbeat_timeout_sec", seconds(s)));
    }
    if let Some(b) = config.nccl_async_error_handling {
        kwargs.push(("nccl_async_error_handling", Py::bool(b)));
    }
    if let Some(s) = &config.nccl_collective_timeout_sec {
        kwargs.push(("nccl_collective_timeout_sec", seconds(s)));
    }
    if let Some(b) = config.nccl_enable_monitoring {
        kwargs.push(("nccl_enable_monitoring", Py::bool(b)));
    }
    Py::kwcall("flyteplugins.pytorch.Elastic", kwargs)
}

fn run_policy(policy: &RunPolicy) -> Py {
    let mut kwargs = Vec::new();
    if let Some(p) = policy.clean_pod_policy {
        kwargs.push(("clean_pod_policy", Py::str(p.sdk())));
    }
    let numbers = [
        (
            "ttl_seconds_after_finished",
            policy.ttl_seconds_after_finished,
        ),
        ("active_deadline_seconds", policy.active_deadline_seconds),
        ("backoff_limit", policy.backoff_limit),
    ];
    for (key, n) in numbers {
        if let Some(n) = n {
            kwargs.push((key, int(n)));
        }
    }
    Py::kwcall("flyteplugins.pytorch.task.RunPolicy", kwargs)
}

fn ray(config: &RayConfig) -> Py {
    let workers = config.workers.iter().map(|w| {
        let mut kwargs = vec![
            ("group_name", Py::str(&w.group_name)),
            ("replicas", int(w.replicas)),
        ];
        if let Some(n) = w.min_replicas {
            kwargs.push(("min_replicas", int(n)));
        }
        if let Some(n) = w.max_replicas {
            kwargs.push(("max_replicas", int(n)));
        }
        kwargs.extend(ray_node(&w.node));
        Py::kwcall("flyteplugins.ray.WorkerNodeConfig", kwargs)
    });
    let mut kwargs = vec![("worker_node_config", Py::List(workers.collect()))];
    if let Some(head) = &config.head {
        kwargs.push((
            "head_node_config",
            Py::kwcall("flyteplugins.ray.HeadNodeConfig", ray_node(head)),
        ));
    }
    if let Some(b) = config.enable_autoscaling {
        kwargs.push(("enable_autoscaling", Py::bool(b)));
    }
    if let Some(a) = &config.autoscaler {
        kwargs.push(("autoscaler_options", autoscaler(a)));
    }
    if let Some(env) = &config.runtime_env {
        kwargs.push(("runtime_env", json(&serde_json::Value::Object(env.clone()))));
    }
    if let Some(address) = &config.address {
        kwargs.push(("address", Py::str(address)));
    }
    if let Some(b) = config.shutdown_after_job_finishes {
        kwargs.push(("shutdown_after_job_finishes", Py::bool(b)));
    }
    if let Some(n) = config.ttl_seconds_after_finished {
        kwargs.push(("ttl_seconds_after_finished", int(n)));
    }
    Py::kwcall("flyteplugins.ray.RayJobConfig", kwargs)
}

fn ray_node(node: &RayNode) -> Vec<(&'static str, Py)> {
    let mut kwargs = Vec::new();
    if !node.ray_start_params.is_empty() {
        kwargs.push(("ray_start_params", string_dict(&node.ray_start_params)));
    }
    if let Some(pod) = &node.pod_template {
        kwargs.push(("pod_template", inline_pod_template(pod)));
    }
    if let Some(r) = &node.requests {
        kwargs.push(("requests", settings::resources(r)));
    }
    if let Some(r) = &node.limits {
        kwargs.push(("limits", settings::resources(r)));
    }
    kwargs
}

fn autoscaler(a: &RayAutoscaler) -> Py {
    let mut kwargs = Vec::new();
    if let Some(mode) = a.upscaling_mode {
        let member = format!(
            "flyteplugins.ray.AutoscalerOptionsConfig.UpscalingMode.{}",
            mode.sdk()
        );
        kwargs.push(("upscaling_mode", Py::raw(member)));
    }
    if let Some(n) = a.idle_timeout_seconds {
        kwargs.push(("idle_timeout_seconds", int(n)));
    }
    if let Some(image) = &a.image {
        kwargs.push(("image", Py::str(image)));
    }
    if !a.env_vars.is_empty() {
        kwargs.push(("env", string_dict(&a.env_vars)));
    }
    if let Some(r) = &a.resources {
        kwargs.push(("resources", settings::resources(r)));
    }
    Py::kwcall("flyteplugins.ray.AutoscalerOptionsConfig", kwargs)
}
