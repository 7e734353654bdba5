import typing

import flyte
import flyte.io
import pandas
import pyarrow
from flyte.types import FlytePickle


class Model:
    """A class no SDK transformer handles: pickled, named in `python_class_name`."""


class Registry:
    class Entry:
        pass


env = flyte.TaskEnvironment(name="flavours", image="ghcr.io/acme/flavours:1")


@env.task
async def pickles(
    loose,
    anything: typing.Any,
    jar: FlytePickle,
    model: Model,
    entry: Registry.Entry,
    models: typing.List[Model],
    by_name: typing.Dict[str, FlytePickle],
    maybe: typing.Optional[Model] = None,
    either: typing.Union[int, Model] = 3,
) -> Model:
    return model


@env.task
async def frames(
    table: pandas.DataFrame,
    csv: typing.Annotated[pandas.DataFrame, "csv"],
    columns: typing.Annotated[pandas.DataFrame, {"a": int, "b": str}],
    arrow: pyarrow.Table,
    tables: typing.List[pandas.DataFrame],
    plain: flyte.io.DataFrame,
    maybe: typing.Optional[pandas.DataFrame] = None,
    many: typing.Dict[str, pyarrow.Table] = {},
) -> pandas.DataFrame:
    return table


class FrameOutputs(typing.NamedTuple):
    summary: pandas.DataFrame
    raw: typing.Any


@env.task
def split(table: pandas.DataFrame) -> FrameOutputs:
    return FrameOutputs(table, None)
