import dataclasses
import enum
import typing

import flyte
import pydantic


class Color(enum.Enum):
    RED = "r"
    GREEN = "g"
    BLUE = "BLUE"


@dataclasses.dataclass
class Brush:
    color: Color = Color.GREEN
    colors: typing.List[Color] = dataclasses.field(default_factory=lambda: [Color.RED, Color.BLUE])
    widths: typing.Dict[Color, int] = dataclasses.field(default_factory=lambda: {Color.RED: 1})


class Palette(pydantic.BaseModel):
    main: Color = Color.BLUE
    named: typing.Dict[str, Color] = {"sky": Color.BLUE, "grass": Color.GREEN}


@dataclasses.dataclass
class Stroke:
    palette: Palette
    shade: typing.Optional[Color] = None


env = flyte.TaskEnvironment(name="paint", image="ghcr.io/acme/paint:1")


@env.task
def paint(
    color: Color = Color.RED,
    brush: Brush = Brush(),
    palette: Palette = Palette(main=Color.RED),
    counts: typing.Dict[Color, int] = {Color.GREEN: 2},
    stroke: typing.Optional[Stroke] = None,
) -> Color:
    return color
