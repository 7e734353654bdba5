//! `plugin ray`: `custom` = the `RayJob` message (`flyteidl2.plugins.ray`)
//! as `RayFunctionTask.custom_config` builds it, with each group's pod from
//! `_build_node_pod_template` (its resources merged into the Ray container
//! of the written template).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Map, Value, json};

use super::super::convert::python_json_dumps;
use super::super::resources::extended_resources;
use super::{applied, k8s_pod, resources_json, string_map, template_pod};
use crate::semantic::model::{Gpu, RayAutoscaler, RayConfig, RayNode, Resources};
use crate::semantic::plugin::runtime_env;

const HEAD_CONTAINER: &str = "ray-head";
const WORKER_CONTAINER: &str = "ray-worker";

pub(super) fn ray_job(config: &RayConfig) -> Map<String, Value> {
    let mut cluster = Map::new();
    if let Some(head) = &config.head {
        cluster.insert(
            "headGroupSpec".into(),
            Value::Object(group(head, HEAD_CONTAINER)),
        );
    }
    let workers: Vec<Value> = config
        .workers
        .iter()
        .map(|w| {
            let mut spec = Map::new();
            if !w.group_name.is_empty() {
                spec.insert("groupName".into(), Value::from(w.group_name.as_str()));
            }
            let counts = [
                ("replicas", Some(w.replicas)),
                ("minReplicas", w.min_replicas),
                ("maxReplicas", w.max_replicas),
            ];
            for (key, n) in counts {
                if let Some(n) = n.filter(|n| *n != 0) {
                    spec.insert(key.into(), Value::from(n));
                }
            }
            spec.extend(group(&w.node, WORKER_CONTAINER));
            Value::Object(spec)
        })
        .collect();
    if !workers.is_empty() {
        cluster.insert("workerGroupSpec".into(), Value::Array(workers));
    }
    if config.enable_autoscaling == Some(true) {
        cluster.insert("enableAutoscaling".into(), Value::Bool(true));
    }
    if let Some(autoscaler) = &config.autoscaler {
        cluster.insert("autoscalerOptions".into(), autoscaler_options(autoscaler));
    }
    let mut job = Map::new();
    job.insert("rayCluster".into(), Value::Object(cluster));
    // `if cfg.runtime_env`: an empty one is not sent.
    if let Some(env) = config.runtime_env.as_ref().filter(|e| !e.is_empty()) {
        let json = python_json_dumps(&Value::Object(env.clone()));
        job.insert("runtimeEnv".into(), Value::from(BASE64.encode(json)));
        if let Ok(yaml) = runtime_env::yaml_dump(env) {
            job.insert("runtimeEnvYaml".into(), Value::from(yaml));
        }
    }
    if config.shutdown_after_job_finishes == Some(true) {
        job.insert("shutdownAfterJobFinishes".into(), Value::Bool(true));
    }
    if let Some(ttl) = config.ttl_seconds_after_finished.filter(|n| *n != 0) {
        job.insert("ttlSecondsAfterFinished".into(), Value::from(ttl));
    }
    job
}

/// What head and worker group specs share: start parameters, the pod and
/// the extended resources of `requests`.
fn group(node: &RayNode, container: &str) -> Map<String, Value> {
    let mut spec = Map::new();
    if !node.ray_start_params.is_empty() {
        spec.insert("rayStartParams".into(), string_map(&node.ray_start_params));
    }
    if let Some(pod) = node_pod(node, container) {
        spec.insert("k8sPod".into(), pod);
    }
    let extended = node.requests.as_ref().and_then(extended_resources);
    if let Some(json) = extended.and_then(|e| taskc_wire::to_message_dict_json(&e).ok()) {
        spec.insert("extendedResources".into(), json);
    }
    spec
}

/// `_build_node_pod_template(container, pod_template, requests, limits)`
/// and `to_k8s_pod()`.
fn node_pod(node: &RayNode, container: &str) -> Option<Value> {
    if node.requests.is_none() && node.limits.is_none() {
        return node.pod_template.as_ref().map(template_pod);
    }
    let requests = node.requests.as_ref().map(k8s_quantities);
    let limits = node.limits.as_ref().map(k8s_quantities);
    // `requests = requests or limits; limits = limits or requests`
    let truthy = |m: &Option<Map<String, Value>>| m.as_ref().is_some_and(|m| !m.is_empty());
    let requests = if truthy(&requests) {
        requests
    } else {
        limits.clone()
    };
    let limits = if truthy(&limits) {
        limits
    } else {
        requests.clone()
    };
    let Some(template) = &node.pod_template else {
        let spec = json!({ "containers": [{ "name": container, "resources": requirements(requests, limits) }] });
        return Some(k8s_pod(&[], &[], Some(spec), container));
    };
    let applied = applied(template);
    let spec = match applied.pod_spec {
        Some(Value::Object(mut spec)) => {
            merge_into_container(&mut spec, container, requests, limits);
            Value::Object(spec)
        }
        _ => {
            json!({ "containers": [{ "name": container, "resources": requirements(requests, limits) }] })
        }
    };
    Some(k8s_pod(
        &template.labels,
        &applied.annotations,
        Some(spec),
        &template.primary_container_name,
    ))
}

/// The resources go to the Ray container, else the only container, else a
/// new one; keys already on it stay unless the resources set them.
fn merge_into_container(
    spec: &mut Map<String, Value>,
    container: &str,
    requests: Option<Map<String, Value>>,
    limits: Option<Map<String, Value>>,
) {
    let containers = spec.entry("containers").or_insert_with(|| json!([]));
    // The semantic pass checked the pod spec's shape: a list of objects.
    let Value::Array(list) = containers else {
        return;
    };
    let named = list
        .iter()
        .position(|c| c.get("name").and_then(Value::as_str) == Some(container));
    let at = match named {
        Some(at) => at,
        None if list.len() == 1 => 0,
        None => {
            list.push(json!({ "name": container }));
            list.len() - 1
        }
    };
    let Some(Value::Object(primary)) = list.get_mut(at) else {
        return;
    };
    let existing = |key: &str| {
        primary
            .get("resources")
            .and_then(|r| r.get(key))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let merge = |mut old: Map<String, Value>, new: Option<Map<String, Value>>| {
        old.extend(new.unwrap_or_default());
        (!old.is_empty()).then_some(old)
    };
    let requests = merge(existing("requests"), requests);
    let limits = merge(existing("limits"), limits);
    primary.insert("resources".into(), requirements(requests, limits));
}

/// `V1ResourceRequirements(requests=…, limits=…)` in its JSON shape.
fn requirements(requests: Option<Map<String, Value>>, limits: Option<Map<String, Value>>) -> Value {
    let mut out = Map::new();
    if let Some(limits) = limits {
        out.insert("limits".into(), Value::Object(limits));
    }
    if let Some(requests) = requests {
        out.insert("requests".into(), Value::Object(requests));
    }
    Value::Object(out)
}

/// `pod_spec_from_resources`' container resources: the written quantities,
/// a GPU as its count under `nvidia.com/gpu`, disk as `ephemeral-storage`.
fn k8s_quantities(r: &Resources) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(cpu) = &r.cpu {
        out.insert("cpu".into(), Value::from(cpu.request.text.as_str()));
    }
    if let Some(memory) = &r.memory {
        out.insert("memory".into(), Value::from(memory.request.text.as_str()));
    }
    let gpu = match &r.gpu {
        Some(Gpu::Count { count, .. }) => Some(*count),
        Some(Gpu::Device(device)) => Some(device.count),
        None => None,
    };
    if let Some(count) = gpu {
        out.insert("nvidia.com/gpu".into(), Value::from(count.to_string()));
    }
    if let Some(disk) = &r.disk {
        out.insert("ephemeral-storage".into(), Value::from(disk.text.as_str()));
    }
    out
}

/// The `AutoscalerOptions` message: zeros and empty strings left out.
fn autoscaler_options(a: &RayAutoscaler) -> Value {
    let mut out = Map::new();
    if let Some(mode) = a.upscaling_mode {
        out.insert(
            "upscalingMode".into(),
            Value::from(format!("UPSCALING_MODE_{}", mode.sdk())),
        );
    }
    if let Some(seconds) = a.idle_timeout_seconds.filter(|n| *n != 0) {
        out.insert("idleTimeoutSeconds".into(), Value::from(seconds));
    }
    if !a.env_vars.is_empty() {
        let env = a
            .env_vars
            .iter()
            .map(|(k, v)| json!({ "key": k, "value": v }));
        out.insert("env".into(), Value::Array(env.collect()));
    }
    if let Some(image) = a.image.as_deref().filter(|s| !s.is_empty()) {
        out.insert("image".into(), Value::from(image));
    }
    if let Some(resources) = resources_json(&a.resources) {
        out.insert("resources".into(), resources);
    }
    Value::Object(out)
}
