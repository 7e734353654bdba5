//! `container.resources` and `extended_resources` (WIRE.md §5.1).

use taskc_wire::flyteidl2::core::{
    ExtendedResources, GpuAccelerator, Resources as WireResources, SharedMemory,
    gpu_accelerator::PartitionSizeValue,
    resources::{ResourceEntry, ResourceName},
};

use crate::semantic::model::{DeviceClass, Gpu, Resources, Shm};

fn entry(name: ResourceName, value: &str) -> ResourceEntry {
    ResourceEntry {
        name: name as i32,
        value: value.to_string(),
    }
}

/// The GPU count requested (`0` means none).
fn gpu_count(gpu: &Gpu) -> u32 {
    match gpu {
        Gpu::Count { count, .. } => *count,
        Gpu::Device(device) => device.count,
    }
}

/// Requests in the SDK's order (CPU, MEMORY, GPU, EPHEMERAL_STORAGE) and
/// limits (CPU, MEMORY, only from `[request, limit]` pairs). `None` when
/// both are empty, as the SDK leaves `resources` out then.
pub(crate) fn container_resources(resources: &Resources) -> Option<WireResources> {
    let mut requests = Vec::new();
    let mut limits = Vec::new();
    if let Some(cpu) = &resources.cpu {
        requests.push(entry(ResourceName::Cpu, &cpu.request.text));
        if let Some(limit) = &cpu.limit {
            limits.push(entry(ResourceName::Cpu, &limit.text));
        }
    }
    if let Some(memory) = &resources.memory {
        requests.push(entry(ResourceName::Memory, &memory.request.text));
        if let Some(limit) = &memory.limit {
            limits.push(entry(ResourceName::Memory, &limit.text));
        }
    }
    if let Some(gpu) = &resources.gpu {
        let count = gpu_count(gpu);
        if count > 0 {
            requests.push(entry(ResourceName::Gpu, &count.to_string()));
        }
    }
    if let Some(disk) = &resources.disk {
        requests.push(entry(ResourceName::EphemeralStorage, &disk.text));
    }
    if requests.is_empty() && limits.is_empty() {
        return None;
    }
    Some(WireResources { requests, limits })
}

fn device_class(class: DeviceClass) -> i32 {
    use taskc_wire::flyteidl2::core::gpu_accelerator::DeviceClass as Wire;
    let wire = match class {
        DeviceClass::Gpu => Wire::NvidiaGpu,
        DeviceClass::Tpu => Wire::GoogleTpu,
        DeviceClass::Neuron => Wire::AmazonNeuron,
        DeviceClass::Amd => Wire::AmdGpu,
        DeviceClass::Gaudi => Wire::HabanaGaudi,
    };
    wire as i32
}

/// `gpu_accelerator` for a named device and `shared_memory` for `shm`.
/// A plain GPU count gives none.
pub(crate) fn extended_resources(resources: &Resources) -> Option<ExtendedResources> {
    let gpu_accelerator = match &resources.gpu {
        Some(Gpu::Device(device)) if device.count > 0 => Some(GpuAccelerator {
            device: device.wire_device().to_string(),
            device_class: device_class(device.class),
            partition_size_value: device
                .partition
                .clone()
                .map(PartitionSizeValue::PartitionSize),
            ..Default::default()
        }),
        _ => None,
    };
    let shared_memory = resources.shm.as_ref().map(|shm| SharedMemory {
        mount_path: "/dev/shm".to_string(),
        mount_name: "flyte-shm".to_string(),
        size_limit: match shm {
            Shm::Auto { .. } => String::new(),
            Shm::Size(size) => size.text.clone(),
        },
    });
    if gpu_accelerator.is_none() && shared_memory.is_none() {
        return None;
    }
    Some(ExtendedResources {
        gpu_accelerator,
        shared_memory,
    })
}

/// `(resource name, quantity)` pairs in the order the task lists them.
pub(crate) type K8sQuantities = Vec<(String, String)>;

/// Requests and limits with the names a pod spec uses: the resource name
/// lower-cased with `_` → `-` (`cpu`, `memory`, `gpu`,
/// `ephemeral-storage`), as the SDK's `_sanitize_resource_name`.
pub(crate) fn k8s_resource_lists(resources: &WireResources) -> (K8sQuantities, K8sQuantities) {
    fn k8s(entries: &[ResourceEntry]) -> K8sQuantities {
        entries
            .iter()
            .map(|e| {
                let name = ResourceName::try_from(e.name)
                    .unwrap_or(ResourceName::Unknown)
                    .as_str_name()
                    .to_lowercase()
                    .replace('_', "-");
                (name, e.value.clone())
            })
            .collect()
    }
    (k8s(&resources.requests), k8s(&resources.limits))
}
