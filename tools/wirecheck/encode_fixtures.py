#!/usr/bin/env python3
"""Writes the binary fixtures of taskc-wire's round-trip test with the reference runtime.

For every valid case `tests/conformance/<case>/expected.json` (a list of task documents), writes
`wire/tests/data/<case>.pb.json`: a list parallel to the case's documents, each
`{"task_spec": <base64>, "deploy": <base64> | null}`, the bytes Python's flyteidl2 2.0.51 produces
(`SerializeToString(deterministic=True)`) for the TaskSpec and, on the deploy path, for the
`DeployTaskRequest{task_id, spec, triggers}`. The Rust test decodes them with prost and requires
the message parsed from the JSON, so the two runtimes must agree on the wire, not only in JSON.

Usage: .venv-wirecheck/bin/python tools/wirecheck/encode_fixtures.py
"""

from __future__ import annotations

import base64
import json
import pathlib
import sys

from flyteidl2.task import task_definition_pb2, task_service_pb2
from google.protobuf import json_format

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "conformance"
DATA = ROOT / "wire" / "tests" / "data"


def encode(doc: dict, cls) -> str:
    msg = json_format.ParseDict(doc, cls(), ignore_unknown_fields=False)
    return base64.b64encode(msg.SerializeToString(deterministic=True)).decode("ascii")


def deploy_request(doc: dict) -> dict:
    req = {"taskId": doc["task_id"], "spec": doc["task_spec"]}
    if doc["triggers"]:
        req["triggers"] = doc["triggers"]
    return req


def main() -> int:
    written = 0
    for expected in sorted(CORPUS.glob("*/expected.json")):
        docs = json.loads(expected.read_text(encoding="utf-8"))
        if not isinstance(docs, list):  # a rejected case: {"error": ...}
            continue
        fixtures = []
        for doc in docs:
            fixtures.append(
                {
                    "task_spec": encode(doc["task_spec"], task_definition_pb2.TaskSpec),
                    "deploy": encode(deploy_request(doc), task_service_pb2.DeployTaskRequest)
                    if doc["path"] == "deploy"
                    else None,
                }
            )
        out = DATA / f"{expected.parent.name}.pb.json"
        out.write_text(json.dumps(fixtures, indent=1) + "\n", encoding="utf-8")
        written += 1
    if not written:
        sys.exit(f"no valid cases in {CORPUS}")
    print(f"wrote {written} fixture files to {DATA}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
