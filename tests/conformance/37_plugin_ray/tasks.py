import flyte
from kubernetes.client import V1Container, V1PodSpec, V1ResourceRequirements, V1Toleration
from flyteplugins.ray import AutoscalerOptionsConfig, HeadNodeConfig, RayJobConfig, WorkerNodeConfig

ray_env = flyte.TaskEnvironment(
    name="ray-env",
    image="ghcr.io/acme/ray:2.40",
    resources=flyte.Resources(cpu=2, memory="4Gi"),
    plugin_config=RayJobConfig(
        head_node_config=HeadNodeConfig(
            ray_start_params={"num-cpus": "0", "dashboard-host": "0.0.0.0"},
            requests=flyte.Resources(cpu="1", memory="2Gi", shm="1Gi"),
        ),
        worker_node_config=[
            WorkerNodeConfig(
                group_name="cpu",
                replicas=2,
                min_replicas=1,
                max_replicas=4,
                requests=flyte.Resources(cpu="2", memory="8Gi"),
                limits=flyte.Resources(cpu="4", memory="8Gi", disk="20Gi"),
            ),
            WorkerNodeConfig(
                group_name="gpu",
                replicas=1,
                requests=flyte.Resources(gpu="A100:2"),
                pod_template=flyte.PodTemplate(
                    labels={"pool": "gpu"},
                    pod_spec=V1PodSpec(
                        containers=[
                            V1Container(
                                name="ray-worker",
                                env=[{"name": "NCCL_DEBUG", "value": "INFO"}],
                                resources=V1ResourceRequirements(limits={"memory": "64Gi"}),
                            )
                        ],
                        tolerations=[V1Toleration(key="nvidia.com/gpu", operator="Exists")],
                    ),
                ),
            ),
        ],
        enable_autoscaling=True,
        autoscaler_options=AutoscalerOptionsConfig(
            upscaling_mode=AutoscalerOptionsConfig.UpscalingMode.CONSERVATIVE,
            idle_timeout_seconds=120,
            image="ghcr.io/acme/autoscaler:1",
            env={"LOG_LEVEL": "debug", "MODE": "fast"},
            resources=flyte.Resources(cpu=("500m", "1"), memory="512Mi"),
        ),
        runtime_env={"pip": ["numpy==2.2.0", "pandas"], "env_vars": {"LOG_LEVEL": "debug"}, "working_dir": "."},
        address="auto",
        shutdown_after_job_finishes=True,
        ttl_seconds_after_finished=600,
    ),
)


@ray_env.task
async def train(epochs: int) -> float:
    return float(epochs)


ray_min = flyte.TaskEnvironment(
    name="ray-min",
    image="ghcr.io/acme/ray:2.40",
    plugin_config=RayJobConfig(worker_node_config=[WorkerNodeConfig(group_name="w", replicas=0)]),
)


@ray_min.task
def ping() -> str:
    return "ok"


ray_pods = flyte.TaskEnvironment(
    name="ray-pods",
    image="ghcr.io/acme/ray:2.40",
    plugin_config=RayJobConfig(
        head_node_config=HeadNodeConfig(
            pod_template=flyte.PodTemplate(
                primary_container_name="main",
                annotations={"team": "ml"},
                pod_spec=V1PodSpec(containers=[V1Container(name="main", image="ghcr.io/acme/head:1")]),
            ),
        ),
        worker_node_config=[
            WorkerNodeConfig(
                group_name="side",
                replicas=3,
                limits=flyte.Resources(memory="1Gi", gpu=1),
                pod_template=flyte.PodTemplate(labels={"a": "b"}),
            ),
            WorkerNodeConfig(
                group_name="two",
                replicas=1,
                requests=flyte.Resources(cpu="1"),
                pod_template=flyte.PodTemplate(
                    pod_spec=V1PodSpec(containers=[V1Container(name="a"), V1Container(name="b")]),
                ),
            ),
        ],
        autoscaler_options=AutoscalerOptionsConfig(),
    ),
)


@ray_pods.task
def work(n: int) -> int:
    return n
