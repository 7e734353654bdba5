# The Python the oracle serialized for expected.json; tasks.task is its translation.
import datetime
import enum
from dataclasses import dataclass, field
from typing import Annotated, Any, NamedTuple, Optional, Union

import pydantic
import flyte
from flyte.io import DataFrame, Dir, File

UTC = datetime.timezone.utc


class Color(enum.Enum):
    RED = "RED"
    GREEN = "GREEN"


@dataclass
class Inner:
    label: str = "l"
    weight: float = 1.0


class PInner(pydantic.BaseModel):
    label: str = "l"


@dataclass
class Wide:
    i: int
    f: float
    s: str
    b: bool
    dt: datetime.datetime
    d: datetime.date
    td: datetime.timedelta
    c: Color
    li: list[int]
    dsf: dict[str, float]
    dk: dict[int, str]
    o: Optional[int]
    u: Union[int, str]
    u3: Union[int, str, None]
    inner: Inner
    li_inner: list[Inner]
    st: dict
    fi: File
    dr: Dir
    df: DataFrame
    t: tuple[int, str]
    a: Any
    by: bytes
    p: PInner
    oc: Optional[Color]
    of: Optional[File]


@dataclass
class WideDefaults:
    i: int = -5
    big: int = 300
    f: float = 2.0
    s: str = "héllo"
    b: bool = False
    dt: datetime.datetime = datetime.datetime(2024, 1, 2, 3, 4, 5, 123000, tzinfo=UTC)
    d: datetime.date = datetime.date(2024, 1, 2)
    td: datetime.timedelta = datetime.timedelta(minutes=90, microseconds=5)
    c: Color = Color.GREEN
    li: list[int] = field(default_factory=lambda: [1, 2])
    dsf: dict[str, float] = field(default_factory=lambda: {"a": 1.5})
    dk: dict[int, str] = field(default_factory=lambda: {1: "x"})
    o: Optional[int] = None
    o2: Optional[int] = 4
    u: Union[int, str] = "s"
    inner: Inner = field(default_factory=Inner)
    st: dict = field(default_factory=lambda: {"k": [1, "a", None, True, 1.5]})
    t: tuple[int, str] = (1, "a")
    fi: File = field(default_factory=lambda: File(path="s3://b/dir/x.txt"))
    dr: Dir = field(default_factory=lambda: Dir(path="s3://b/dir"))
    df: DataFrame = field(default_factory=lambda: DataFrame(uri="s3://b/x.parquet"))
    oc: Optional[Color] = Color.RED


class PWide(pydantic.BaseModel):
    i: int
    f: float
    s: str
    b: bool
    dt: datetime.datetime
    d: datetime.date
    td: datetime.timedelta
    c: Color
    li: list[int]
    dsf: dict[str, float]
    dk: dict[int, str]
    de: dict[Color, int]
    o: Optional[int]
    u: Union[int, str]
    u3: Union[int, str, None]
    inner: PInner
    li_inner: list[PInner]
    dc: Inner
    st: dict
    fi: File
    dr: Dir
    df: DataFrame
    t: tuple[int, str]
    a: Any
    by: bytes
    oc: Optional[Color]
    of: Optional[File]
    ur: Union[PInner, int]
    max_depth: int


class PWideDefaults(pydantic.BaseModel):
    i: int = 1
    f: float = 2.5
    dt: datetime.datetime = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    dt2: datetime.datetime = datetime.datetime(2024, 1, 2, 3, 4, 5, 500000, tzinfo=UTC)
    d: datetime.date = datetime.date(2024, 1, 2)
    td: datetime.timedelta = datetime.timedelta(minutes=90)
    td2: datetime.timedelta = datetime.timedelta(days=401, seconds=3601, microseconds=120)
    td3: datetime.timedelta = datetime.timedelta(0)
    c: Color = Color.GREEN
    oc: Optional[Color] = Color.RED
    inner: PInner = PInner()
    dc: Inner = Inner()
    tags: list[str] = []
    o: Optional[int] = None
    u: Union[PInner, int] = 3
    t: tuple[int, str] = (1, "a")
    fi: File = pydantic.Field(default_factory=lambda: File(path="s3://b/dir/x.txt"))
    df: DataFrame = pydantic.Field(default_factory=lambda: DataFrame(uri="s3://b/x.parquet"))


env = flyte.TaskEnvironment(name="wide")


@env.task
def dataclasses(w: Wide, wd: WideDefaults = WideDefaults()) -> Inner:
    raise NotImplementedError


@env.task
def pydantics(p: PWide, pd: PWideDefaults = PWideDefaults()) -> PInner:
    raise NotImplementedError


@env.task
def shapes(
    t: tuple[int, str],
    an: Any,
    by: bytes,
    st: dict,
    dk: dict[int, str],
    db: dict[bool, int],
    u: Union[int, str, None],
    ul: Union[list[int], dict[str, int], Inner, PInner, File, Dir, DataFrame, Color, datetime.datetime, datetime.date, datetime.timedelta, float, bool],
    um: Union[dict, tuple[int, str], bytes],
    lt: list[tuple[int, str]],
    nested: list[dict[str, list[Optional[Inner]]]],
    typed: Annotated[DataFrame, {"a": int, "b": list[str]}, "csv"],
    ua: Optional[Any] = None,
) -> tuple[int, str]:
    raise NotImplementedError


@env.task
def literal_defaults(
    st: dict = {"a": 1, "b": [1.5, "x"], "c": {"d": None}},
    dk: dict[int, str] = {1: "a", 2: "b"},
    db: dict[bool, int] = {True: 1},
    t: tuple[int, str] = (1, "a"),
    u: Union[int, str] = "x",
    u2: Union[float, int] = 3.0,
    lr: list[Inner] = [Inner()],
    dr: dict[str, Inner] = {"k": Inner()},
    oc: Optional[Color] = Color.RED,
    ol: Optional[list[int]] = [1],
    d: datetime.date = datetime.date(2024, 1, 2),
    dt: datetime.datetime = datetime.datetime(2024, 1, 2, 3, 4, 5, 500000, tzinfo=UTC),
    td: datetime.timedelta = datetime.timedelta(seconds=1, microseconds=500000),
    fi: File = File(path="s3://bucket/f.txt"),
    di: Dir = Dir(path="s3://bucket/d"),
    df: DataFrame = DataFrame(uri="s3://bucket/df.parquet"),
    tdf: Annotated[DataFrame, {"a": int}, "parquet"] = DataFrame(uri="s3://b/y.parquet"),
    neg: int = -3,
    big: int = 2**40,
    fl: float = 1e20,
    of: Optional[File] = File(path="s3://b/x"),
    ue: Union[Inner, int] = Inner(),
    ut: Union[tuple[int, str], int] = (1, "a"),
    ud: Union[dict[int, str], int] = {1: "a"},
    us: Union[dict, int] = 1,
    ln: list[Optional[int]] = [1, None],
    uni: str = "naïve ☃",
) -> None:
    """Defaults of every kind.

    Args:
        neg: a negative number
    """


class Out(NamedTuple):
    model: File
    score: float


@env.task
def named_outputs(x: int) -> Out:
    """Train.

    Args:
        x: the input

    Returns:
        model: the model file
        score: the score
    """
    raise NotImplementedError
