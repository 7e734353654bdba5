//! `plugin spark { … }` (`flyteplugins.spark.Spark`) and `plugin databricks
//! { … }` (`flyteplugins.databricks.Databricks`, Spark plus the job).

use super::super::attrs::{DATABRICKS_ATTRS, SPARK_ATTRS, known_attrs};
use super::super::cx::Cx;
use super::super::model::{DatabricksConfig, SparkConfig};
use super::super::value_readers;
use super::{has_containers, inline_pod, no_containers};
use crate::syntax::ast::{Attribute, LabeledBlock};

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
            // `PodTemplate.to_k8s_pod()` builds a `V1PodSpec`, which
            // requires the containers.
            let Some(pod) = inline_pod(cx, v, name) else {
                return false;
            };
            if !has_containers(&pod) {
                no_containers(cx, v, &format!("`{name}`"));
                return false;
            }
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
