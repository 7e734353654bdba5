"""Run a task with the Flyte SDK's local mode (`flyte.run`): tasks it calls
run in the same process, no control plane needed.

    python run_local.py MODULE TASK '{"input": value, ...}'

Prints the run's outputs as JSON (records and enums as their JSON form).
The module is imported from the current folder / PYTHONPATH.
"""

import dataclasses
import enum
import importlib
import json
import sys

import flyte


def plain(value):
    if dataclasses.is_dataclass(value):
        return {k: plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def main() -> None:
    module_name, task_name, inputs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    task = getattr(importlib.import_module(module_name), task_name)
    flyte.init()
    run = flyte.with_runcontext(mode="local").run(task, **inputs)
    print(json.dumps(plain(run.outputs())))


if __name__ == "__main__":
    main()
