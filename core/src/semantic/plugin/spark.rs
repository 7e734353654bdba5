//! `plugin spark { … }` (`flyteplugins.spark.Spark`) and `plugin databricks
//! { … }` (`flyteplugins.databricks.Databricks`, Spark plus the job).

use super::super::attrs::{DATABRICKS_ATTRS, SPARK_ATTRS, known_attrs};
use super::super::cx::Cx;
use super::super::model::{DatabricksConfig, InlinePodTemplate, PodTemplate, SparkConfig};
use super::super::pod_helpers;
use super::super::pod_template::lower_pod_template;
use super::super::value_readers;
use super::BAD_PLUGIN;
use crate::syntax::ast::{Attribute, LabeledBlock, Value};

pub(super) fn spark(cx: &mut Cx, block: &LabeledBlock) -> Option<SparkConfig> {
    let mut out = SparkConfig::default();
    let mut ok = true;
    for attr in known_attrs(cx, &block.body, "plugin spark", SPARK_ATTRS) {
        ok &= spark_attr(cx, attr, &mut out);
    }
    ok.then_some(out)
}

pub(super) fn databricks(cx: &mut Cx, block: &LabeledBlock) -> Option<DatabricksConfig> {
    let mut out = DatabricksConfig::default();
    let mut ok = true;
    for attr in known_attrs(cx, &block.body, "plugin databricks", DATABRICKS_ATTRS) {
        let v = &attr.value;
        let name = attr.key.name.as_str();
        ok &= match name {
            "databricks_conf" => value_readers::json_block(cx, v, name)
                .map(|conf| out.databricks_conf = Some(conf))
                .is_some(),
            "databricks_instance" | "databricks_token" => value_readers::string(cx, v, name)
                .map(|s| match name {
                    "databricks_instance" => out.databricks_instance = Some(s),
                    _ => out.databricks_token = Some(s),
                })
                .is_some(),
            _ => spark_attr(cx, attr, &mut out.spark),
        };
    }
    ok.then_some(out)
}

/// One attribute of the Spark settings; false when it was reported.
fn spark_attr(cx: &mut Cx, attr: &Attribute, out: &mut SparkConfig) -> bool {
    let v = &attr.value;
    let name = attr.key.name.as_str();
    match name {
        "spark_conf" | "hadoop_conf" => {
            let Some(pairs) = value_readers::string_map(cx, v, name) else {
                return false;
            };
            let pairs = pairs.into_iter().map(|(k, v, _)| (k, v)).collect();
            if name == "spark_conf" {
                out.spark_conf = pairs;
            } else {
                out.hadoop_conf = pairs;
            }
            true
        }
        "executor_path" | "applications_path" => {
            let Some(s) = value_readers::string(cx, v, name) else {
                return false;
            };
            if name == "executor_path" {
                out.executor_path = Some(s);
            } else {
                out.applications_path = Some(s);
            }
            true
        }
        "driver_pod" | "executor_pod" => {
            let Some(pod) = spark_pod(cx, v, name) else {
                return false;
            };
            if name == "driver_pod" {
                out.driver_pod = Some(pod);
            } else {
                out.executor_pod = Some(pod);
            }
            true
        }
        _ => true,
    }
}

/// `driver_pod { … }` / `executor_pod { … }`: an inline pod template whose
/// pod spec has its containers (the SDK's `PodTemplate.to_k8s_pod()` builds
/// a `V1PodSpec` from it, which requires them).
fn spark_pod(cx: &mut Cx, v: &Value, what: &str) -> Option<InlinePodTemplate> {
    let template = match lower_pod_template(cx, v)? {
        PodTemplate::Inline(t) => t,
        PodTemplate::Named(_) => {
            cx.error(
                BAD_PLUGIN,
                v.span,
                format!("`{what}` is a pod template block, not a name"),
                format!(
                    "write `{what} {{ pod_spec {{ containers = [{{ name = \"primary\" }}] }} }}`"
                ),
            );
            return None;
        }
    };
    let has_containers = pod_helpers::apply(&template)
        .ok()
        .and_then(|applied| applied.pod_spec)
        .is_some_and(|spec| spec.get("containers").is_some());
    if !has_containers {
        cx.error(
            BAD_PLUGIN,
            v.span,
            format!("`{what}` needs a `pod_spec` with `containers`"),
            "the SDK builds a Kubernetes PodSpec from it, which requires `containers`; write \
             `pod_spec { containers = [{ name = \"primary\" }] }`",
        );
        return None;
    }
    Some(template)
}
