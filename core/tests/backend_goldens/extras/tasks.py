# Wire features outside the conformance corpus, serialized by the SDK oracle:
# inline pod templates (merge into the primary container, labels-only),
# retries with backoff, timeouts with queued time and deadline, entrypoint,
# produces_artifacts, a Snowflake query task, Dask defaults, a scaled-down
# reusable env with a service account and interruptible, TPU accelerators.
from datetime import timedelta

import flyte
from flyteplugins.dask import Dask, WorkerGroup
from flyteplugins.snowflake import Snowflake, SnowflakeConfig
from kubernetes.client import (
    V1Container,
    V1EnvVar,
    V1PodSpec,
    V1ResourceRequirements,
    V1Toleration,
)

pod = flyte.PodTemplate(
    primary_container_name="main",
    labels={"team": "ml"},
    annotations={"note": "x"},
    pod_spec=V1PodSpec(
        containers=[
            V1Container(
                name="main",
                env=[V1EnvVar(name="FROM_TEMPLATE", value="1")],
                resources=V1ResourceRequirements(requests={"cpu": "1", "smarter-devices/fuse": "1"}),
            )
        ],
        tolerations=[V1Toleration(key="k", operator="Exists", effect="NoSchedule")],
    ),
)

podenv = flyte.TaskEnvironment(
    name="podenv",
    image="ghcr.io/acme/app:3",
    resources=flyte.Resources(cpu="500m", memory=("1Gi", "2Gi"), gpu=1),
    env_vars={"APP": "1"},
    pod_template=pod,
)


@podenv.task
async def in_pod(x: int) -> int:
    return x


labels_only = flyte.TaskEnvironment(name="labels-only", pod_template=flyte.PodTemplate(labels={"q": "fast"}))


@labels_only.task
def labelled() -> None:
    pass


policies = flyte.TaskEnvironment(name="policies", resources=flyte.Resources(gpu=flyte.TPU("V5E", "2x2")))


@policies.task(
    retries=flyte.RetryStrategy(count=3, backoff=flyte.Backoff(base=timedelta(seconds=1.5), factor=2.0, cap=timedelta(minutes=1))),
    timeout=flyte.Timeout(max_runtime=timedelta(seconds=120.5), max_queued_time=timedelta(minutes=10), deadline=timedelta(hours=1)),
    entrypoint=True,
    produces_artifacts=True,
    interruptible=True,
)
def governed() -> None:
    pass


dask_env = flyte.TaskEnvironment(name="dask-defaults", plugin_config=Dask(workers=WorkerGroup(number_of_workers=2)))


@dask_env.task
def crunch() -> None:
    pass


pool = flyte.TaskEnvironment(
    name="pool",
    image="ghcr.io/acme/pool:1",
    service_account="pool-sa",
    secrets=[flyte.Secret(key="tok")],
    interruptible=True,
    reusable=flyte.ReusePolicy(replicas=1, idle_ttl=timedelta(minutes=5), scaledown_ttl=timedelta(seconds=90)),
)


@pool.task
def pooled() -> None:
    pass


sf = Snowflake(
    name="sf.load",
    query_template="""
        INSERT INTO t (a, b)
        VALUES (%(a)s, %(b)s)
    """,
    plugin_config=SnowflakeConfig(
        account="acct",
        database="db",
        schema="public",
        warehouse="wh",
        user="loader",
        connection_kwargs={"role": "LOADER"},
    ),
    inputs={"a": list[int], "b": list[str]},
    secret_group="sf-keys",
    snowflake_private_key="private-key",
    batch=True,
)
