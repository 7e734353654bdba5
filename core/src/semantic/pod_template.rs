//! `pod_template = "name"` or `pod_template { labels, annotations,
//! primary_container_name, pod_spec { … } }`. `pod_spec` is written in the
//! Kubernetes JSON shape (camelCase keys); its field names are checked
//! against the `PodSpec` and `Container` schemas so a typo is caught here
//! rather than by the cluster.

use super::attr_values::{InlinePodTemplate, PodTemplate};
use super::attrs::{POD_TEMPLATE_ATTRS, known_attrs};
use super::cx::Cx;
use super::pod_helpers::{self, Fuse};
use super::suggest_name;
use super::value_readers::{self, mismatch};
use crate::diagnostics::Code;
use crate::syntax::ast::{Body, Entry, Value, ValueKind};

pub(crate) const BAD_POD_TEMPLATE: Code = Code::E0312;

/// The fields of Kubernetes `v1.PodSpec`.
const POD_SPEC_FIELDS: &[&str] = &[
    "activeDeadlineSeconds",
    "affinity",
    "automountServiceAccountToken",
    "containers",
    "dnsConfig",
    "dnsPolicy",
    "enableServiceLinks",
    "ephemeralContainers",
    "hostAliases",
    "hostIPC",
    "hostNetwork",
    "hostPID",
    "hostUsers",
    "hostname",
    "hostnameOverride",
    "imagePullSecrets",
    "initContainers",
    "nodeName",
    "nodeSelector",
    "os",
    "overhead",
    "preemptionPolicy",
    "priority",
    "priorityClassName",
    "readinessGates",
    "resourceClaims",
    "resources",
    "restartPolicy",
    "runtimeClassName",
    "schedulerName",
    "schedulingGates",
    "securityContext",
    "serviceAccount",
    "serviceAccountName",
    "setHostnameAsFQDN",
    "shareProcessNamespace",
    "subdomain",
    "terminationGracePeriodSeconds",
    "tolerations",
    "topologySpreadConstraints",
    "volumes",
];

/// The fields of Kubernetes `v1.Container`.
const CONTAINER_FIELDS: &[&str] = &[
    "args",
    "command",
    "env",
    "envFrom",
    "image",
    "imagePullPolicy",
    "lifecycle",
    "livenessProbe",
    "name",
    "ports",
    "readinessProbe",
    "resizePolicy",
    "resources",
    "restartPolicy",
    "securityContext",
    "startupProbe",
    "stdin",
    "stdinOnce",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "tty",
    "volumeDevices",
    "volumeMounts",
    "workingDir",
];

const LIST_FIELDS: &[&str] = &[
    "containers",
    "initContainers",
    "ephemeralContainers",
    "volumes",
    "tolerations",
    "imagePullSecrets",
    "hostAliases",
    "readinessGates",
    "topologySpreadConstraints",
    "schedulingGates",
    "resourceClaims",
];

pub(crate) fn lower_pod_template(cx: &mut Cx, v: &Value) -> Option<PodTemplate> {
    match &v.kind {
        ValueKind::Str(s) => {
            if s.value.is_empty() {
                cx.error(
                    BAD_POD_TEMPLATE,
                    v.span,
                    "a pod template name cannot be empty",
                    "name a pod template, or leave `pod_template` out",
                );
                return None;
            }
            Some(PodTemplate::Named(s.value.clone()))
        }
        ValueKind::Map(body) => {
            let mut out = InlinePodTemplate {
                labels: Vec::new(),
                annotations: Vec::new(),
                primary_container_name: "primary".to_string(),
                pod_spec: None,
                helpers: Default::default(),
            };
            let mut ok = true;
            let attrs = known_attrs(cx, body, "pod_template", POD_TEMPLATE_ATTRS);
            for attr in &attrs {
                let v = &attr.value;
                match attr.key.name.as_str() {
                    "labels" | "annotations" => {
                        let what = format!("pod_template.{}", attr.key.name);
                        match value_readers::string_map(cx, v, &what) {
                            Some(pairs) => {
                                let pairs = pairs.into_iter().map(|(k, v, _)| (k, v)).collect();
                                if attr.key.name == "labels" {
                                    out.labels = pairs;
                                } else {
                                    out.annotations = pairs;
                                }
                            }
                            None => ok = false,
                        }
                    }
                    "primary_container_name" => {
                        match value_readers::string(cx, v, "primary_container_name") {
                            Some(s) => out.primary_container_name = s,
                            None => ok = false,
                        }
                    }
                    "pod_spec" => {
                        let Some(spec) = value_readers::block(cx, v, "pod_spec") else {
                            ok = false;
                            continue;
                        };
                        if !check_fields(cx, spec, "pod_spec", POD_SPEC_FIELDS) {
                            ok = false;
                            continue;
                        }
                        match value_readers::to_json(cx, v, "pod_spec") {
                            Some(json) => out.pod_spec = Some(json),
                            None => ok = false,
                        }
                    }
                    "allow_fuse" => match value_readers::word(cx, v, "allow_fuse", FUSE_WORDS) {
                        Some("true") => out.helpers.fuse = Some(Fuse::DevicePlugin),
                        Some("privileged") => out.helpers.fuse = Some(Fuse::Privileged),
                        Some(_) => {}
                        None => ok = false,
                    },
                    "allow_nested_sandboxing" => {
                        match value_readers::boolean(cx, v, "allow_nested_sandboxing") {
                            Some(on) => out.helpers.nested_sandboxing = on,
                            None => ok = false,
                        }
                    }
                    "termination_grace_period" => match grace_period(cx, v) {
                        Some(seconds) => out.helpers.termination_grace_period = Some(seconds),
                        None => ok = false,
                    },
                    _ => {}
                }
            }
            if ok && let Err(conflict) = pod_helpers::apply(&out) {
                let at = attrs
                    .iter()
                    .rev()
                    .find(|a| a.key.name.starts_with("allow_"))
                    .map_or(v.span, |a| a.span);
                cx.error(
                    BAD_POD_TEMPLATE,
                    at,
                    conflict,
                    "drop the helper, or the setting of `pod_spec`/`annotations` it conflicts with",
                );
                return None;
            }
            ok.then_some(PodTemplate::Inline(out))
        }
        _ => {
            mismatch(
                cx,
                v,
                "pod_template",
                "a template name string or a `pod_template { … }` block",
            );
            None
        }
    }
}

/// `allow_fuse`: off, the device plugin (`true`) or a privileged hostPath.
const FUSE_WORDS: &[&str] = &["true", "false", "privileged"];

/// `termination_grace_period = 10m` or `= 600`: whole seconds. The SDK
/// truncates a `timedelta` to whole seconds; a fraction here is an error
/// rather than a silently shorter grace period.
fn grace_period(cx: &mut Cx, v: &Value) -> Option<u64> {
    let d = value_readers::duration(cx, v, "termination_grace_period", true)?;
    if d.subsec_nanos() != 0 {
        cx.error(
            BAD_POD_TEMPLATE,
            v.span,
            "`termination_grace_period` is a whole number of seconds",
            format!(
                "Kubernetes counts the grace period in seconds; write `{}s`",
                d.as_secs()
            ),
        );
        return None;
    }
    Some(d.as_secs())
}

/// Check the keys of a Kubernetes object against its schema; containers are
/// checked one level down. Returns false when something was reported.
fn check_fields(cx: &mut Cx, body: &Body, what: &str, fields: &[&str]) -> bool {
    let mut ok = true;
    for entry in &body.entries {
        let Entry::Attr(attr) = entry else {
            super::attrs::unexpected_entry(cx, entry, what);
            ok = false;
            continue;
        };
        let key = attr.key.name.as_str();
        if !fields.contains(&key) {
            let camel = snake_to_camel(key);
            let suggestion = if fields.contains(&camel.as_str()) {
                Some(camel)
            } else {
                suggest_name(key, fields).map(str::to_string)
            };
            cx.error(
                BAD_POD_TEMPLATE,
                attr.key.span,
                format!(
                    "`{key}` is not a field of a Kubernetes {}",
                    if what == "pod_spec" {
                        "PodSpec"
                    } else {
                        "Container"
                    }
                ),
                match suggestion {
                    Some(s) => format!(
                        "did you mean `{s}`? `pod_spec` uses the Kubernetes JSON names (camelCase)"
                    ),
                    None => "`pod_spec` uses the Kubernetes JSON names (camelCase)".to_string(),
                },
            );
            ok = false;
            continue;
        }
        let shape = if what == "pod_spec" {
            pod_spec_shape(key)
        } else {
            container_shape(key)
        };
        if let Some(shape) = shape {
            if !shape.accepts(&attr.value.kind) {
                mismatch(cx, &attr.value, &format!("{what}.{key}"), shape.describe());
                ok = false;
                continue;
            }
        }
        if LIST_FIELDS.contains(&key) && what == "pod_spec" {
            let ValueKind::List(items) = &attr.value.kind else {
                mismatch(cx, &attr.value, &format!("pod_spec.{key}"), "a list `[…]`");
                ok = false;
                continue;
            };
            if matches!(key, "containers" | "initContainers" | "ephemeralContainers") {
                for item in items {
                    ok &= check_container(cx, item, key);
                }
            }
        }
    }
    ok
}

fn check_container(cx: &mut Cx, v: &Value, list: &str) -> bool {
    let ValueKind::Map(body) = &v.kind else {
        mismatch(
            cx,
            v,
            &format!("pod_spec.{list}[…]"),
            "a container block `{ name = \"…\", … }`",
        );
        return false;
    };
    let mut ok = check_fields(cx, body, "container", CONTAINER_FIELDS);
    let has_name = body
        .entries
        .iter()
        .any(|e| matches!(e, Entry::Attr(a) if a.key.name == "name"));
    if !has_name {
        cx.error(
            BAD_POD_TEMPLATE,
            body.span,
            "a container in `pod_spec` needs a `name`",
            "add `name = \"primary\"` (the primary container's name)",
        );
        ok = false;
    }
    ok
}

fn snake_to_camel(s: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in s.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The JSON shape a Kubernetes field takes, for the type check.
#[derive(Clone, Copy)]
enum Shape {
    Str,
    Bool,
    Int,
    List,
    Object,
}

impl Shape {
    fn accepts(self, kind: &ValueKind) -> bool {
        match self {
            Shape::Str => matches!(kind, ValueKind::Str(_) | ValueKind::Ident(_)),
            Shape::Bool => matches!(kind, ValueKind::Bool(_)),
            Shape::Int => matches!(kind, ValueKind::Int(_)),
            Shape::List => matches!(kind, ValueKind::List(_)),
            Shape::Object => matches!(kind, ValueKind::Map(_)),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Shape::Str => "a string",
            Shape::Bool => "`true` or `false`",
            Shape::Int => "an integer",
            Shape::List => "a list `[…]`",
            Shape::Object => "a block `{ … }`",
        }
    }
}

fn pod_spec_shape(key: &str) -> Option<Shape> {
    Some(match key {
        "dnsPolicy" | "hostname" | "hostnameOverride" | "nodeName" | "preemptionPolicy"
        | "priorityClassName" | "restartPolicy" | "runtimeClassName" | "schedulerName"
        | "serviceAccount" | "serviceAccountName" | "subdomain" => Shape::Str,
        "automountServiceAccountToken"
        | "enableServiceLinks"
        | "hostIPC"
        | "hostNetwork"
        | "hostPID"
        | "hostUsers"
        | "setHostnameAsFQDN"
        | "shareProcessNamespace" => Shape::Bool,
        "activeDeadlineSeconds" | "priority" | "terminationGracePeriodSeconds" => Shape::Int,
        "affinity" | "dnsConfig" | "nodeSelector" | "os" | "overhead" | "resources"
        | "securityContext" => Shape::Object,
        k if LIST_FIELDS.contains(&k) => Shape::List,
        _ => return None,
    })
}

fn container_shape(key: &str) -> Option<Shape> {
    Some(match key {
        "name"
        | "image"
        | "imagePullPolicy"
        | "restartPolicy"
        | "terminationMessagePath"
        | "terminationMessagePolicy"
        | "workingDir" => Shape::Str,
        "stdin" | "stdinOnce" | "tty" => Shape::Bool,
        "args" | "command" | "env" | "envFrom" | "ports" | "resizePolicy" | "volumeDevices"
        | "volumeMounts" => Shape::List,
        "lifecycle" | "livenessProbe" | "readinessProbe" | "resources" | "securityContext"
        | "startupProbe" => Shape::Object,
        _ => return None,
    })
}
