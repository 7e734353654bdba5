//! `plugin <name> { … }` on an env: a plugin config that picks the task
//! type (WIRE.md §5.10), one module per plugin of the SDK's registry.

mod dask;
mod pytorch;
mod ray;
pub(crate) mod runtime_env;
mod spark;

use super::cx::Cx;
use super::model::{InlinePodTemplate, Plugin, PodTemplate};
use super::pod_helpers;
use super::pod_template::lower_pod_template;
use super::suggest_name;
use super::value_readers;
use crate::diagnostics::Code;
use crate::syntax::ast::{LabeledBlock, Value};

pub(crate) const BAD_PLUGIN: Code = Code::E0314;

pub(crate) const PLUGINS: &[&str] = &["dask", "spark", "databricks", "pytorch", "ray"];

pub(crate) fn lower_plugin(cx: &mut Cx, block: &LabeledBlock) -> Option<Plugin> {
    match block.label.name.as_str() {
        "dask" => dask::dask(cx, block).map(|c| Plugin::Dask(Box::new(c))),
        "spark" => spark::spark(cx, block).map(Plugin::Spark),
        "databricks" => spark::databricks(cx, block).map(Plugin::Databricks),
        "pytorch" => pytorch::elastic(cx, block).map(Plugin::PyTorch),
        "ray" => ray::ray(cx, block).map(|c| Plugin::Ray(Box::new(c))),
        other => {
            cx.error(
                BAD_PLUGIN,
                block.label.span,
                format!("unknown plugin `{other}`"),
                match suggest_name(other, PLUGINS) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "taskc knows these plugins: {}",
                        value_readers::list_words(PLUGINS)
                    ),
                },
            );
            None
        }
    }
}

/// A whole number in proto's `int32` (the plugins' job messages count with
/// it; the SDK fails on a larger one).
fn int32(cx: &mut Cx, v: &Value, what: &str, min: u32) -> Option<u32> {
    let n = value_readers::count(cx, v, what, min, BAD_PLUGIN)?;
    if n > i32::MAX as u32 {
        cx.error(
            BAD_PLUGIN,
            v.span,
            format!("`{what}` is too large: {n}"),
            format!(
                "the job message holds a 32-bit number; use at most {}",
                i32::MAX
            ),
        );
        return None;
    }
    Some(n)
}

/// A pod template written inline (`driver_pod { … }`): a plugin's pods take
/// a `flyte.PodTemplate` object, not the name of a cluster's template.
fn inline_pod(cx: &mut Cx, v: &Value, what: &str) -> Option<InlinePodTemplate> {
    match lower_pod_template(cx, v)? {
        PodTemplate::Inline(t) => Some(t),
        PodTemplate::Named(_) => {
            cx.error(
                BAD_PLUGIN,
                v.span,
                format!("`{what}` is a pod template block, not a name"),
                format!(
                    "write `{what} {{ pod_spec {{ containers = [{{ name = \"primary\" }}] }} }}`"
                ),
            );
            None
        }
    }
}

/// Whether the template's pod spec, after its helpers, lists containers.
fn has_containers(template: &InlinePodTemplate) -> bool {
    pod_helpers::apply(template)
        .ok()
        .and_then(|applied| applied.pod_spec)
        .is_some_and(|spec| spec.get("containers").is_some())
}

fn no_containers(cx: &mut Cx, v: &Value, what: &str) {
    cx.error(
        BAD_PLUGIN,
        v.span,
        format!("{what} needs a `pod_spec` with `containers`"),
        "the SDK builds a Kubernetes PodSpec from it, which requires `containers`; write \
         `pod_spec { containers = [{ name = \"primary\" }] }`",
    );
}
