from datetime import timedelta

import flyte
from kubernetes.client import V1Container, V1PodSpec, V1ResourceRequirements, V1SecurityContext, V1Capabilities

fuse = flyte.TaskEnvironment(
    name="fuse",
    resources=flyte.Resources(cpu=2, memory="4Gi"),
    pod_template=flyte.PodTemplate().allow_fuse(),
)

fuse_privileged = flyte.TaskEnvironment(
    name="fuse-privileged",
    pod_template=flyte.PodTemplate(
        pod_spec=V1PodSpec(
            containers=[
                V1Container(
                    name="primary",
                    resources=V1ResourceRequirements(requests={"nvidia.com/gpu": "1"}, limits={"nvidia.com/gpu": "1"}),
                    security_context=V1SecurityContext(capabilities=V1Capabilities(add=["NET_ADMIN"])),
                )
            ]
        ),
        labels={"team": "ml"},
    )
    .allow_fuse(privileged=True)
    .with_termination_grace_period(timedelta(minutes=10)),
)

sandbox = flyte.TaskEnvironment(
    name="sandbox",
    pod_template=flyte.PodTemplate(primary_container_name="main", annotations={"owner": "ml"})
    .allow_fuse()
    .allow_nested_sandboxing(),
)

grace = flyte.TaskEnvironment(
    name="grace",
    pod_template=flyte.PodTemplate(
        pod_spec=V1PodSpec(containers=[V1Container(name="sidecar", image="busybox")])
    ).with_termination_grace_period(30),
)


@fuse.task
def mount_bucket(path: str) -> str:
    return path


@fuse_privileged.task
def mount_privileged(path: str) -> str:
    return path


@sandbox.task
def run_sandboxed(code: str) -> str:
    return code


@grace.task
def checkpointing(steps: int) -> int:
    return steps
