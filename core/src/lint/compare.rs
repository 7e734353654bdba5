//! Equality of resolved values that ignores where they are written: two
//! `cpu = 2` entries in different files hold the same value even though
//! their spans differ. Rules use it to tell "this changes nothing".

use crate::semantic::model::{
    Cache, EnvVar, Gpu, Link, Quantity, RequestLimit, Resources, Reusable, Secret, Settings, Shm,
    Spanned,
};

/// Same value, wherever it is written.
pub(crate) trait SameValue {
    fn same(&self, other: &Self) -> bool;
}

/// Types without spans compare with `==`.
macro_rules! same_by_eq {
    ($($ty:ty),*) => {
        $(impl SameValue for $ty {
            fn same(&self, other: &Self) -> bool {
                self == other
            }
        })*
    };
}

same_by_eq!(
    bool,
    u64,
    String,
    crate::semantic::model::Image,
    crate::semantic::model::Retries,
    crate::semantic::model::Timeout,
    crate::semantic::model::PodTemplate,
    crate::semantic::model::Plugin
);

impl<T: SameValue> SameValue for Option<T> {
    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (Some(a), Some(b)) => a.same(b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl<T: SameValue> SameValue for Vec<T> {
    fn same(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a.same(b))
    }
}

impl<T: SameValue> SameValue for Spanned<T> {
    fn same(&self, other: &Self) -> bool {
        self.value.same(&other.value)
    }
}

impl SameValue for Quantity {
    fn same(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl SameValue for RequestLimit {
    fn same(&self, other: &Self) -> bool {
        self.request.same(&other.request) && self.limit.same(&other.limit)
    }
}

impl SameValue for Gpu {
    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (Gpu::Count { count: a, .. }, Gpu::Count { count: b, .. }) => a == b,
            (Gpu::Device(a), Gpu::Device(b)) => {
                a.device == b.device
                    && a.count == b.count
                    && a.partition == b.partition
                    && a.class == b.class
            }
            _ => false,
        }
    }
}

impl SameValue for Shm {
    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (Shm::Auto { .. }, Shm::Auto { .. }) => true,
            (Shm::Size(a), Shm::Size(b)) => a.same(b),
            _ => false,
        }
    }
}

impl SameValue for Resources {
    fn same(&self, other: &Self) -> bool {
        self.cpu.same(&other.cpu)
            && self.memory.same(&other.memory)
            && self.gpu.same(&other.gpu)
            && self.disk.same(&other.disk)
            && self.shm.same(&other.shm)
    }
}

impl SameValue for EnvVar {
    fn same(&self, other: &Self) -> bool {
        self.key == other.key && self.value == other.value
    }
}

impl SameValue for Secret {
    fn same(&self, other: &Self) -> bool {
        self.key == other.key
            && self.group == other.group
            && self.env_var == other.env_var
            && self.mount == other.mount
    }
}

impl SameValue for Cache {
    /// The alias a behaviour was spelled with does not change it.
    fn same(&self, other: &Self) -> bool {
        self.behavior == other.behavior
            && self.version == other.version
            && self.serialize == other.serialize
            && self.ignored_inputs.same(&other.ignored_inputs)
            && self.salt == other.salt
            && self.max_age == other.max_age
    }
}

impl SameValue for Reusable {
    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (Reusable::Off, Reusable::Off) => true,
            (Reusable::Policy(a), Reusable::Policy(b)) => {
                a.min_replicas == b.min_replicas
                    && a.max_replicas == b.max_replicas
                    && a.idle_ttl == b.idle_ttl
                    && a.concurrency == b.concurrency
                    && a.scaledown_ttl == b.scaledown_ttl
                    && a.scope == b.scope
            }
            _ => false,
        }
    }
}

impl SameValue for Link {
    fn same(&self, other: &Self) -> bool {
        self.name == other.name && self.uri == other.uri && self.icon_uri == other.icon_uri
    }
}

/// Whether attribute `name` holds the same value in `a` and `b`: `None`
/// when either leaves it unset (or the name is not a setting).
pub(crate) fn same_setting(name: &str, a: &Settings, b: &Settings) -> Option<bool> {
    fn cmp<T: SameValue>(
        a: &Option<crate::semantic::model::Setting<T>>,
        b: &Option<crate::semantic::model::Setting<T>>,
    ) -> Option<bool> {
        Some(a.as_ref()?.value.same(&b.as_ref()?.value))
    }
    match name {
        "image" => cmp(&a.image, &b.image),
        "resources" => cmp(&a.resources, &b.resources),
        "env_vars" => cmp(&a.env_vars, &b.env_vars),
        "secrets" => cmp(&a.secrets, &b.secrets),
        "service_account" => cmp(&a.service_account, &b.service_account),
        "cache" => cmp(&a.cache, &b.cache),
        "reusable" => cmp(&a.reusable, &b.reusable),
        "interruptible" => cmp(&a.interruptible, &b.interruptible),
        "queue" => cmp(&a.queue, &b.queue),
        "pod_template" => cmp(&a.pod_template, &b.pod_template),
        "description" => cmp(&a.description, &b.description),
        "depends_on" => cmp(&a.depends_on, &b.depends_on),
        "plugin" => cmp(&a.plugin, &b.plugin),
        "retries" => cmp(&a.retries, &b.retries),
        "timeout" => cmp(&a.timeout, &b.timeout),
        "short_name" => cmp(&a.short_name, &b.short_name),
        "report" => cmp(&a.report, &b.report),
        "entrypoint" => cmp(&a.entrypoint, &b.entrypoint),
        "debuggable" => cmp(&a.debuggable, &b.debuggable),
        "produces_artifacts" => cmp(&a.produces_artifacts, &b.produces_artifacts),
        "max_inline_io_bytes" => cmp(&a.max_inline_io_bytes, &b.max_inline_io_bytes),
        "links" => cmp(&a.links, &b.links),
        _ => None,
    }
}
