//! `plugin pytorch { … }`: `flyteplugins.pytorch.Elastic`, a torch elastic
//! job (kubeflow's `PyTorchJob`).

use super::super::attrs::{PYTORCH_ATTRS, RUN_POLICY_ATTRS, known_attrs};
use super::super::cx::Cx;
use super::super::model::{CleanPodPolicy, ElasticConfig, NNodes, RunPolicy};
use super::super::value_readers;
use super::{BAD_PLUGIN, int32};
use crate::syntax::ast::{LabeledBlock, Value, ValueKind};

/// The rendezvous backends `Elastic.rdzv_backend` allows.
const RDZV_BACKENDS: &[&str] = &["c10d", "etcd", "etcd-v2"];
const CLEAN_POD_POLICIES: &[&str] = &["none", "all", "running"];

pub(super) fn elastic(cx: &mut Cx, block: &LabeledBlock) -> Option<ElasticConfig> {
    let mut ok = true;
    let mut nnodes = None;
    let mut nproc_per_node = None;
    let mut out = ElasticConfig {
        nnodes: NNodes::Count(1),
        nproc_per_node: 1,
        rdzv_backend: None,
        max_restarts: None,
        monitor_interval: None,
        rdzv_configs: None,
        nccl_heartbeat_timeout_sec: None,
        nccl_async_error_handling: None,
        nccl_collective_timeout_sec: None,
        nccl_enable_monitoring: None,
        run_policy: None,
    };
    let attrs = known_attrs(cx, &block.body, "plugin pytorch", PYTORCH_ATTRS);
    for attr in &attrs {
        let v = &attr.value;
        let name = attr.key.name.as_str();
        let read =
            match name {
                "nnodes" => read_nnodes(cx, v).map(|n| nnodes = Some(n)),
                "nproc_per_node" => int32(cx, v, name, 1).map(|n| nproc_per_node = Some(n)),
                "rdzv_backend" => value_readers::word(cx, v, name, RDZV_BACKENDS)
                    .map(|w| out.rdzv_backend = Some(w.to_string())),
                "max_restarts" => int32(cx, v, name, 0).map(|n| out.max_restarts = Some(n)),
                "monitor_interval" => int32(cx, v, name, 1).map(|n| out.monitor_interval = Some(n)),
                "rdzv_configs" => {
                    value_readers::json_block(cx, v, name).map(|m| out.rdzv_configs = Some(m))
                }
                "nccl_heartbeat_timeout_sec" => {
                    seconds_or_none(cx, v, name).map(|s| out.nccl_heartbeat_timeout_sec = Some(s))
                }
                "nccl_collective_timeout_sec" => {
                    seconds_or_none(cx, v, name).map(|s| out.nccl_collective_timeout_sec = Some(s))
                }
                "nccl_async_error_handling" => value_readers::boolean(cx, v, name)
                    .map(|b| out.nccl_async_error_handling = Some(b)),
                "nccl_enable_monitoring" => value_readers::boolean(cx, v, name)
                    .map(|b| out.nccl_enable_monitoring = Some(b)),
                "run_policy" => run_policy(cx, v).map(|p| out.run_policy = Some(p)),
                _ => Some(()),
            };
        ok &= read.is_some();
    }
    for (required, present, example) in [
        ("nnodes", nnodes.is_some(), "nnodes = 2"),
        (
            "nproc_per_node",
            nproc_per_node.is_some(),
            "nproc_per_node = 8",
        ),
    ] {
        if !present && !attrs.iter().any(|a| a.key.name == required) {
            cx.error(
                BAD_PLUGIN,
                block.label.span,
                format!("`plugin pytorch` needs `{required}`"),
                format!("write `{example}` in the block (`Elastic` has no default for it)"),
            );
            ok = false;
        }
    }
    out.nnodes = nnodes?;
    out.nproc_per_node = nproc_per_node?;
    ok.then_some(out)
}

/// `nnodes = 2` or `nnodes = "2:4"`: the forms torch's launcher parses
/// (`parse_min_max_nnodes`), with at least one node.
fn read_nnodes(cx: &mut Cx, v: &Value) -> Option<NNodes> {
    let ValueKind::Str(s) = &v.kind else {
        return int32(cx, v, "nnodes", 1).map(NNodes::Count);
    };
    let text = s.value.as_str();
    let bound = |part: &str| {
        (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
            .filter(|n| (1..=i32::MAX as u32).contains(n))
    };
    let parsed = match text.split_once(':') {
        None => bound(text).map(|n| (n, n)),
        Some((lo, hi)) => bound(lo).zip(bound(hi)).filter(|(lo, hi)| lo <= hi),
    };
    match parsed {
        Some((min, max)) => Some(NNodes::Text {
            text: text.to_string(),
            min,
            max,
        }),
        None => {
            cx.error(
                BAD_PLUGIN,
                v.span,
                format!("`nnodes = \"{text}\"` is not a node count or a range"),
                "write a count (`nnodes = 2`) or a range `\"MIN:MAX\"` with 1 ≤ MIN ≤ MAX (`\"2:4\"`)",
            );
            None
        }
    }
}

/// A number of seconds, or `none` for PyTorch's own default.
fn seconds_or_none(cx: &mut Cx, v: &Value, what: &str) -> Option<Option<u32>> {
    match v.kind {
        ValueKind::None => Some(None),
        _ => int32(cx, v, what, 1).map(Some),
    }
}

fn run_policy(cx: &mut Cx, v: &Value) -> Option<RunPolicy> {
    let body = value_readers::block(cx, v, "run_policy")?;
    let mut out = RunPolicy::default();
    let mut ok = true;
    for attr in known_attrs(cx, body, "run_policy", RUN_POLICY_ATTRS) {
        let v = &attr.value;
        let name = attr.key.name.as_str();
        let read = match name {
            "clean_pod_policy" => value_readers::word(cx, v, name, CLEAN_POD_POLICIES).map(|w| {
                out.clean_pod_policy = Some(match w {
                    "none" => CleanPodPolicy::None,
                    "all" => CleanPodPolicy::All,
                    _ => CleanPodPolicy::Running,
                })
            }),
            "ttl_seconds_after_finished" => {
                int32(cx, v, name, 0).map(|n| out.ttl_seconds_after_finished = Some(n))
            }
            "active_deadline_seconds" => {
                int32(cx, v, name, 1).map(|n| out.active_deadline_seconds = Some(n))
            }
            "backoff_limit" => int32(cx, v, name, 0).map(|n| out.backoff_limit = Some(n)),
            _ => Some(()),
        };
        ok &= read.is_some();
    }
    ok.then_some(out)
}
