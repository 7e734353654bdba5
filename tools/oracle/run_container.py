"""Run a container task's built command and args as a local process, the way
the Flyte SDK's local container run renders them, and read its outputs the
way the SDK does.

    python run_container.py SPEC.json BINDINGS_MODULE TASK '{"input": value, ...}'

SPEC.json is what `taskc build` wrote for the task; the command run is its
container args (not the SDK's), with `{{.inputs.x}}` filled in by the SDK's
own renderer (`ContainerTask._prepare_command_and_volumes`). The task's
`input_data_dir`/`output_data_dir` must be local folders (there is no
container to mount them in). Prints {"commands": [...], "outputs": [...]}.
"""

import asyncio
import importlib
import json
import pathlib
import subprocess
import sys


def main() -> None:
    spec_path, module_name, task_name, inputs = sys.argv[1:5]
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    template = spec.get("taskTemplate") or spec["spec"]["taskTemplate"]
    container = template["container"]
    task = getattr(importlib.import_module(module_name), task_name)
    commands, _ = task._prepare_command_and_volumes(container["args"], **json.loads(inputs))
    done = subprocess.run(commands, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{commands} exited with {done.returncode}: {done.stderr}")
    out_dir = pathlib.Path(container["dataConfig"]["outputPath"])
    outputs = asyncio.run(task._get_output(out_dir))
    print(json.dumps({"commands": commands, "outputs": list(outputs)}))


if __name__ == "__main__":
    main()
