#!/usr/bin/env python
"""
What the Flyte SDK does with the shapes taskc refuses by rule (E0202 dataframe columns, E0221-E0225,
E0907 image recipe files, E0314 plugin configs the plugin cannot build),
run against the real SDK. Each probe builds the Python objects the bindings would write and calls the
SDK code that handles them; it prints one JSON object mapping each probe to

  "rejects"  the SDK raises (at import, schema building or conversion)
  "changes"  the SDK accepts and sends something other than the written value
  "accepts"  the SDK sends the value as written

`core/tests/difftest.rs` runs it for the mutations of `difftest_support/mutate.rs` that name a probe
and checks each mutation's `Sdk` against the result.

Usage: .venv/bin/python sdk_rules.py [probe ...]   (no argument: all probes)
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import json
import logging
import sys
import typing

import msgpack
import pydantic

import flyte.io
from flyte.types import TypeEngine

logging.disable(logging.CRITICAL)

FIVE_SECONDS = datetime.timedelta(seconds=5)


def to_literal(value, python_type, declared=None):
    lt = TypeEngine.to_literal_type(declared if declared is not None else python_type)
    return asyncio.run(TypeEngine.to_literal(value, python_type, lt))


def packed(literal) -> typing.Any:
    return msgpack.unpackb(literal.scalar.binary.value, strict_map_key=False)


def frame_opt():
    typing.Optional[typing.Annotated[flyte.io.DataFrame, {"a": int}, "parquet"]]


def frame_union():
    typing.Union[int, list[typing.Annotated[flyte.io.DataFrame, {"a": int}]]]


def frame_date():
    TypeEngine.to_literal_type(typing.Annotated[flyte.io.DataFrame, {"day": datetime.date}])


def passed_on():
    @dataclasses.dataclass
    class PassedOn:
        a: typing.Union[str, datetime.timedelta] = FIVE_SECONDS

    TypeEngine.to_literal_type(PassedOn)


def mixed():
    @dataclasses.dataclass
    class Mixed:
        c: typing.Union[int, datetime.timedelta, str]

    to_literal(Mixed(c=FIVE_SECONDS), Mixed)


def outer_data():
    class InnerModel(pydantic.BaseModel):
        n: int = 1

    @dataclasses.dataclass
    class OuterData:
        p: InnerModel

    to_literal(OuterData(p=InnerModel()), OuterData)


def coerced():
    @dataclasses.dataclass
    class Coerced:
        b: typing.Union[list[datetime.timedelta], dict[str, int]]

    return packed(to_literal(Coerced(b={}), Coerced)) == {"b": {}}


def file_or_int():
    class FileOrInt(pydantic.BaseModel):
        f: typing.Union[flyte.io.File, int]

    FileOrInt(f=3)


def tuple_file_first():
    to_literal((3, "a"), tuple[typing.Union[flyte.io.File, int], str])


def dict_record_ambiguous():
    @dataclasses.dataclass
    class Named:
        f0: str = "hello"

    to_literal({"k0": "a"}, typing.Union[dict[str, str], Named])


def dict_record_ok():
    @dataclasses.dataclass
    class Required:
        f0: str

    to_literal({"k0": "a"}, typing.Union[dict[str, str], Required])


def trigger_dict():
    # `TypeEngine.to_literal(v, type(v), <the input's type>)`, as trigger_serde does.
    to_literal({"a": 1}, dict, dict[str, int])


def trigger_list():
    literal = to_literal([1], list, list[int])
    return literal.HasField("collection")


# Controls: the accepted neighbours of the shapes above (probes ending in `_ok`), so that a probe
# cannot pass by failing for another reason.


def frame_format_opt_ok():
    TypeEngine.to_literal_type(typing.Optional[typing.Annotated[flyte.io.DataFrame, "parquet"]])
    TypeEngine.to_literal_type(list[typing.Annotated[flyte.io.DataFrame, {"a": int}]])


def mixed_ok():
    @dataclasses.dataclass
    class Ordered:
        c: typing.Union[int, datetime.timedelta]
        b: typing.Union[dict[str, int], list[datetime.timedelta]]

    return packed(to_literal(Ordered(c=FIVE_SECONDS, b={}), Ordered)) == {"c": 5.0, "b": {}}


def outer_model_ok():
    class InnerModel(pydantic.BaseModel):
        n: int = 1

    @dataclasses.dataclass
    class OuterData:
        p: InnerModel

    TypeEngine.to_literal_type(OuterData)


def file_last_ok():
    class IntOrFile(pydantic.BaseModel):
        f: typing.Union[int, flyte.io.File]

    IntOrFile(f=3)


def trigger_empty_dict_ok():
    return packed_or_map(to_literal({}, dict, dict[str, int]))


def image_missing_file():
    import pathlib
    import tempfile

    with tempfile.TemporaryDirectory() as root:
        flyte.Image.from_debian_base().with_requirements(pathlib.Path(root) / "missing.txt").uri


def image_file_ok():
    import pathlib
    import tempfile

    with tempfile.TemporaryDirectory() as root:
        requirements = pathlib.Path(root) / "requirements.txt"
        requirements.write_text("pandas\n")
        flyte.Image.from_debian_base().with_requirements(requirements).uri


def spark_pod_no_containers():
    from flyteplugins.spark import Spark

    Spark(executor_pod=flyte.PodTemplate(labels={"role": "executor"})).executor_pod.to_k8s_pod()


def spark_pod_ok():
    from flyteplugins.spark import Spark
    from kubernetes.client import V1Container, V1PodSpec

    spec = V1PodSpec(containers=[V1Container(name="primary")])
    Spark(executor_pod=flyte.PodTemplate(pod_spec=spec)).executor_pod.to_k8s_pod()


def pytorch_no_nnodes():
    from flyteplugins.pytorch import Elastic

    Elastic(nproc_per_node=2)


def pytorch_ok():
    from flyteplugins.pytorch import Elastic

    Elastic(nnodes=2, nproc_per_node=2)


def struct_block_duration():
    to_literal({"k0": datetime.timedelta(0)}, typing.Union[dict, dict[str, datetime.timedelta]])


def struct_block_ok():
    to_literal({"k0": "1s"}, typing.Union[dict, dict[str, datetime.timedelta]])


def packed_or_map(literal) -> bool:
    return literal.HasField("map") and len(literal.map.literals) == 0


PROBES = {
    f.__name__: f
    for f in [
        frame_format_opt_ok,
        mixed_ok,
        outer_model_ok,
        file_last_ok,
        trigger_empty_dict_ok,
        dict_record_ok,
        image_file_ok,
        struct_block_ok,
        spark_pod_ok,
        pytorch_ok,
        frame_opt,
        frame_union,
        frame_date,
        passed_on,
        mixed,
        outer_data,
        coerced,
        file_or_int,
        tuple_file_first,
        dict_record_ambiguous,
        trigger_dict,
        trigger_list,
        image_missing_file,
        struct_block_duration,
        spark_pod_no_containers,
        pytorch_no_nnodes,
    ]
}


def run(name: str) -> str:
    try:
        same = PROBES[name]()
    except Exception:
        return "rejects"
    return "changes" if same is False else "accepts"


def main(argv: list[str]) -> int:
    names = argv or list(PROBES)
    unknown = [n for n in names if n not in PROBES]
    if unknown:
        print(f"unknown probes: {unknown}", file=sys.stderr)
        return 2
    print(json.dumps({name: run(name) for name in names}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
