import dataclasses

import flyte
import pydantic

env = flyte.TaskEnvironment(name="docs")


class Optimizer(pydantic.BaseModel):
    """The optimizer of a training run.

    Learning rates are per step; ✓ unicode is kept.
    """

    name: str = pydantic.Field("adamw", description="Registered optimizer name")
    lr: float = pydantic.Field(0.001, description="Learning rate")
    betas: list[float] = pydantic.Field([0.9, 0.999], description="Adam betas")
    warmup: int = 0
    schedule: dict[str, int] = {"decay": 100}


@dataclasses.dataclass
class Window:
    """A time window, in days."""

    days: int = 7


class TrainConfig(pydantic.BaseModel):
    """Everything a training run needs."""

    optimizer: Optimizer = pydantic.Field(description="How weights are updated")
    window: Window = Window()
    epochs: int = pydantic.Field(description="Passes over the data")


@dataclasses.dataclass
class Job:
    """A job; mashumaro writes no description for it."""

    config: TrainConfig
    # Free-form tags (a dataclass field has no description).
    tags: list[str] = dataclasses.field(default_factory=list)


@env.task
def train(config: TrainConfig, job: Job) -> int:
    return 1
