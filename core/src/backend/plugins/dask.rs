//! `plugin dask` (WIRE.md §5.10): type `dask` and `custom` = the `DaskJob`
//! message in its proto3 JSON form (Struct numbers are doubles).

use serde_json::{Map, Value};

use super::resources_json;
use crate::semantic::model::DaskConfig;

pub(crate) const TASK_TYPE: &str = "dask";

pub(crate) fn custom(config: &DaskConfig) -> Map<String, Value> {
    let mut scheduler = Map::new();
    if let Some(image) = &config.scheduler.image {
        scheduler.insert("image".into(), Value::from(image.as_str()));
    }
    if let Some(resources) = resources_json(&config.scheduler.resources) {
        scheduler.insert("resources".into(), resources);
    }
    let mut workers = Map::new();
    let count = config.workers.number_of_workers.unwrap_or(1);
    workers.insert("numberOfWorkers".into(), Value::from(f64::from(count)));
    if let Some(image) = &config.workers.image {
        workers.insert("image".into(), Value::from(image.as_str()));
    }
    if let Some(resources) = resources_json(&config.workers.resources) {
        workers.insert("resources".into(), resources);
    }
    let mut custom = Map::new();
    custom.insert("scheduler".into(), Value::Object(scheduler));
    custom.insert("workers".into(), Value::Object(workers));
    custom
}
