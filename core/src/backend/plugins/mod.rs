//! What a `plugin <name> { … }` makes of a function task: the task type, its
//! version and `custom` (the plugin's job message in proto JSON, as the SDK
//! plugin's `custom_config` returns it), and whether it is debuggable.

mod dask;
mod pytorch;
mod ray;
mod spark;

use serde_json::{Map, Value};

use super::resources::container_resources;
use crate::semantic::model::{InlinePodTemplate, NNodes, Plugin, Resources};
use crate::semantic::pod_helpers::{self, Applied};

pub(crate) struct PluginTask {
    pub task_type: &'static str,
    pub task_type_version: i32,
    pub custom: Map<String, Value>,
    /// The plugin class's `debuggable` default (a written `debuggable` wins).
    pub debuggable: bool,
}

pub(crate) fn plugin_task(plugin: &Plugin) -> PluginTask {
    match plugin {
        Plugin::Dask(config) => PluginTask {
            task_type: dask::TASK_TYPE,
            task_type_version: 0,
            custom: dask::custom(config),
            debuggable: true,
        },
        Plugin::Spark(config) => PluginTask {
            task_type: "spark",
            task_type_version: 0,
            custom: spark::spark_job(config),
            debuggable: true,
        },
        Plugin::Databricks(config) => PluginTask {
            task_type: "databricks",
            task_type_version: 0,
            custom: spark::databricks_job(config),
            debuggable: true,
        },
        Plugin::PyTorch(config) => PluginTask {
            // `TorchFunctionTask`: a single node (the int 1, not "1") runs
            // as a plain Python task, still with the job in `custom`.
            task_type: if config.nnodes == NNodes::Count(1) {
                "python-task"
            } else {
                "pytorch"
            },
            task_type_version: 1,
            custom: pytorch::training_task(config),
            debuggable: false,
        },
        Plugin::Ray(config) => PluginTask {
            task_type: "ray",
            task_type_version: 0,
            custom: ray::ray_job(config),
            debuggable: true,
        },
    }
}

/// `get_proto_resources(resources)` in proto JSON.
fn resources_json(resources: &Option<Resources>) -> Option<Value> {
    let wire = container_resources(resources.as_ref()?)?;
    taskc_wire::to_message_dict_json(&wire).ok()
}

/// The template with its helpers applied (checked by the semantic pass).
fn applied(pod: &InlinePodTemplate) -> Applied {
    pod_helpers::apply(pod).unwrap_or_else(|_| Applied {
        annotations: pod.annotations.clone(),
        pod_spec: pod.pod_spec.clone(),
    })
}

/// `PodTemplate.to_k8s_pod()` of a template as written.
fn template_pod(pod: &InlinePodTemplate) -> Value {
    let applied = applied(pod);
    k8s_pod(
        &pod.labels,
        &applied.annotations,
        applied.pod_spec,
        &pod.primary_container_name,
    )
}

/// A `map<string, string>` field in proto JSON, order kept.
fn string_map(pairs: &[(String, String)]) -> Value {
    let pairs = pairs
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v.as_str())));
    Value::Object(pairs.collect())
}

/// A `K8sPod` in proto JSON: metadata always (empty maps left out).
fn k8s_pod(
    labels: &[(String, String)],
    annotations: &[(String, String)],
    pod_spec: Option<Value>,
    primary_container_name: &str,
) -> Value {
    let mut metadata = Map::new();
    if !labels.is_empty() {
        metadata.insert("labels".into(), string_map(labels));
    }
    if !annotations.is_empty() {
        metadata.insert("annotations".into(), string_map(annotations));
    }
    let mut out = Map::new();
    out.insert("metadata".into(), Value::Object(metadata));
    if let Some(spec) = pod_spec {
        out.insert("podSpec".into(), spec);
    }
    if !primary_container_name.is_empty() {
        out.insert(
            "primaryContainerName".into(),
            Value::from(primary_container_name),
        );
    }
    Value::Object(out)
}
