//! `TaskTemplate.metadata` (WIRE.md §2, §5.3–§5.6).

use taskc_wire::flyteidl2::core::{
    Backoff, RetryStrategy, RuntimeMetadata, TaskLog, TaskMetadata, TimeoutStrategy,
    runtime_metadata::RuntimeType, task_metadata::InterruptibleValue,
};
use taskc_wire::wkt;

use super::convert::{duration, nonzero_duration};
use crate::semantic::model::{PodTemplate, Settings};

/// What the metadata needs besides the settings.
pub(crate) struct MetadataInput<'a> {
    pub settings: &'a Settings,
    pub sdk_version: &'a str,
    pub discovery_version: String,
    /// `metadata.debuggable`, decided by the task kind and reuse policy.
    pub debuggable: bool,
    pub code_bundle_uri: Option<&'a str>,
}

pub(crate) fn task_metadata(input: MetadataInput<'_>) -> TaskMetadata {
    let settings = input.settings;
    let mut metadata = TaskMetadata {
        runtime: Some(RuntimeMetadata {
            r#type: RuntimeType::FlyteSdk as i32,
            version: input.sdk_version.to_string(),
            flavor: "python".to_string(),
        }),
        retries: Some(retry_strategy(settings)),
        discovery_version: input.discovery_version,
        generates_deck: Some(wkt::BoolValue {
            value: settings.report.as_ref().is_some_and(|s| s.value),
        }),
        interruptible_value: Some(InterruptibleValue::Interruptible(
            settings.interruptible.as_ref().is_some_and(|s| s.value),
        )),
        debuggable: input.debuggable,
        is_entrypoint: settings.entrypoint.as_ref().is_some_and(|s| s.value),
        produces_artifacts: settings
            .produces_artifacts
            .as_ref()
            .is_some_and(|s| s.value),
        code_bundle_uri: input.code_bundle_uri.unwrap_or_default().to_string(),
        ..Default::default()
    };
    if let Some(cache) = settings.cache.as_ref().map(|s| &s.value) {
        metadata.discoverable = cache.behavior.is_enabled();
        // serialize and max_age are sent even when the cache is disabled
        // (WIRE.md §5.3); ignored inputs only when it is enabled.
        metadata.cache_serializable = cache.serialize.unwrap_or(false);
        metadata.cache_max_age = cache.max_age.map(duration);
        if cache.behavior.is_enabled() {
            metadata.cache_ignore_input_vars = cache
                .ignored_inputs
                .iter()
                .map(|i| i.value.clone())
                .collect();
        }
    }
    if let Some(timeout) = settings.timeout.as_ref().map(|s| &s.value) {
        metadata.timeout = nonzero_duration(timeout.max_runtime);
        let queued_timeout = nonzero_duration(timeout.max_queued_time);
        let deadline = nonzero_duration(timeout.deadline);
        if queued_timeout.is_some() || deadline.is_some() {
            metadata.timeouts = Some(TimeoutStrategy {
                queued_timeout,
                deadline,
            });
        }
    }
    if let Some(PodTemplate::Named(name)) = settings.pod_template.as_ref().map(|s| &s.value) {
        metadata.pod_template_name = name.clone();
    }
    if let Some(links) = settings.links.as_ref() {
        metadata.log_links = links
            .value
            .iter()
            .map(|link| TaskLog {
                name: link.name.clone(),
                uri: link.wire_uri.clone(),
                icon_uri: link.icon_uri.clone().unwrap_or_default(),
                ..Default::default()
            })
            .collect();
    }
    metadata
}

fn retry_strategy(settings: &Settings) -> RetryStrategy {
    let Some(retries) = settings.retries.as_ref().map(|s| &s.value) else {
        return RetryStrategy::default();
    };
    RetryStrategy {
        retries: retries.count,
        backoff: retries.backoff.as_ref().map(|b| Backoff {
            base: Some(duration(b.base)),
            factor: Some(b.factor),
            cap: b.cap.map(duration),
        }),
    }
}
