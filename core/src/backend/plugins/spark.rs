//! `plugin spark` / `plugin databricks`: `custom` = the `SparkJob` message
//! (`flyteidl2.plugins.spark`) as `PysparkFunctionTask.custom_config` and
//! `DatabricksFunctionTask.custom_config` build it.

use serde_json::{Map, Value, json};

use super::{string_map, template_pod};
use crate::semantic::model::{DatabricksConfig, SparkConfig};

/// The SDK's `SerializationContext.interpreter_path`, fixed for deploys.
const INTERPRETER: &str = "/opt/venv/bin/python";
/// `"local://" + sctx.get_entrypoint_path()`: `runtime.py` beside it.
const ENTRYPOINT: &str = "local:///opt/venv/bin/runtime.py";

pub(super) fn spark_job(config: &SparkConfig) -> Map<String, Value> {
    let mut job = Map::new();
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
        job.insert("driverPod".into(), template_pod(pod));
    }
    if let Some(pod) = &config.executor_pod {
        job.insert("executorPod".into(), template_pod(pod));
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
