//! Inline pod templates (WIRE.md §5.8): the `k8s_pod` target, with the
//! task's container merged into the primary container as the SDK does.

use serde_json::{Map, Value, json};
use taskc_wire::flyteidl2::core::{Container, K8sObjectMetadata, K8sPod};

use super::convert::json_struct;
use super::resources::k8s_resource_lists;
use crate::semantic::model::InlinePodTemplate;

/// Why a pod spec could not take the task's container, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PodSpecProblem {
    pub message: String,
    pub help: String,
}

impl PodSpecProblem {
    fn shape(message: &str) -> Self {
        PodSpecProblem {
            message: message.to_string(),
            help: "write `pod_spec` in the Kubernetes PodSpec shape: `containers` is a list of \
                   container objects, each with `resources` an object and `env` a list"
                .to_string(),
        }
    }
}

/// The `k8s_pod` target replacing `container`, plus the
/// `config["primary_container_name"]` entry.
pub(crate) fn k8s_pod(
    container: &Container,
    template: &InlinePodTemplate,
) -> Result<K8sPod, PodSpecProblem> {
    // The helpers (`allow_fuse`, …) were checked with the template; a
    // conflict here cannot happen, but is reported rather than dropped.
    let applied = crate::semantic::pod_helpers::apply(template).map_err(|e| PodSpecProblem {
        message: e,
        help: "drop the helper, or the setting it conflicts with".into(),
    })?;
    let mut spec = match &applied.pod_spec {
        Some(Value::Object(map)) => map.clone(),
        Some(_) => return Err(PodSpecProblem::shape("`pod_spec` is not an object")),
        None => Map::new(),
    };
    let containers = spec
        .entry("containers")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(containers) = containers else {
        return Err(PodSpecProblem::shape("`pod_spec.containers` is not a list"));
    };
    let name = template.primary_container_name.as_str();
    let index = containers
        .iter()
        .position(|c| c.get("name").and_then(Value::as_str) == Some(name));
    let index = match index {
        Some(i) => i,
        // A template without containers gets a generated primary one; one
        // with other containers only is an error in the SDK too ("No
        // primary container defined in the pod spec").
        None if containers.is_empty() => {
            containers.push(json!({ "name": name }));
            0
        }
        None => {
            return Err(PodSpecProblem {
                message: format!(
                    "`pod_spec.containers` has no container named `{name}`, the primary container"
                ),
                help: format!(
                    "name the container that runs the task `{name}`, or set \
                     `primary_container_name` to its name"
                ),
            });
        }
    };
    let Some(Value::Object(primary)) = containers.get_mut(index) else {
        return Err(PodSpecProblem::shape(&format!(
            "the primary container `{name}` is not an object"
        )));
    };
    merge_primary(primary, container)?;
    let metadata = K8sObjectMetadata {
        labels: template.labels.iter().cloned().collect(),
        annotations: applied.annotations.into_iter().collect(),
    };
    Ok(K8sPod {
        metadata: Some(metadata),
        pod_spec: Some(json_struct(spec)),
        ..Default::default()
    })
}

/// The SDK's merge: the task image when the container names none, the
/// task's command (`[]`) and args, the task's resources over the
/// container's (only when the task has any), the task's env vars first.
fn merge_primary(
    primary: &mut Map<String, Value>,
    container: &Container,
) -> Result<(), PodSpecProblem> {
    if primary.get("image").is_none_or(Value::is_null) {
        primary.insert("image".into(), Value::from(container.image.as_str()));
    }
    primary.insert("command".into(), json!(container.command));
    primary.insert("args".into(), json!(container.args));

    let (requests, limits) = container
        .resources
        .as_ref()
        .map(k8s_resource_lists)
        .unwrap_or_default();
    if !requests.is_empty() || !limits.is_empty() {
        let mut resources = match primary.remove("resources") {
            Some(Value::Object(map)) => map,
            None | Some(Value::Null) => Map::new(),
            Some(_) => {
                return Err(PodSpecProblem::shape(
                    "the primary container's `resources` is not an object",
                ));
            }
        };
        for (key, entries) in [("limits", limits), ("requests", requests)] {
            let mut merged = match resources.remove(key) {
                Some(Value::Object(map)) => map,
                _ => Map::new(),
            };
            for (name, value) in entries {
                merged.insert(name, Value::from(value));
            }
            resources.insert(key.into(), Value::Object(merged));
        }
        primary.insert("resources".into(), Value::Object(resources));
    }

    let mut env: Vec<Value> = container
        .env
        .iter()
        .map(|kv| json!({ "name": kv.key, "value": kv.value }))
        .collect();
    match primary.remove("env") {
        Some(Value::Array(existing)) => env.extend(existing),
        None | Some(Value::Null) => {}
        Some(_) => {
            return Err(PodSpecProblem::shape(
                "the primary container's `env` is not a list",
            ));
        }
    }
    primary.insert("env".into(), Value::Array(env));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use taskc_wire::flyteidl2::core::{
        KeyValuePair, Resources,
        resources::{ResourceEntry, ResourceName},
    };

    fn container() -> Container {
        Container {
            image: "ghcr.io/acme/app:3".into(),
            args: vec!["a0".into()],
            env: vec![KeyValuePair {
                key: "APP".into(),
                value: "1".into(),
            }],
            resources: Some(Resources {
                requests: vec![
                    ResourceEntry {
                        name: ResourceName::Cpu as i32,
                        value: "500m".into(),
                    },
                    ResourceEntry {
                        name: ResourceName::Memory as i32,
                        value: "1Gi".into(),
                    },
                ],
                limits: vec![],
            }),
            ..Default::default()
        }
    }

    #[test]
    fn task_container_is_merged_into_the_named_primary_container() {
        let template = InlinePodTemplate {
            labels: vec![("team".into(), "ml".into())],
            annotations: vec![],
            primary_container_name: "primary".into(),
            pod_spec: Some(json!({"containers": [{"name": "primary",
                "env": [{"name": "FROM_TEMPLATE", "value": "1"}],
                "resources": {"requests": {"cpu": "1", "smarter-devices/fuse": "1"}}}]})),
            helpers: Default::default(),
        };
        let pod = k8s_pod(&container(), &template).unwrap_or_default();
        let spec = serde_json::to_value(pod.pod_spec).unwrap_or_default();
        assert_eq!(
            spec["containers"][0],
            json!({"args": ["a0"], "command": [], "env": [{"name": "APP", "value": "1"},
                   {"name": "FROM_TEMPLATE", "value": "1"}], "image": "ghcr.io/acme/app:3",
                   "name": "primary", "resources": {"limits": {}, "requests": {"cpu": "500m",
                   "memory": "1Gi", "smarter-devices/fuse": "1"}}})
        );
        assert_eq!(pod.metadata.map(|m| m.labels.len()), Some(1));
    }

    #[test]
    fn a_template_without_containers_gets_a_generated_primary() {
        let template = InlinePodTemplate {
            labels: vec![],
            annotations: vec![],
            primary_container_name: "main".into(),
            pod_spec: None,
            helpers: Default::default(),
        };
        let pod = k8s_pod(&container(), &template).unwrap_or_default();
        let spec = serde_json::to_value(pod.pod_spec).unwrap_or_default();
        assert_eq!(spec["containers"][0]["name"], "main");
        assert_eq!(spec["containers"][0]["image"], "ghcr.io/acme/app:3");
        assert_eq!(spec["containers"][0]["env"][0]["name"], "APP");
    }

    #[test]
    fn containers_without_the_primary_one_are_an_error() {
        let template = InlinePodTemplate {
            labels: vec![],
            annotations: vec![],
            primary_container_name: "primary".into(),
            pod_spec: Some(json!({"containers": [{"name": "sidecar"}]})),
            helpers: Default::default(),
        };
        assert!(k8s_pod(&container(), &template).is_err());
    }

    #[test]
    fn template_resources_stay_when_the_task_has_none() {
        let template = InlinePodTemplate {
            labels: vec![],
            annotations: vec![],
            primary_container_name: "primary".into(),
            pod_spec: Some(json!({"containers": [{"name": "primary", "image": "own:1",
                "resources": {"limits": {"gpu": "1"}}}]})),
            helpers: Default::default(),
        };
        let mut bare = container();
        bare.resources = None;
        bare.env.clear();
        let pod = k8s_pod(&bare, &template).unwrap_or_default();
        let spec = serde_json::to_value(pod.pod_spec).unwrap_or_default();
        assert_eq!(
            spec["containers"][0],
            json!({"args": ["a0"], "command": [], "env": [], "image": "own:1",
                   "name": "primary", "resources": {"limits": {"gpu": "1"}}})
        );
    }
}
