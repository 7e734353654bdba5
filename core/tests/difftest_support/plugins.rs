//! `plugin <name> { … }` bodies for generated envs: every plugin taskc
//! knows, each key optional (except what the plugin requires), values from
//! the forms the SDK plugin takes.

use super::ws::Rng;

pub fn plugin(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => dask(rng),
        1 => format!("spark {{ {} }}", spark_keys(rng).join(", ")),
        2 => databricks(rng),
        3 => pytorch(rng),
        _ => ray(rng),
    }
}

fn dask(rng: &mut Rng) -> String {
    let workers = 1 + rng.below(4);
    let mut body = format!("workers {{ number_of_workers = {workers}");
    if rng.chance(50) {
        body.push_str(", resources { cpu = [1, 2], memory = \"2Gi\" }");
    }
    if rng.chance(30) {
        body.push_str(", image = \"ghcr.io/acme/w:1\"");
    }
    body.push_str(" }");
    if rng.chance(50) {
        body.push_str(", scheduler { resources { cpu = 1, memory = \"1Gi\" } }");
    }
    format!("dask {{ {body} }}")
}

fn spark_keys(rng: &mut Rng) -> Vec<String> {
    let mut keys = Vec::new();
    if rng.chance(60) {
        let conf = rng.pick(&[
            "\"spark.executor.memory\" = \"4g\"",
            "\"spark.executor.instances\" = \"2\", \"spark.driver.cores\" = \"1\"",
            "\"spark.sql.shuffle.partitions\" = \"64\"",
            "\"spark.app.name\" = \"ünïcode job\"",
        ]);
        keys.push(format!("spark_conf {{ {conf} }}"));
    }
    if rng.chance(30) {
        keys.push(
            "hadoop_conf { \"fs.s3a.impl\" = \"org.apache.hadoop.fs.s3a.S3AFileSystem\" }".into(),
        );
    }
    if rng.chance(25) {
        keys.push(
            rng.pick(&[
                "executor_path = \"/usr/bin/python3\"",
                "executor_path = \"\"",
            ])
            .to_string(),
        );
    }
    if rng.chance(25) {
        let path = rng.pick(&["\"local:///app/main.py\"", "\"\"", "\"s3://bucket/app.py\""]);
        keys.push(format!("applications_path = {path}"));
    }
    for pod in ["driver_pod", "executor_pod"] {
        if rng.chance(25) {
            keys.push(format!("{pod} {{ {} }}", spark_pod(rng)));
        }
    }
    keys
}

fn spark_pod(rng: &mut Rng) -> String {
    let mut parts = Vec::new();
    if rng.chance(40) {
        parts.push("labels { role = \"spark\" }".to_string());
    }
    if rng.chance(30) {
        parts.push("annotations { team = \"data\" }".to_string());
    }
    let primary = if rng.chance(30) {
        parts.push("primary_container_name = \"main\"".to_string());
        "main"
    } else {
        "primary"
    };
    let helper = rng.chance(20);
    if helper {
        parts.push(
            rng.pick(&["allow_fuse = true", "termination_grace_period = 30"])
                .to_string(),
        );
    }
    // Without a helper the pod spec must list the containers itself.
    if !helper || rng.chance(50) {
        let extra = rng.pick(&[
            "",
            ", tolerations = [{ key = \"spark\", operator = \"Exists\" }]",
            ", nodeSelector { pool = \"spark\" }",
        ]);
        parts.push(format!(
            "pod_spec {{ containers = [{{ name = \"{primary}\" }}]{extra} }}"
        ));
    }
    parts.join(", ")
}

fn databricks(rng: &mut Rng) -> String {
    let mut keys = spark_keys(rng);
    if rng.chance(60) {
        let conf = rng.pick(&[
            "run_name = \"nightly\", new_cluster { spark_version = \"13.3.x-scala2.12\", num_workers = 2 }",
            "existing_cluster_id = \"0123-456789-abc\", timeout_seconds = 3600",
            "run_name = \"r\", libraries = [{ pypi { package = \"numpy\" } }], max_retries = 0.5, email_notifications { no_alert_for_skipped_runs = true }",
            "",
        ]);
        keys.push(format!("databricks_conf {{ {conf} }}"));
    }
    if rng.chance(50) {
        let instance = rng.pick(&["\"acme.cloud.databricks.com\"", "\"\""]);
        keys.push(format!("databricks_instance = {instance}"));
    }
    if rng.chance(50) {
        keys.push("databricks_token = \"databricks-token\"".into());
    }
    format!("databricks {{ {} }}", keys.join(", "))
}

fn pytorch(rng: &mut Rng) -> String {
    let nnodes = rng.pick(&["1", "2", "4", "\"1\"", "\"3\"", "\"1:4\"", "\"2:2\""]);
    let nproc = 1 + rng.below(8);
    let mut keys = vec![
        format!("nnodes = {nnodes}"),
        format!("nproc_per_node = {nproc}"),
    ];
    if rng.chance(30) {
        keys.push(format!(
            "rdzv_backend = {}",
            rng.pick(&["c10d", "etcd", "etcd-v2"])
        ));
    }
    if rng.chance(30) {
        keys.push(format!("max_restarts = {}", rng.below(5)));
    }
    if rng.chance(20) {
        keys.push(format!("monitor_interval = {}", 1 + rng.below(9)));
    }
    if rng.chance(15) {
        keys.push("rdzv_configs { timeout = 1200, join_timeout = 600 }".into());
    }
    if rng.chance(15) {
        keys.push(
            rng.pick(&[
                "nccl_heartbeat_timeout_sec = none",
                "nccl_collective_timeout_sec = 60",
                "nccl_async_error_handling = true",
                "nccl_enable_monitoring = false",
            ])
            .to_string(),
        );
    }
    if rng.chance(40) {
        let mut policy = Vec::new();
        if rng.chance(60) {
            policy.push(format!(
                "clean_pod_policy = {}",
                rng.pick(&["none", "all", "running"])
            ));
        }
        for key in [
            "ttl_seconds_after_finished",
            "active_deadline_seconds",
            "backoff_limit",
        ] {
            if rng.chance(40) {
                let least = usize::from(key == "active_deadline_seconds");
                policy.push(format!("{key} = {}", least + rng.below(4000)));
            }
        }
        keys.push(format!("run_policy {{ {} }}", policy.join(", ")));
    }
    format!("pytorch {{ {} }}", keys.join(", "))
}

fn ray(rng: &mut Rng) -> String {
    let mut keys = Vec::new();
    if rng.chance(50) {
        keys.push(format!(
            "head {{ {} }}",
            ray_node(rng, "ray-head").join(", ")
        ));
    }
    let groups: Vec<String> = (0..rng.below(4))
        .map(|_| {
            let mut group = vec![
                format!(
                    "group_name = \"{}\"",
                    rng.pick(&["cpu", "gpu", "big-mem", ""])
                ),
                format!("replicas = {}", rng.below(5)),
            ];
            if rng.chance(30) {
                group.push(format!("min_replicas = {}", rng.below(2)));
            }
            if rng.chance(30) {
                group.push(format!("max_replicas = {}", rng.below(9)));
            }
            group.extend(ray_node(rng, "ray-worker"));
            format!("{{ {} }}", group.join(", "))
        })
        .collect();
    keys.push(format!("workers = [{}]", groups.join(", ")));
    if rng.chance(30) {
        keys.push(format!(
            "enable_autoscaling = {}",
            rng.pick(&["true", "false"])
        ));
    }
    if rng.chance(30) {
        let mut a = Vec::new();
        if rng.chance(50) {
            a.push(format!(
                "upscaling_mode = {}",
                rng.pick(&["default", "aggressive", "conservative"])
            ));
        }
        if rng.chance(40) {
            a.push(format!("idle_timeout_seconds = {}", rng.below(300)));
        }
        if rng.chance(30) {
            a.push(
                rng.pick(&["image = \"ghcr.io/acme/as:1\"", "image = \"\""])
                    .to_string(),
            );
        }
        if rng.chance(30) {
            a.push("env_vars { LOG = \"debug\", \"ÜBER\" = \"ü\" }".into());
        }
        if rng.chance(30) {
            a.push(
                rng.pick(&[
                    "resources { cpu = [\"500m\", 1], memory = \"1Gi\" }",
                    "resources { cpu = 2 }",
                ])
                .to_string(),
            );
        }
        keys.push(format!("autoscaler {{ {} }}", a.join(", ")));
    }
    if rng.chance(30) {
        let env = rng.pick(&[
            "pip = [\"numpy==2.2.0\", \"pandas\"]",
            "pip = [\"git+https://github.com/acme/lib.git@v1\"], env_vars { LOG = \"debug\", FLAG = \"yes\" }",
            "working_dir = \".\", excludes = [\"*.tar.gz\", \"data/\"], config { setup_timeout_seconds = 600 }",
            "env_vars { \"A: B\" = \"it's\", EMPTY = \"\", N = \"017\" }, pip = []",
            "",
        ]);
        keys.push(format!("runtime_env {{ {env} }}"));
    }
    if rng.chance(20) {
        keys.push("address = \"auto\"".into());
    }
    if rng.chance(30) {
        keys.push(format!(
            "shutdown_after_job_finishes = {}",
            rng.pick(&["true", "false"])
        ));
    }
    if rng.chance(30) {
        keys.push(format!("ttl_seconds_after_finished = {}", rng.below(4000)));
    }
    format!("ray {{ {} }}", keys.join(", "))
}

/// The pod settings of a Ray head or worker group.
fn ray_node(rng: &mut Rng, container: &str) -> Vec<String> {
    let mut keys = Vec::new();
    if rng.chance(30) {
        keys.push("ray_start_params { num-cpus = \"0\", block = \"true\" }".into());
    }
    let quantities = [
        "cpu = 1",
        "cpu = \"500m\", memory = \"2Gi\"",
        "memory = \"8Gi\", disk = \"20Gi\"",
        "gpu = \"A100:2\"",
        "gpu = 1, cpu = 0.5",
        "cpu = \"2\", shm = \"1Gi\"",
        "gpu = \"T4:1\", shm = auto",
    ];
    let requests = rng.chance(40);
    if requests {
        keys.push(format!("requests {{ {} }}", rng.pick(&quantities)));
    }
    let limits = rng.chance(30);
    if limits {
        keys.push(format!("limits {{ {} }}", rng.pick(&quantities[..5])));
    }
    if rng.chance(30) {
        let mut template = Vec::new();
        if rng.chance(40) {
            template.push("labels { pool = \"ray\" }".to_string());
        }
        if rng.chance(30) {
            template.push("primary_container_name = \"main\"".to_string());
        }
        let containers = [
            format!("[{{ name = \"{container}\" }}]"),
            "[{ name = \"main\", resources { limits { memory = \"64Gi\" } } }]".to_string(),
            "[{ name = \"a\" }, { name = \"b\" }]".to_string(),
        ];
        // Without resources the template is sent as written and needs
        // its containers.
        if !(requests || limits) || rng.chance(70) {
            let list = rng.pick(&containers);
            template.push(format!("pod_spec {{ containers = {list} }}"));
        }
        keys.push(format!("pod_template {{ {} }}", template.join(", ")));
    }
    keys
}
