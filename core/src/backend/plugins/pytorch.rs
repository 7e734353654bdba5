//! `plugin pytorch`: `custom` = the `DistributedPyTorchTrainingTask` message
//! (`flyteidl2.plugins.kubeflow`) as `TorchFunctionTask.custom_config`
//! builds it. Proto3 JSON leaves zeros out.

use serde_json::{Map, Value};

use crate::semantic::model::{CleanPodPolicy, ElasticConfig};

pub(super) fn training_task(config: &ElasticConfig) -> Map<String, Value> {
    let (min, max) = config.nnodes.bounds();
    let mut elastic = Map::new();
    elastic.insert(
        "rdzvBackend".into(),
        Value::from(config.rdzv_backend.as_deref().unwrap_or("c10d")),
    );
    number(&mut elastic, "minReplicas", min);
    number(&mut elastic, "maxReplicas", max);
    number(&mut elastic, "nprocPerNode", config.nproc_per_node);
    number(
        &mut elastic,
        "maxRestarts",
        config.max_restarts.unwrap_or(3),
    );
    let mut replicas = Map::new();
    number(&mut replicas, "replicas", max);
    let mut task = Map::new();
    task.insert("workerReplicas".into(), Value::Object(replicas));
    if let Some(policy) = &config.run_policy {
        let mut out = Map::new();
        match policy.clean_pod_policy {
            Some(CleanPodPolicy::All) => {
                out.insert("cleanPodPolicy".into(), "CLEANPOD_POLICY_ALL".into());
            }
            Some(CleanPodPolicy::Running) => {
                out.insert("cleanPodPolicy".into(), "CLEANPOD_POLICY_RUNNING".into());
            }
            // `CLEANPOD_POLICY_NONE` is the enum's zero.
            Some(CleanPodPolicy::None) | None => {}
        }
        let fields = [
            ("ttlSecondsAfterFinished", policy.ttl_seconds_after_finished),
            ("activeDeadlineSeconds", policy.active_deadline_seconds),
            ("backoffLimit", policy.backoff_limit),
        ];
        for (key, n) in fields {
            number(&mut out, key, n.unwrap_or(0));
        }
        task.insert("runPolicy".into(), Value::Object(out));
    }
    task.insert("elasticConfig".into(), Value::Object(elastic));
    task
}

/// An `int32` field: present unless zero.
fn number(map: &mut Map<String, Value>, key: &str, n: u32) {
    if n != 0 {
        map.insert(key.into(), Value::from(n));
    }
}
