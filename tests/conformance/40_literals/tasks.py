import dataclasses
import typing
from typing import Literal

import flyte
import pydantic


@dataclasses.dataclass
class Plan:
    mode: Literal["fast", "slow"] = "slow"
    only: Literal["solo"] = "solo"
    maybe: typing.Optional[Literal["p", "q"]] = None
    steps: typing.List[Literal["load", "train", "eval"]] = dataclasses.field(default_factory=lambda: ["load", "eval"])
    by_stage: typing.Dict[str, Literal["on", "off"]] = dataclasses.field(default_factory=lambda: {"a": "on"})
    either: typing.Union[int, Literal["auto"]] = "auto"


class Settings(pydantic.BaseModel):
    mode: Literal["fast", "slow"] = "fast"
    only: Literal["solo"] = "solo"
    maybe: typing.Optional[Literal["p", "q"]] = None
    flags: typing.Dict[str, Literal["on", "off"]] = {"x": "off"}
    required: Literal["it's", 'say "hi"']


env = flyte.TaskEnvironment(name="literals", image="ghcr.io/acme/literals:1")


@env.task
async def choose(
    mode: Literal["fast", "slow"],
    level: Literal["low", "high"] = "high",
    solo: Literal["only"] = "only",
    modes: typing.List[Literal["a", "b"]] = [],
    maybe: typing.Optional[Literal["a", "b"]] = None,
    either: typing.Union[int, Literal["auto"]] = 3,
    named: typing.Dict[str, Literal["x", "y"]] = {},
    pair: tuple[Literal["l", "r"], int] = ("r", 1),
    plan: Plan = Plan(),
    settings: Settings = Settings(required="it's"),
) -> Literal["done", "failed"]:
    return "done"


@env.task
async def listed() -> typing.List[Literal["x", "y"]]:
    return ["x"]


class Verdict(typing.NamedTuple):
    status: Literal["ok", "bad"]
    score: float


@env.task
async def judge() -> Verdict:
    return Verdict("ok", 1.0)
