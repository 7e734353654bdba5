//! `plugin ray { … }`: `flyteplugins.ray.RayJobConfig`, a KubeRay job with
//! a head group, worker groups and the autoscaler.

use super::super::attrs::{
    RAY_ATTRS, RAY_AUTOSCALER_ATTRS, RAY_HEAD_ATTRS, RAY_WORKER_ATTRS, known_attrs,
};
use super::super::cx::Cx;
use super::super::model::{
    Gpu, RayAutoscaler, RayConfig, RayNode, RayWorkerGroup, Resources, UpscalingMode,
};
use super::super::resources::lower_resources;
use super::super::value_readers;
use super::{BAD_PLUGIN, has_containers, inline_pod, int32, no_containers};
use crate::diagnostics::Diagnostic;
use crate::syntax::ast::{Attribute, LabeledBlock, Value};

pub(super) fn ray(cx: &mut Cx, block: &LabeledBlock) -> Option<RayConfig> {
    let mut out = RayConfig::default();
    let mut ok = true;
    let attrs = known_attrs(cx, &block.body, "plugin ray", RAY_ATTRS);
    for attr in &attrs {
        let v = &attr.value;
        let name = attr.key.name.as_str();
        let read = match name {
            "head" => value_readers::block(cx, v, name)
                .and_then(|body| {
                    let attrs = known_attrs(cx, body, "head", RAY_HEAD_ATTRS);
                    node(cx, v, "head", &attrs)
                })
                .map(|n| out.head = Some(n)),
            "workers" => workers(cx, v).map(|w| out.workers = w),
            "enable_autoscaling" | "shutdown_after_job_finishes" => {
                value_readers::boolean(cx, v, name).map(|b| match name {
                    "enable_autoscaling" => out.enable_autoscaling = Some(b),
                    _ => out.shutdown_after_job_finishes = Some(b),
                })
            }
            "autoscaler" => autoscaler(cx, v).map(|a| out.autoscaler = Some(a)),
            "runtime_env" => runtime_env(cx, v).map(|m| out.runtime_env = Some(m)),
            "address" => value_readers::string(cx, v, name).map(|s| out.address = Some(s)),
            "ttl_seconds_after_finished" => {
                int32(cx, v, name, 0).map(|n| out.ttl_seconds_after_finished = Some(n))
            }
            _ => Some(()),
        };
        ok &= read.is_some();
    }
    if !attrs.iter().any(|a| a.key.name == "workers") {
        cx.error(
            BAD_PLUGIN,
            block.label.span,
            "`plugin ray` needs `workers`",
            "write the worker groups, e.g. `workers = [{ group_name = \"cpu\", replicas = 2 }]` \
             (`RayJobConfig` has no default for them; `[]` for none)",
        );
        ok = false;
    }
    ok.then_some(out)
}

/// `runtime_env { … }`, as the YAML the job carries can be written.
fn runtime_env(cx: &mut Cx, v: &Value) -> Option<serde_json::Map<String, serde_json::Value>> {
    let map = value_readers::json_block(cx, v, "runtime_env")?;
    if let Err(why) = super::runtime_env::yaml_dump(&map) {
        cx.error(
            BAD_PLUGIN,
            v.span,
            format!("this `runtime_env` cannot be sent as written: {why}"),
            "use printable ASCII strings (a space may not come past column 80 of PyYAML's \
             line), whole numbers, booleans, lists and blocks",
        );
        return None;
    }
    Some(map)
}

fn workers(cx: &mut Cx, v: &Value) -> Option<Vec<RayWorkerGroup>> {
    let items = value_readers::list(cx, v, "workers")?;
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(body) = value_readers::block(cx, item, "a worker group") else {
            ok = false;
            continue;
        };
        let attrs = known_attrs(cx, body, "a worker group", RAY_WORKER_ATTRS);
        let mut group = RayWorkerGroup::default();
        let mut group_ok = true;
        for attr in &attrs {
            let v = &attr.value;
            let name = attr.key.name.as_str();
            let read = match name {
                "group_name" => value_readers::string(cx, v, name).map(|s| group.group_name = s),
                "replicas" => int32(cx, v, name, 0).map(|n| group.replicas = n),
                "min_replicas" => int32(cx, v, name, 0).map(|n| group.min_replicas = Some(n)),
                "max_replicas" => int32(cx, v, name, 0).map(|n| group.max_replicas = Some(n)),
                _ => Some(()),
            };
            group_ok &= read.is_some();
        }
        for required in ["group_name", "replicas"] {
            if !attrs.iter().any(|a| a.key.name == required) {
                cx.error(
                    BAD_PLUGIN,
                    item.span,
                    format!("a Ray worker group needs `{required}`"),
                    "write `{ group_name = \"cpu\", replicas = 2 }` (`WorkerNodeConfig` has no \
                     default for them)",
                );
                group_ok = false;
            }
        }
        match node(cx, item, "a worker group", &attrs) {
            Some(node) if group_ok => {
                group.node = node;
                out.push(group);
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// The pod settings of a head or worker group (`attrs` of its block).
fn node(cx: &mut Cx, v: &Value, what: &str, attrs: &[&Attribute]) -> Option<RayNode> {
    let mut out = RayNode::default();
    let mut ok = true;
    for attr in attrs {
        let v = &attr.value;
        let name = attr.key.name.as_str();
        let read = match name {
            "ray_start_params" => value_readers::string_map(cx, v, name).map(|pairs| {
                out.ray_start_params = pairs.into_iter().map(|(k, v, _)| (k, v)).collect()
            }),
            "requests" | "limits" => node_resources(cx, v, name).map(|r| match name {
                "requests" => out.requests = Some(r),
                _ => out.limits = Some(r),
            }),
            "pod_template" => inline_pod(cx, v, name).map(|t| out.pod_template = Some(t)),
            _ => Some(()),
        };
        ok &= read.is_some();
    }
    // Without resources the template is sent as written, through a
    // `V1PodSpec`, which requires the containers.
    if let Some(template) = &out.pod_template
        && out.requests.is_none()
        && out.limits.is_none()
        && !has_containers(template)
    {
        let at = attrs
            .iter()
            .find(|a| a.key.name == "pod_template")
            .map_or(v, |a| &a.value);
        no_containers(cx, at, &format!("the `pod_template` of {what}"));
        ok = false;
    }
    ok.then_some(out)
}

/// `requests { … }` / `limits { … }` of a Ray group: the env forms, each a
/// single quantity (the SDK's `pod_spec_from_resources` refuses tuples),
/// and a GPU count of at least 1 (a `0` reaches Kubernetes as a number).
fn node_resources(cx: &mut Cx, v: &Value, what: &str) -> Option<Resources> {
    let resources = lower_resources(cx, v)?;
    let mut ok = true;
    for (key, rl) in [("cpu", &resources.cpu), ("memory", &resources.memory)] {
        if let Some(limit) = rl.as_ref().and_then(|rl| rl.limit.as_ref()) {
            cx.push(
                Diagnostic::error(
                    BAD_PLUGIN,
                    limit.at,
                    format!("`{what}.{key}` is one quantity"),
                )
                .with_help("a Ray group takes `requests` and `limits` as separate blocks"),
            );
            ok = false;
        }
    }
    if let Some(Gpu::Count { count: 0, at }) = &resources.gpu {
        cx.push(
            Diagnostic::error(BAD_PLUGIN, *at, format!("`{what}.gpu` must be at least 1"))
                .with_help(
                    "leave `gpu` out for no GPU; the SDK cannot build a Ray pod with `gpu = 0`",
                ),
        );
        ok = false;
    }
    ok.then_some(resources)
}

fn autoscaler(cx: &mut Cx, v: &Value) -> Option<RayAutoscaler> {
    let body = value_readers::block(cx, v, "autoscaler")?;
    let mut out = RayAutoscaler::default();
    let mut ok = true;
    for attr in known_attrs(cx, body, "autoscaler", RAY_AUTOSCALER_ATTRS) {
        let v = &attr.value;
        let name = attr.key.name.as_str();
        let read = match name {
            "upscaling_mode" => value_readers::word(cx, v, name, UpscalingMode::WORDS)
                .map(|w| out.upscaling_mode = UpscalingMode::from_word(w)),
            "idle_timeout_seconds" => {
                int32(cx, v, name, 0).map(|n| out.idle_timeout_seconds = Some(n))
            }
            "image" => value_readers::string(cx, v, name).map(|s| out.image = Some(s)),
            "env_vars" => value_readers::string_map(cx, v, name)
                .map(|pairs| out.env_vars = pairs.into_iter().map(|(k, v, _)| (k, v)).collect()),
            "resources" => lower_resources(cx, v).map(|r| out.resources = Some(r)),
            _ => Some(()),
        };
        ok &= read.is_some();
    }
    ok.then_some(out)
}
