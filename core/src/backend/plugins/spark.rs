//! `plugin spark` / `plugin databricks`: `custom` = the `SparkJob` message
//! (`flyteidl2.plugins.spark`) as `PysparkFunctionTask.custom_config` and
//! `DatabricksFunctionTask.custom_config` build it.

use serde_json::{Map, Value, json};

use crate::semantic::model::{DatabricksConfig, InlinePodTemplate, SparkConfig};
use crate::semantic::pod_helpers;

/// The SDK's `SerializationContext.interpreter_path`, fixed for deploys.
const INTERPRETER: &str = "/opt/venv/bin/python";
/// `"local://" + sctx.get_entrypoint_path()`: `runtime.py` beside it.
const ENTRYPOINT: &str = "local:///opt/venv/bin/runtime.py";

pub(super) fn spark_job(config: &SparkConfig) -> Map<String, Value> {
    let mut job = Map::new();
    let string_map = |pairs: &[(String, String)]| {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                .collect(),
        )
    };
    // Proto3 JSON leaves out empty maps and empty strings; the SDK's `or`
    // falls back to the default for an empty path too.
    if !config.spark_conf.is_empty() {
        job.insert("sparkConf".into(), string_map(&config.spark_conf));
    }
    if !config.hadoop_conf.is_empty() {
        job.insert("hadoopConf".into(), string_map(&config.hadoop_conf));
    }
    let or_default = |s: &Option<String>, default: &str| {
        s.as_deref()
            .filter(|s| !s.is_empty())
            .unwrap_or(default)
            .to_string()
    };
    job.insert(
        "mainApplicationFile".into(),
        Value::from(or_default(&config.applications_path, ENTRYPOINT)),
    );
    job.insert(
        "executorPath".into(),
        Value::from(or_default(&config.executor_path, INTERPRETER)),
    );
    if let Some(pod) = &config.driver_pod {
        job.insert("driverPod".into(), k8s_pod(pod));
    }
    if let Some(pod) = &config.executor_pod {
        job.insert("executorPod".into(), k8s_pod(pod));
    }
    job
}

pub(super) fn databricks_job(config: &DatabricksConfig) -> Map<String, Value> {
    let mut job = spark_job(&config.spark);
    if let Some(conf) = &config.databricks_conf {
        job.insert("databricksConf".into(), Value::Object(conf.clone()));
    }
    if let Some(instance) = config
        .databricks_instance
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        job.insert("databricksInstance".into(), Value::from(instance));
    }
    // Added after the message: `{"databricks_token": None}` without a token.
    job.insert(
        "secrets".into(),
        json!({ "databricks_token": config.databricks_token }),
    );
    job
}

/// `PodTemplate.to_k8s_pod()`: the template as written, with its helpers
/// applied (checked by the semantic pass), metadata always present.
fn k8s_pod(pod: &InlinePodTemplate) -> Value {
    let applied = pod_helpers::apply(pod).unwrap_or_else(|_| pod_helpers::Applied {
        annotations: pod.annotations.clone(),
        pod_spec: pod.pod_spec.clone(),
    });
    let mut metadata = Map::new();
    let pairs = |pairs: &[(String, String)]| {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                .collect(),
        )
    };
    if !pod.labels.is_empty() {
        metadata.insert("labels".into(), pairs(&pod.labels));
    }
    if !applied.annotations.is_empty() {
        metadata.insert("annotations".into(), pairs(&applied.annotations));
    }
    let mut out = Map::new();
    out.insert("metadata".into(), Value::Object(metadata));
    if let Some(spec) = applied.pod_spec {
        out.insert("podSpec".into(), spec);
    }
    if !pod.primary_container_name.is_empty() {
        out.insert(
            "primaryContainerName".into(),
            Value::from(pod.primary_container_name.as_str()),
        );
    }
    Value::Object(out)
}
