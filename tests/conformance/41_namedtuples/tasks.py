import datetime
import enum
import typing

import flyte
import pydantic


class Color(enum.Enum):
    RED = "r"
    BLUE = "BLUE"


class Pair(typing.NamedTuple):
    """Two values."""

    a: int
    b: str = "x"


class Outer(typing.NamedTuple):
    p: Pair
    n: float = 1.5
    tags: typing.List[str] = []
    wait: datetime.timedelta = datetime.timedelta(seconds=90)
    color: Color = Color.RED
    colors: typing.List[Color] = [Color.BLUE]


class Holder(pydantic.BaseModel):
    pair: Pair = Pair(a=2)
    pairs: typing.List[Pair] = []


env = flyte.TaskEnvironment(name="tuples", image="ghcr.io/acme/tuples:1")


class BestOutputs(typing.NamedTuple):
    best: Pair
    count: int


@env.task
async def pick(
    p: Pair = Pair(a=1),
    o: typing.Optional[Outer] = None,
    full: Outer = Outer(p=Pair(a=3, b="y"), tags=["t"]),
    ps: typing.List[Pair] = [],
    h: Holder = Holder(),
) -> BestOutputs:
    return BestOutputs(p, 1)
