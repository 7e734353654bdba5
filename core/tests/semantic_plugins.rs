//! The typed plugin configs of `plugin <name> { … }` (docs/language.md §3.7).

mod semantic_common;

use semantic_common::analyze_case;
use taskc_core::semantic::model::*;

fn plugin(model: &Model, env: &str) -> Plugin {
    let env = model.env(env).unwrap_or_else(|| panic!("no env {env}"));
    let setting = env.settings.plugin.as_ref();
    setting
        .map(|s| s.value.clone())
        .unwrap_or_else(|| panic!("no plugin"))
}

#[test]
fn the_dask_plugin_is_typed() {
    let model = analyze_case("29_plugin_dask").model;
    let plugin = plugin(&model, "dask-env");
    let Plugin::Dask(d) = &plugin else {
        panic!("not a Dask plugin: {plugin:?}")
    };
    assert_eq!(d.workers.number_of_workers, Some(4));
    assert_eq!(
        d.workers.image.as_deref(),
        Some("ghcr.io/acme/dask-worker:1")
    );
    let cpu = d.workers.resources.as_ref().unwrap().cpu.as_ref().unwrap();
    assert_eq!(cpu.limit.as_ref().map(|q| q.text.as_str()), Some("4"));
    assert!(d.scheduler.resources.is_some());
}

#[test]
fn the_spark_databricks_and_pytorch_plugins_are_typed() {
    let model = analyze_case("36_plugins").model;
    let plugin = |name: &str| plugin(&model, name);
    let Plugin::Spark(spark) = plugin("spark-env") else {
        panic!("spark-env")
    };
    assert_eq!(
        spark.spark_conf[1],
        ("spark.executor.instances".into(), "2".into())
    );
    let executor = spark.executor_pod.as_ref().unwrap();
    assert_eq!(executor.primary_container_name, "executor");
    let Plugin::Databricks(db) = plugin("databricks-env") else {
        panic!("databricks-env")
    };
    assert_eq!(db.databricks_token.as_deref(), Some("databricks-token"));
    let conf = db.databricks_conf.as_ref().unwrap();
    assert_eq!(conf["new_cluster"]["num_workers"], 2);
    let Plugin::PyTorch(torch) = plugin("torch-env") else {
        panic!("torch-env")
    };
    assert_eq!(torch.nnodes.bounds(), (2, 4));
    assert_eq!(torch.nccl_heartbeat_timeout_sec, Some(None));
    assert_eq!(torch.nccl_collective_timeout_sec, Some(Some(600)));
    let policy = torch.run_policy.as_ref().unwrap();
    assert_eq!(policy.clean_pod_policy, Some(CleanPodPolicy::Running));
    let Plugin::PyTorch(one) = plugin("torch-one") else {
        panic!("torch-one")
    };
    assert_eq!(one.nnodes, NNodes::Count(1));
}

#[test]
fn the_ray_plugin_is_typed() {
    let model = analyze_case("37_plugin_ray").model;
    let Plugin::Ray(ray) = plugin(&model, "ray-env") else {
        panic!("ray-env")
    };
    let head = ray.head.as_ref().unwrap();
    assert_eq!(head.ray_start_params[0], ("num-cpus".into(), "0".into()));
    assert_eq!(ray.workers.len(), 2);
    assert_eq!(ray.workers[0].group_name, "cpu");
    assert_eq!(ray.workers[0].max_replicas, Some(4));
    assert!(ray.workers[1].node.pod_template.is_some());
    let autoscaler = ray.autoscaler.as_ref().unwrap();
    assert_eq!(autoscaler.upscaling_mode, Some(UpscalingMode::Conservative));
    assert_eq!(autoscaler.env_vars.len(), 2);
    assert_eq!(ray.address.as_deref(), Some("auto"));
    assert_eq!(ray.ttl_seconds_after_finished, Some(600));
}
