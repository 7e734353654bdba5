import flyte
from kubernetes.client import V1Container, V1PodSpec, V1Toleration
from flyteplugins.databricks import Databricks
from flyteplugins.pytorch import Elastic
from flyteplugins.pytorch.task import RunPolicy
from flyteplugins.spark import Spark

spark_env = flyte.TaskEnvironment(
    name="spark-env",
    image="ghcr.io/acme/spark:3.5",
    resources=flyte.Resources(cpu=2, memory="4Gi"),
    plugin_config=Spark(
        spark_conf={"spark.executor.memory": "4g", "spark.executor.instances": "2"},
        hadoop_conf={"fs.s3a.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem"},
        driver_pod=flyte.PodTemplate(
            labels={"role": "driver"},
            pod_spec=V1PodSpec(
                containers=[V1Container(name="primary")],
                tolerations=[V1Toleration(key="spark", operator="Exists")],
            ),
        ),
        executor_pod=flyte.PodTemplate(annotations={"team": "data"}, primary_container_name="executor", pod_spec=V1PodSpec(containers=[V1Container(name="executor", env=[{"name": "MODE", "value": "batch"}])])),
    ),
)


@spark_env.task
async def count_rows(path: str) -> int:
    return len(path)


spark_paths = flyte.TaskEnvironment(
    name="spark-paths",
    image="ghcr.io/acme/spark:3.5",
    plugin_config=Spark(executor_path="/usr/bin/python3", applications_path="local:///app/main.py"),
)


@spark_paths.task
def word_count(text: str) -> int:
    return len(text.split())


db_env = flyte.TaskEnvironment(
    name="databricks-env",
    image="ghcr.io/acme/spark:3.5",
    plugin_config=Databricks(
        spark_conf={"spark.sql.shuffle.partitions": "64"},
        databricks_conf={
            "run_name": "nightly",
            "new_cluster": {"spark_version": "13.3.x-scala2.12", "node_type_id": "i3.xlarge", "num_workers": 2},
            "timeout_seconds": 3600,
        },
        databricks_instance="acme.cloud.databricks.com",
        databricks_token="databricks-token",
    ),
)


@db_env.task
async def aggregate(day: str) -> int:
    return len(day)


db_bare = flyte.TaskEnvironment(name="databricks-bare", image="ghcr.io/acme/spark:3.5", plugin_config=Databricks())


@db_bare.task
async def ping() -> str:
    return "ok"


torch_env = flyte.TaskEnvironment(
    name="torch-env",
    image="ghcr.io/acme/torch:2.5",
    resources=flyte.Resources(cpu=8, memory="32Gi", gpu="A100:8"),
    plugin_config=Elastic(
        nnodes="2:4",
        nproc_per_node=8,
        rdzv_backend="etcd-v2",
        max_restarts=0,
        monitor_interval=5,
        rdzv_configs={"timeout": 1200, "join_timeout": 1200},
        nccl_heartbeat_timeout_sec=None,
        nccl_async_error_handling=True,
        nccl_collective_timeout_sec=600,
        nccl_enable_monitoring=False,
        run_policy=RunPolicy(clean_pod_policy="Running", ttl_seconds_after_finished=3600, active_deadline_seconds=7200, backoff_limit=2),
    ),
)


@torch_env.task
def train(epochs: int) -> float:
    return float(epochs)


torch_one = flyte.TaskEnvironment(
    name="torch-one",
    image="ghcr.io/acme/torch:2.5",
    plugin_config=Elastic(nnodes=1, nproc_per_node=2, run_policy=RunPolicy()),
)


@torch_one.task
def fine_tune(steps: int) -> int:
    return steps


torch_fixed = flyte.TaskEnvironment(
    name="torch-fixed",
    image="ghcr.io/acme/torch:2.5",
    plugin_config=Elastic(nnodes="3", nproc_per_node=1, run_policy=RunPolicy(clean_pod_policy="None")),
)


@torch_fixed.task
def evaluate(steps: int) -> int:
    return steps
