//! Resolved settings as the SDK objects that carry them: `flyte.Resources`,
//! `flyte.Secret`, `flyte.Cache`, `flyte.ReusePolicy`, … Each function gives
//! the keyword argument's value; which keywords a call takes is decided by
//! the env, template and override writers.

use serde_json::Value;

use super::annotations::timedelta;
use super::expr::Py;
use crate::semantic::model::{
    Cache, DeviceClass, Gpu, InlinePodTemplate, Link, PodTemplate, Quantity, RequestLimit,
    Resources, Retries, Reusable, ReuseScope, Secret, Settings, Shm, Timeout,
};
use crate::semantic::pod_helpers::Fuse;

/// Every keyword a setting can be passed as, in the order calls list them.
pub(crate) const ORDER: &[&str] = &[
    "short_name",
    "image",
    "resources",
    "env_vars",
    "secrets",
    "service_account",
    "cache",
    "reusable",
    "retries",
    "timeout",
    "interruptible",
    "queue",
    "pod_template",
    "plugin_config",
    "report",
    "max_inline_io_bytes",
    "links",
    "entrypoint",
    "produces_artifacts",
    "debuggable",
];

/// The value of one setting as an SDK keyword argument, `None` when unset.
pub(crate) fn kwarg(settings: &Settings, keyword: &str) -> Option<Py> {
    let s = settings;
    match keyword {
        "short_name" => s.short_name.as_ref().map(|v| Py::str(&v.value)),
        "image" => s.image.as_ref().map(|v| super::image::image(&v.value)),
        "resources" => s.resources.as_ref().map(|v| resources(&v.value)),
        "env_vars" => s.env_vars.as_ref().map(|v| {
            Py::Dict(
                v.value
                    .iter()
                    .map(|e| (Py::str(&e.key), Py::str(&e.value)))
                    .collect(),
            )
        }),
        "secrets" => s
            .secrets
            .as_ref()
            .map(|v| Py::List(v.value.iter().map(secret).collect())),
        "service_account" => s.service_account.as_ref().map(|v| Py::str(&v.value)),
        "cache" => s.cache.as_ref().map(|v| cache(&v.value)),
        "reusable" => s.reusable.as_ref().map(|v| reusable(&v.value)),
        "retries" => s.retries.as_ref().map(|v| retries(&v.value)),
        "timeout" => s.timeout.as_ref().map(|v| timeout(&v.value)),
        "interruptible" => s.interruptible.as_ref().map(|v| Py::bool(v.value)),
        "queue" => s.queue.as_ref().map(|v| Py::str(&v.value)),
        "pod_template" => s.pod_template.as_ref().map(|v| pod_template(&v.value)),
        "plugin_config" => s.plugin.as_ref().map(|v| super::plugins::plugin(&v.value)),
        "report" => s.report.as_ref().map(|v| Py::bool(v.value)),
        "max_inline_io_bytes" => s
            .max_inline_io_bytes
            .as_ref()
            .map(|v| Py::raw(v.value.to_string())),
        "links" => s.links.as_ref().map(|v| links(&v.value)),
        "entrypoint" => s.entrypoint.as_ref().map(|v| Py::bool(v.value)),
        "produces_artifacts" => s.produces_artifacts.as_ref().map(|v| Py::bool(v.value)),
        "debuggable" => s.debuggable.as_ref().map(|v| Py::bool(v.value)),
        _ => None,
    }
}

/// The keywords among `keywords` whose value differs between `base` and
/// `settings` (set in `settings`), in [`ORDER`].
pub(crate) fn differing(
    settings: &Settings,
    base: &Settings,
    keywords: &[&str],
) -> Vec<(String, Py)> {
    ORDER
        .iter()
        .filter(|k| keywords.contains(k))
        .filter_map(|k| {
            let value = kwarg(settings, k)?;
            let before = kwarg(base, k);
            (before.as_ref().map(Py::flat) != Some(value.flat())).then(|| (k.to_string(), value))
        })
        .collect()
}

/// The keywords among `keywords` that are set, in [`ORDER`].
pub(crate) fn set(settings: &Settings, keywords: &[&str]) -> Vec<(String, Py)> {
    ORDER
        .iter()
        .filter(|k| keywords.contains(k))
        .filter_map(|k| Some((k.to_string(), kwarg(settings, k)?)))
        .collect()
}

fn quantity(q: &Quantity) -> Py {
    Py::str(&q.text)
}

fn request_limit(rl: &RequestLimit) -> Py {
    match &rl.limit {
        Some(limit) => Py::Tuple(vec![quantity(&rl.request), quantity(limit)]),
        None => quantity(&rl.request),
    }
}

pub(crate) fn resources(r: &Resources) -> Py {
    let mut kwargs = Vec::new();
    if let Some(cpu) = &r.cpu {
        kwargs.push(("cpu", request_limit(cpu)));
    }
    if let Some(memory) = &r.memory {
        kwargs.push(("memory", request_limit(memory)));
    }
    if let Some(gpu) = &r.gpu {
        kwargs.push(("gpu", self::gpu(gpu)));
    }
    if let Some(disk) = &r.disk {
        kwargs.push(("disk", quantity(disk)));
    }
    if let Some(shm) = &r.shm {
        let value = match shm {
            Shm::Auto { .. } => Py::str("auto"),
            Shm::Size(q) => quantity(q),
        };
        kwargs.push(("shm", value));
    }
    Py::kwcall("flyte.Resources", kwargs)
}

fn gpu(gpu: &Gpu) -> Py {
    match gpu {
        Gpu::Count { count, .. } => Py::raw(count.to_string()),
        Gpu::Device(device) => {
            let class = match device.class {
                DeviceClass::Gpu => "GPU",
                DeviceClass::Tpu => "TPU",
                DeviceClass::Neuron => "NEURON",
                DeviceClass::Amd => "AMD_GPU",
                DeviceClass::Gaudi => "HABANA_GAUDI",
            };
            let mut kwargs = vec![
                ("quantity", Py::raw(device.count.max(1).to_string())),
                ("device_class", Py::str(class)),
                ("device", Py::str(&device.device)),
            ];
            if let Some(partition) = &device.partition {
                kwargs.push(("partition", Py::str(partition)));
            }
            Py::kwcall("flyte.Device", kwargs)
        }
    }
}

fn secret(s: &Secret) -> Py {
    if s.group.is_none() && s.env_var.is_none() && s.mount.is_none() {
        return Py::str(&s.key);
    }
    let mut kwargs = vec![("key", Py::str(&s.key))];
    if let Some(group) = &s.group {
        kwargs.push(("group", Py::str(group)));
    }
    if let Some(env_var) = &s.env_var {
        kwargs.push(("as_env_var", Py::str(env_var)));
    }
    if let Some(mount) = &s.mount {
        kwargs.push((
            "mount",
            Py::raw(format!("pathlib.Path({})", Py::str(mount).flat())),
        ));
    }
    Py::kwcall("flyte.Secret", kwargs)
}

pub(crate) fn cache(c: &Cache) -> Py {
    let plain = c.version.is_none()
        && c.serialize.is_none()
        && c.ignored_inputs.is_empty()
        && c.salt.is_none()
        && c.max_age.is_none();
    if plain {
        return Py::str(c.behavior.word());
    }
    let mut kwargs = vec![("behavior", Py::str(c.behavior.word()))];
    if let Some(version) = &c.version {
        kwargs.push(("version_override", Py::str(version)));
    }
    if let Some(serialize) = c.serialize {
        kwargs.push(("serialize", Py::bool(serialize)));
    }
    if !c.ignored_inputs.is_empty() {
        kwargs.push((
            "ignored_inputs",
            Py::Tuple(c.ignored_inputs.iter().map(|i| Py::str(&i.value)).collect()),
        ));
    }
    if let Some(salt) = &c.salt {
        kwargs.push(("salt", Py::str(salt)));
    }
    if let Some(max_age) = c.max_age {
        kwargs.push(("max_age", timedelta(max_age)));
    }
    Py::kwcall("flyte.Cache", kwargs)
}

/// `retries`: a count, or a `RetryStrategy` (always one for zero: the SDK's
/// `override()` would drop a falsy `0`).
pub(crate) fn retries(r: &Retries) -> Py {
    let Some(backoff) = &r.backoff else {
        if r.count == 0 {
            return Py::kwcall("flyte.RetryStrategy", vec![("count", Py::raw("0"))]);
        }
        return Py::raw(r.count.to_string());
    };
    let mut kwargs = vec![
        ("base", timedelta(backoff.base)),
        ("factor", Py::raw(format!("{:?}", backoff.factor))),
    ];
    if let Some(cap) = backoff.cap {
        kwargs.push(("cap", timedelta(cap)));
    }
    Py::kwcall(
        "flyte.RetryStrategy",
        vec![
            ("count", Py::raw(r.count.to_string())),
            ("backoff", Py::kwcall("flyte.Backoff", kwargs)),
        ],
    )
}

pub(crate) fn timeout(t: &Timeout) -> Py {
    if let (Some(max_runtime), None, None) = (t.max_runtime, t.max_queued_time, t.deadline) {
        return timedelta(max_runtime);
    }
    let mut kwargs = Vec::new();
    for (key, value) in [
        ("max_runtime", t.max_runtime),
        ("max_queued_time", t.max_queued_time),
        ("deadline", t.deadline),
    ] {
        if let Some(value) = value {
            kwargs.push((key, timedelta(value)));
        }
    }
    Py::kwcall("flyte.Timeout", kwargs)
}

fn reusable(r: &Reusable) -> Py {
    let Reusable::Policy(p) = r else {
        return Py::str("off");
    };
    let replicas = if p.min_replicas == p.max_replicas {
        Py::raw(p.min_replicas.to_string())
    } else {
        Py::Tuple(vec![
            Py::raw(p.min_replicas.to_string()),
            Py::raw(p.max_replicas.to_string()),
        ])
    };
    let scope = match p.scope {
        ReuseScope::Global => "global",
        ReuseScope::Run => "run",
    };
    Py::kwcall(
        "flyte.ReusePolicy",
        vec![
            ("replicas", replicas),
            ("idle_ttl", timedelta(p.idle_ttl)),
            ("concurrency", Py::raw(p.concurrency.to_string())),
            ("scaledown_ttl", timedelta(p.scaledown_ttl)),
            ("scope", Py::str(scope)),
        ],
    )
}

pub(super) fn string_dict(entries: &[(String, String)]) -> Py {
    Py::Dict(
        entries
            .iter()
            .map(|(k, v)| (Py::str(k), Py::str(v)))
            .collect(),
    )
}

/// A JSON value as a Python literal.
pub(crate) fn json(value: &Value) -> Py {
    match value {
        Value::Null => Py::raw("None"),
        Value::Bool(b) => Py::bool(*b),
        Value::Number(n) => Py::raw(n.to_string()),
        Value::String(s) => Py::str(s),
        Value::Array(items) => Py::List(items.iter().map(json).collect()),
        Value::Object(map) => Py::Dict(map.iter().map(|(k, v)| (Py::str(k), json(v))).collect()),
    }
}

fn pod_template(p: &PodTemplate) -> Py {
    match p {
        PodTemplate::Named(name) => Py::str(name),
        PodTemplate::Inline(inline) => inline_pod_template(inline),
    }
}

/// `flyte.PodTemplate(…)` with its helpers chained.
pub(super) fn inline_pod_template(inline: &InlinePodTemplate) -> Py {
    let mut kwargs = Vec::new();
    if let Some(spec) = &inline.pod_spec {
        kwargs.push(("pod_spec", Py::call("_pod_spec", vec![(None, json(spec))])));
    }
    kwargs.push((
        "primary_container_name",
        Py::str(&inline.primary_container_name),
    ));
    if !inline.labels.is_empty() {
        kwargs.push(("labels", string_dict(&inline.labels)));
    }
    if !inline.annotations.is_empty() {
        kwargs.push(("annotations", string_dict(&inline.annotations)));
    }
    // The helpers chain in the order `pod_helpers::apply` applies them.
    let mut template = Py::kwcall("flyte.PodTemplate", kwargs);
    let chain = |receiver: Py, method: &str, args: Vec<(Option<String>, Py)>| {
        Py::Method(Box::new(receiver), method.into(), args)
    };
    let helpers = &inline.helpers;
    match helpers.fuse {
        Some(Fuse::DevicePlugin) => template = chain(template, "allow_fuse", vec![]),
        Some(Fuse::Privileged) => {
            let privileged = (Some("privileged".to_string()), Py::bool(true));
            template = chain(template, "allow_fuse", vec![privileged]);
        }
        None => {}
    }
    if helpers.nested_sandboxing {
        template = chain(template, "allow_nested_sandboxing", vec![]);
    }
    if let Some(seconds) = helpers.termination_grace_period {
        let seconds = (None, Py::raw(seconds.to_string()));
        template = chain(template, "with_termination_grace_period", vec![seconds]);
    }
    template
}

fn links(links: &[Link]) -> Py {
    Py::Tuple(
        links
            .iter()
            .map(|l| {
                let mut args = vec![(None, Py::str(&l.name)), (None, Py::str(&l.uri))];
                if let Some(icon) = &l.icon_uri {
                    args.push((Some("icon_uri".to_string()), Py::str(icon)));
                }
                Py::call("_Link", args)
            })
            .collect(),
    )
}
