//! Equality of resolved values that ignores where they are written: two
//! `cpu = 2` entries in different files hold the same value even though
//! their spans differ. Lints use it (through `schema::same_setting`) to
//! tell "this changes nothing".

use super::attr_values::{
    Cache, EnvVar, Gpu, Link, Quantity, RequestLimit, Resources, Reusable, Secret, Shm, Spanned,
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
    super::attr_values::Image,
    super::attr_values::Retries,
    super::attr_values::Timeout,
    super::attr_values::PodTemplate,
    super::attr_values::Plugin
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
