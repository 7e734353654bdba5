# The Python the oracle serialized for expected.json; tasks.task is its translation.
import enum
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional, Union

import flyte


class Color(enum.Enum):
    RED = "RED"
    GREEN = "GREEN"


@dataclass
class Cfg:
    n: int = 3
    name: str = "x"


env = flyte.TaskEnvironment(name="typed-triggers")

typed = flyte.Trigger(
    name="typed",
    automation=flyte.Cron("*/5 * * * *"),
    description="d" * 300,
    inputs={
        "when": flyte.TriggerTime,
        "cfg": Cfg(n=5),
        "color": Color.GREEN,
        "maybe": None,
        "either": 2.5,
    },
    interruptible=False,
    labels={"b": "2", "a": "1"},
)

rate = flyte.Trigger(
    name="rate",
    automation=flyte.FixedRate(120),
    inputs={"when": flyte.TriggerTime},
    env_vars={"Z": "1", "A": "2"},
)


@env.task(triggers=(typed, rate))
def run(
    when: datetime,
    cfg: Cfg = Cfg(),
    color: Color = Color.RED,
    tags: list[str] = ["x"],
    maybe: Optional[int] = 7,
    either: Union[int, float] = 1,
    mapping: dict[str, int] = {"k": 1},
) -> None:
    pass
