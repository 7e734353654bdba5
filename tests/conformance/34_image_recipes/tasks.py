import flyte

debian_pip = flyte.TaskEnvironment(
    name="img-debian-pip",
    image=flyte.Image.from_debian_base().with_pip_packages("requests==2.32.3"),
)
plain_python = flyte.TaskEnvironment(
    name="img-plain-python",
    image=flyte.Image.from_debian_base(python_version=(3, 12), install_flyte=False, registry="ghcr.io/acme", name="plain")
    .with_commands(["pip install uv", "uv --version"])
    .with_pip_packages(
        "flyte==2.12.1",
        "torch",
        index_url="https://pypi.example.com/simple",
        extra_index_urls=["https://download.pytorch.org/whl/cpu", "https://extra.example.com"],
        pre=True,
        extra_args="--no-cache",
    ),
)
tools_image = (
    flyte.Image.from_base("python:3.12-slim")
    .clone(registry="registry.acme.io/ml", name="tools", extendable=True)
    .with_apt_packages("curl", "git")
    .with_env_vars({"LOG_LEVEL": "debug", "HF_HOME": "/cache/hf"})
    .with_workdir("/app")
    .with_pip_packages("numpy")
)
on_base = flyte.TaskEnvironment(name="img-on-base", image=tools_image)
extended = on_base.clone_with(
    "img-extended",
    image=tools_image.clone(name="tools-extra").with_pip_packages("scipy", pre=True),
)
pinned = flyte.TaskEnvironment(
    name="img-pinned",
    image=flyte.Image.from_debian_base(python_version=(3, 12), flyte_version="2.11.0"),
)
no_flyte = flyte.TaskEnvironment(
    name="img-no-flyte",
    image=flyte.Image.from_debian_base(install_flyte=False),
)
pinned_v = flyte.TaskEnvironment(
    name="img-pinned-v",
    image=flyte.Image.from_debian_base(flyte_version="v2.11.0").with_apt_packages("jq"),
)
named_only = flyte.TaskEnvironment(
    name="img-named",
    image=flyte.Image.from_debian_base(name="recsys", registry="ghcr.io/acme"),
)


@debian_pip.task
def t_debian_pip() -> None:
    pass


@plain_python.task
def t_plain_python() -> None:
    pass


@on_base.task
def t_on_base() -> None:
    pass


@pinned.task
def t_pinned() -> None:
    pass


@named_only.task
def t_named() -> None:
    pass


@no_flyte.task
def t_no_flyte() -> None:
    pass


@pinned_v.task
def t_pinned_v() -> None:
    pass


@extended.task
def t_extended() -> None:
    pass
