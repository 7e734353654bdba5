//! Reusable containers (WIRE.md §5.7): `reuse_policy`, and the legacy actor
//! rewrite of Python tasks (`type = "actor"`, `custom` = the actor spec).

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use taskc_wire::Message;
use taskc_wire::flyteidl2::core::{
    Container, ReusePolicy as WireReusePolicy, SecurityContext, reuse_policy::Scope,
};

use super::convert::{duration, python_bytes_repr, python_timedelta};
use super::image::hex;
use crate::semantic::model::{ReusePolicy, ReuseScope};
use crate::semantic::python_float::python_float_repr;

pub(crate) fn reuse_policy(policy: &ReusePolicy) -> WireReusePolicy {
    WireReusePolicy {
        min_replicas: i32::try_from(policy.min_replicas).unwrap_or(i32::MAX),
        max_replicas: i32::try_from(policy.max_replicas).unwrap_or(i32::MAX),
        concurrency: i32::try_from(policy.concurrency).unwrap_or(i32::MAX),
        idle_ttl: Some(duration(policy.idle_ttl)),
        scaledown_ttl: Some(duration(policy.scaledown_ttl)),
        scope: match policy.scope {
            ReuseScope::Global => Scope::Global,
            ReuseScope::Run => Scope::Run,
        } as i32,
    }
}

/// Everything the actor version is computed from.
pub(crate) struct ActorInput<'a> {
    pub env: &'a str,
    pub policy: &'a ReusePolicy,
    /// The task's container; its args are cleared before hashing.
    pub container: &'a Container,
    pub bundle_version: Option<&'a str>,
    pub security_context: Option<&'a SecurityContext>,
    pub interruptible: bool,
    pub pod_template_name: &'a str,
}

/// The actor version: the first 15 hex digits of a SHA-256 over the
/// resolved policy and container, spelled as the SDK spells it (WIRE.md
/// §5.7), so equal inputs give the SDK's value.
pub(crate) fn actor_version(input: &ActorInput<'_>) -> String {
    let mut container = input.container.clone();
    container.args.clear();
    let container_bytes = container.encode_to_vec();
    let security_bytes = input
        .security_context
        .map(|s| s.encode_to_vec())
        .unwrap_or_default();
    let mut s = format!(
        "{}:{}:{}:{}:{}:{}",
        input.env,
        python_bytes_repr(&container_bytes),
        input.policy.min_replicas,
        input.policy.max_replicas,
        python_float_repr(input.policy.idle_ttl.as_secs_f64()),
        python_timedelta(input.policy.scaledown_ttl),
    );
    if let Some(bundle) = input.bundle_version {
        s.push(':');
        s.push_str(bundle);
    }
    s.push_str(&format!(
        ":{}:{}:{}",
        python_bytes_repr(&security_bytes),
        if input.interruptible { "True" } else { "False" },
        input.pod_template_name
    ));
    hex(&Sha256::digest(s.as_bytes()))[..15].to_string()
}

/// `custom` of an actor task. Struct numbers are doubles, as in the SDK.
pub(crate) fn actor_custom(
    env: &str,
    version: &str,
    image: &str,
    policy: &ReusePolicy,
) -> Map<String, Value> {
    let spec = json!({
        "container_image": image,
        "backlog_length": Value::Null,
        "parallelism": f64::from(policy.concurrency),
        "min_replica_count": f64::from(policy.min_replicas),
        "replica_count": f64::from(policy.max_replicas),
        "ttl_seconds": policy.idle_ttl.as_secs_f64(),
        "scaledown_ttl_seconds": policy.scaledown_ttl.as_secs_f64(),
    });
    let mut custom = Map::new();
    custom.insert("name".into(), Value::from(env));
    custom.insert("version".into(), Value::from(version));
    custom.insert("type".into(), Value::from("actor"));
    custom.insert("spec".into(), spec);
    custom
}
