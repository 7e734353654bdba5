//! What a `plugin <name> { … }` makes of a function task: the task type, its
//! version and `custom` (the plugin's job message in proto JSON, as the SDK
//! plugin's `custom_config` returns it), and whether it is debuggable.

mod dask;
mod pytorch;
mod spark;

use serde_json::{Map, Value};

use crate::semantic::model::{NNodes, Plugin};

pub(crate) struct PluginTask {
    pub task_type: &'static str,
    pub task_type_version: i32,
    pub custom: Map<String, Value>,
    /// The plugin class's `debuggable` default (a written `debuggable` wins).
    pub debuggable: bool,
}

pub(crate) fn plugin_task(plugin: &Plugin) -> PluginTask {
    match plugin {
        Plugin::Dask(config) => PluginTask {
            task_type: dask::TASK_TYPE,
            task_type_version: 0,
            custom: dask::custom(config),
            debuggable: true,
        },
        Plugin::Spark(config) => PluginTask {
            task_type: "spark",
            task_type_version: 0,
            custom: spark::spark_job(config),
            debuggable: true,
        },
        Plugin::Databricks(config) => PluginTask {
            task_type: "databricks",
            task_type_version: 0,
            custom: spark::databricks_job(config),
            debuggable: true,
        },
        Plugin::PyTorch(config) => PluginTask {
            // `TorchFunctionTask`: a single node (the int 1, not "1") runs
            // as a plain Python task, still with the job in `custom`.
            task_type: if config.nnodes == NNodes::Count(1) {
                "python-task"
            } else {
                "pytorch"
            },
            task_type_version: 1,
            custom: pytorch::training_task(config),
            debuggable: false,
        },
    }
}
