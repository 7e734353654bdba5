//! The SDK's pod template helpers, written as attributes of a
//! `pod_template { … }` block: `allow_fuse` (`PodTemplate.allow_fuse()`),
//! `allow_nested_sandboxing` (`allow_nested_sandboxing()`) and
//! `termination_grace_period` (`with_termination_grace_period()`).
//!
//! [`apply`] is the one place they take effect: the semantic pass runs it to
//! report a conflict where it is written, the backend to build the pod spec.
//! It edits the pod spec in its Kubernetes JSON shape exactly as the SDK
//! edits its `V1PodSpec` (the helpers apply in that order): a primary
//! container is added when the spec has none of that name, capabilities are
//! set-merged, and each grant stamps its `flyte.org/capability-*` annotation.

use serde_json::{Map, Value, json};

use super::attr_values::InlinePodTemplate;

/// How `/dev/fuse` reaches the primary container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fuse {
    /// `allow_fuse = true`: the `smarter-devices/fuse` device-plugin
    /// resource, unprivileged.
    DevicePlugin,
    /// `allow_fuse = privileged`: a `/dev/fuse` hostPath volume and a
    /// privileged container, for clusters without the device plugin.
    Privileged,
}

/// The helpers a pod template block asks for; all off by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PodHelpers {
    pub fuse: Option<Fuse>,
    pub nested_sandboxing: bool,
    /// Whole seconds (`terminationGracePeriodSeconds`).
    pub termination_grace_period: Option<u64>,
}

impl PodHelpers {
    pub fn any(&self) -> bool {
        *self != PodHelpers::default()
    }
}

const FUSE_VOLUME: &str = "fuse-device";
const FUSE_PATH: &str = "/dev/fuse";
const FUSE_RESOURCE: &str = "smarter-devices/fuse";
const CAPABILITY_ANNOTATION: &str = "flyte.org/capability-";
const APPARMOR_ANNOTATION: &str = "container.apparmor.security.beta.kubernetes.io/";
const UNCONFINED: &str = "unconfined";

/// What a pod template sends once its helpers are applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub annotations: Vec<(String, String)>,
    pub pod_spec: Option<Value>,
}

/// The annotations and pod spec of `template` with its helpers applied; the
/// template unchanged when it asks for none. `Err` says which written
/// setting a helper conflicts with (the SDK raises the same at import).
pub fn apply(template: &InlinePodTemplate) -> Result<Applied, String> {
    let helpers = template.helpers;
    if !helpers.any() {
        return Ok(Applied {
            annotations: template.annotations.clone(),
            pod_spec: template.pod_spec.clone(),
        });
    }
    let primary_name = template.primary_container_name.as_str();
    let mut annotations = template.annotations.clone();
    let mut spec = with_primary(template.pod_spec.as_ref(), primary_name)?;
    if let Some(fuse) = helpers.fuse {
        allow_fuse(&mut spec, primary_name, fuse)?;
        set(
            &mut annotations,
            &format!("{CAPABILITY_ANNOTATION}fuse"),
            "true",
        );
    }
    if helpers.nested_sandboxing {
        let key = format!("{APPARMOR_ANNOTATION}{primary_name}");
        if let Some((_, pinned)) = annotations.iter().find(|(k, _)| *k == key) {
            if pinned != UNCONFINED {
                return Err(format!(
                    "`allow_nested_sandboxing` needs the AppArmor profile of the primary \
                     container to be `{UNCONFINED}`, but the annotation `{key}` sets `{pinned}`"
                ));
            }
        }
        allow_nested_sandboxing(&mut spec, primary_name)?;
        set(&mut annotations, &key, UNCONFINED);
        set(
            &mut annotations,
            &format!("{CAPABILITY_ANNOTATION}nested-sandboxing"),
            "true",
        );
    }
    if let Some(seconds) = helpers.termination_grace_period {
        spec.insert("terminationGracePeriodSeconds".into(), json!(seconds));
    }
    Ok(Applied {
        annotations,
        pod_spec: Some(Value::Object(spec)),
    })
}

/// Set `key` keeping its place when present (a Python dict assignment).
fn set(pairs: &mut Vec<(String, String)>, key: &str, value: &str) {
    match pairs.iter_mut().find(|(k, _)| k == key) {
        Some(pair) => pair.1 = value.to_string(),
        None => pairs.push((key.to_string(), value.to_string())),
    }
}

/// The SDK's `_clone_with_primary`: a spec whose `containers` hold one named
/// `primary_name`, appended when missing.
fn with_primary(spec: Option<&Value>, primary_name: &str) -> Result<Map<String, Value>, String> {
    let mut spec = match spec {
        None => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => return Err("`pod_spec` is not an object".into()),
    };
    let containers = spec
        .entry("containers")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(containers) = containers else {
        return Err("`pod_spec.containers` is not a list".into());
    };
    if !containers
        .iter()
        .any(|c| c.get("name").and_then(Value::as_str) == Some(primary_name))
    {
        containers.push(json!({ "name": primary_name }));
    }
    Ok(spec)
}

fn primary<'s>(
    spec: &'s mut Map<String, Value>,
    name: &str,
) -> Result<&'s mut Map<String, Value>, String> {
    spec.get_mut("containers")
        .and_then(Value::as_array_mut)
        .and_then(|cs| {
            cs.iter_mut()
                .find(|c| c.get("name").and_then(Value::as_str) == Some(name))
        })
        .and_then(Value::as_object_mut)
        .ok_or_else(|| format!("the primary container `{name}` is not an object"))
}

/// The object under `key`, created when missing.
fn object<'m>(
    map: &'m mut Map<String, Value>,
    key: &str,
) -> Result<&'m mut Map<String, Value>, String> {
    map.entry(key)
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(|| format!("`{key}` of the primary container is not an object"))
}

/// The list under `key`, created when missing.
fn list<'m>(map: &'m mut Map<String, Value>, key: &str) -> Result<&'m mut Vec<Value>, String> {
    map.entry(key)
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
        .ok_or_else(|| format!("`{key}` is not a list"))
}

fn add_sys_admin(container: &mut Map<String, Value>) -> Result<(), String> {
    let context = object(container, "securityContext")?;
    let add = list(object(context, "capabilities")?, "add")?;
    if !add.iter().any(|c| c == "SYS_ADMIN") {
        add.push("SYS_ADMIN".into());
    }
    Ok(())
}

/// The primary container's `securityContext.<key>` when written as a bool.
fn security_flag(container: &Map<String, Value>, key: &str) -> Option<bool> {
    container.get("securityContext")?.get(key)?.as_bool()
}

fn allow_fuse(spec: &mut Map<String, Value>, name: &str, fuse: Fuse) -> Result<(), String> {
    match fuse {
        Fuse::Privileged => {
            let container = primary(spec, name)?;
            if security_flag(container, "privileged") == Some(false) {
                return Err(format!(
                    "`allow_fuse = privileged` makes the primary container `{name}` privileged, \
                     but its `securityContext` sets `privileged: false`"
                ));
            }
            if security_flag(container, "allowPrivilegeEscalation") == Some(false) {
                return Err(
                    "`allow_fuse = privileged` makes the primary container privileged, which \
                     Kubernetes rejects with `allowPrivilegeEscalation: false`"
                        .into(),
                );
            }
            let volumes = list(spec, "volumes")?;
            if !volumes
                .iter()
                .any(|v| v.get("name").and_then(Value::as_str) == Some(FUSE_VOLUME))
            {
                volumes.push(json!({
                    "name": FUSE_VOLUME,
                    "hostPath": { "path": FUSE_PATH, "type": "CharDevice" },
                }));
            }
            let container = primary(spec, name)?;
            let mounts = list(container, "volumeMounts")?;
            if !mounts
                .iter()
                .any(|m| m.get("name").and_then(Value::as_str) == Some(FUSE_VOLUME))
            {
                mounts.push(json!({ "name": FUSE_VOLUME, "mountPath": FUSE_PATH }));
            }
            object(container, "securityContext")?.insert("privileged".into(), true.into());
            add_sys_admin(container)
        }
        Fuse::DevicePlugin => {
            let container = primary(spec, name)?;
            let resources = object(container, "resources")?;
            for side in ["requests", "limits"] {
                object(resources, side)?.insert(FUSE_RESOURCE.into(), "1".into());
            }
            add_sys_admin(container)
        }
    }
}

fn allow_nested_sandboxing(spec: &mut Map<String, Value>, name: &str) -> Result<(), String> {
    let container = primary(spec, name)?;
    if security_flag(container, "privileged") == Some(true) {
        return Err(
            "`allow_nested_sandboxing` sets `allowPrivilegeEscalation: false`, which Kubernetes \
             rejects on a privileged container (`privileged: true`, or `allow_fuse = privileged`; \
             `allow_fuse = true` composes with it)"
                .into(),
        );
    }
    if security_flag(container, "allowPrivilegeEscalation") == Some(true) {
        return Err(
            "`allow_nested_sandboxing` sets `allowPrivilegeEscalation: false`, but the primary \
             container's `securityContext` sets it to `true`"
                .into(),
        );
    }
    add_sys_admin(container)?;
    object(container, "securityContext")?.insert("allowPrivilegeEscalation".into(), false.into());
    Ok(())
}
