import pathlib

import flyte

HERE = pathlib.Path(__file__).parent

requirements = flyte.TaskEnvironment(
    name="img-requirements",
    image=flyte.Image.from_debian_base().with_requirements(HERE / "requirements.txt", pre=True),
)
sources = flyte.TaskEnvironment(
    name="img-sources",
    image=flyte.Image.from_debian_base(registry="ghcr.io/acme", name="app")
    .with_source_file([HERE / "config.yaml", HERE / "scripts" / "run.sh"])
    .with_source_folder(HERE / "src")
    .with_env_vars({"PYTHONPATH": "/root/src"}),
)
uv_project = flyte.TaskEnvironment(
    name="img-uv-project",
    image=flyte.Image.from_debian_base(name="uvp").with_uv_project(
        HERE / "proj" / "pyproject.toml", extra_index_urls=("https://download.pytorch.org/whl/cpu",)
    ),
)
uv_script = flyte.TaskEnvironment(
    name="img-uv-script",
    image=flyte.Image.from_uv_script(
        HERE / "scripts" / "job.py", name="job", registry="ghcr.io/acme", python_version=(3, 12), pre=True
    ).with_apt_packages("jq"),
)
poetry = flyte.TaskEnvironment(
    name="img-poetry",
    image=flyte.Image.from_debian_base(name="poet").with_poetry_project(HERE / "poetry" / "pyproject.toml"),
)
dockerfile = flyte.TaskEnvironment(
    name="img-dockerfile",
    image=flyte.Image.from_dockerfile(HERE / "Dockerfile", registry="ghcr.io/acme", name="custom"),
)


@requirements.task
def t_requirements() -> None:
    pass


@sources.task
def t_sources() -> None:
    pass


@uv_project.task
def t_uv_project() -> None:
    pass


@dockerfile.task
def t_dockerfile() -> None:
    pass


@uv_script.task
def t_uv_script() -> None:
    pass


@poetry.task
def t_poetry() -> None:
    pass
