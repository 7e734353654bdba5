# More wire features outside the conformance corpus, serialized by the SDK
# oracle with `sync_local_sys_paths` (sctx.json): `_F_SYS_PATH` on deployed
# function and container tasks but not on submitted ones, an override that
# switches to an inline pod template, an override replacing the reuse
# policy, container tasks with resources, env vars, secrets, a pinned and a
# salted cache, and a BigQuery query with a job config.
from datetime import timedelta

import flyte
from flyte.extras import ContainerTask
from flyte.io import File
from flyteplugins.bigquery import BigQueryConfig, BigQueryTask
from google.cloud import bigquery
from kubernetes.client import V1Container, V1PodSpec

base = flyte.TaskEnvironment(
    name="base",
    image="ghcr.io/acme/base:1",
    resources=flyte.Resources(cpu=1, memory="1Gi"),
    env_vars={"A": "1"},
)


@base.task(cache="auto")
def work(x: int) -> int:
    return x


in_pod = work.override(
    pod_template=flyte.PodTemplate(
        primary_container_name="primary",
        labels={"team": "ml"},
        pod_spec=V1PodSpec(containers=[V1Container(name="primary", image="ghcr.io/acme/other:2")]),
    ),
    resources=flyte.Resources(cpu=2, memory="2Gi", disk="10Gi", shm="auto"),
    interruptible=True,
)

pool = flyte.TaskEnvironment(
    name="pool",
    image="ghcr.io/acme/pool:1",
    reusable=flyte.ReusePolicy(replicas=(1, 4), concurrency=1),
)


@pool.task
def pooled(x: int) -> int:
    return x


resized = pooled.override(reusable=flyte.ReusePolicy(replicas=3, idle_ttl=timedelta(minutes=2), scope="run"))

shell = ContainerTask(
    name="shell",
    image="alpine:3.20",
    command=["sh", "-c", "cat /var/inputs/f > /var/outputs/out"],
    inputs={"f": File},
    outputs={"out": File},
    resources=flyte.Resources(cpu="250m", memory="256Mi"),
    env_vars={"MODE": "x"},
    secrets=[flyte.Secret(key="tok", group="g")],
    cache=flyte.Cache(behavior="auto", version_override="pinned-1"),
    metadata_format="PROTO",
)
tools = flyte.TaskEnvironment.from_task("tools", shell)

salted = ContainerTask(
    name="salted",
    image="alpine:3.20",
    command=["echo", "{{.inputs.n}}"],
    inputs={"n": int},
    cache=flyte.Cache(behavior="override", salt="pepper", serialize=True, max_age=timedelta(days=1)),
)
salty = flyte.TaskEnvironment.from_task("salty", salted)

jobs = BigQueryTask(
    name="bq.jobs",
    query_template="SELECT 1",
    plugin_config=BigQueryConfig(
        ProjectID="p",
        Location="EU",
        QueryJobConfig=bigquery.QueryJobConfig(use_query_cache=False, maximum_bytes_billed=1000, priority="BATCH"),
    ),
)
warehouse = flyte.TaskEnvironment.from_task("warehouse", jobs)
