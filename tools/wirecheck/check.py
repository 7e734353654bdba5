#!/usr/bin/env python3
"""Strict wire check for taskc output, against the real flyteidl2 2.0.51 runtime.

Usage:
  .venv-wirecheck/bin/python tools/wirecheck/check.py [options] PATH...

Each PATH is a JSON file or a directory searched recursively for `*.json`. Every file must hold
one flyteidl2 message in the proto3 JSON mapping. The message type is chosen like this:
  1. `--type` forces it for every file;
  2. otherwise the file name: `*.taskspec.json` is a `flyteidl2.task.TaskSpec`,
     `*.trigger.json` a `flyteidl2.task.TaskTrigger`;
  3. otherwise the top-level keys: an object whose keys are all TaskSpec fields (`taskTemplate`,
     `defaultInputs`, `shortName`, `environment`, `documentation`) is a TaskSpec; anything else is a
     `flyteidl2.task.DeployTaskRequest` (`taskId`, `spec`, `triggers`), the default.

Checks, in order; a file passes only if all of them pass:
  parse      `json_format.Parse` with unknown fields and unknown enum names rejected;
  canonical  `MessageToDict` of the parsed message equals the file's JSON, i.e. the file is
             exactly what the Flyte SDK would print (no default values spelled out, int64 as
             strings, enum names, ...). Skipped with `--no-canonical`;
  validate   every `buf.validate` rule of the descriptors (protovalidate), e.g.
             `task_id.org: value length must be at least 1 characters`;
  pb         if `<name>.pb` sits next to `<name>.json`, it must decode to the same message and
             carry no unknown fields.

Prints one FAIL block per failing file (PASS lines too with `-v`) and a final summary line
`N passed, M failed`. Exit status: 0 when every file passes, 1 when any fails or no file is
found, 2 for bad usage or a missing runtime (run tools/wirecheck/setup.sh).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from typing import Any, Callable, Iterable, List, Optional, Tuple

try:
    import protovalidate
    from flyteidl2.task import task_definition_pb2, task_service_pb2
    from google.protobuf import json_format
    from google.protobuf.message import DecodeError, Message
except ImportError as exc:  # pragma: no cover - environment problem, not a check failure
    sys.stderr.write(f"check.py: {exc}\nRun tools/wirecheck/setup.sh and use .venv-wirecheck/bin/python.\n")
    sys.exit(2)

MESSAGE_TYPES = {
    "deploy": task_service_pb2.DeployTaskRequest,
    "taskspec": task_definition_pb2.TaskSpec,
    "trigger": task_definition_pb2.TaskTrigger,
}
SUFFIX_TYPES = {".taskspec.json": "taskspec", ".trigger.json": "trigger"}
TASK_SPEC_KEYS = {f.json_name for f in task_definition_pb2.TaskSpec.DESCRIPTOR.fields}


def message_kind(path: pathlib.Path, doc: Any, forced: Optional[str]) -> str:
    """The key of MESSAGE_TYPES this file is checked as (see the module docstring)."""
    if forced:
        return forced
    for suffix, kind in SUFFIX_TYPES.items():
        if path.name.endswith(suffix):
            return kind
    if isinstance(doc, dict) and doc and set(doc) <= TASK_SPEC_KEYS:
        return "taskspec"
    return "deploy"


def first_difference(
    expected: Any, actual: Any, path: str = "", names: Tuple[str, str] = ("file", "MessageToDict")
) -> Optional[str]:
    """Where `actual` first departs from `expected`, as `<json path>: <names[0]> has ...`."""
    ours, theirs = names
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in list(expected) + [k for k in actual if k not in expected]:
            if key not in actual:
                return f"{path}.{key}: {ours} has {json.dumps(expected[key])[:120]}, {theirs} omits it"
            if key not in expected:
                return f"{path}.{key}: {ours} omits it, {theirs} has {json.dumps(actual[key])[:120]}"
            diff = first_difference(expected[key], actual[key], f"{path}.{key}", names)
            if diff:
                return diff
        return None
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for i, (e, a) in enumerate(zip(expected, actual)):
            diff = first_difference(e, a, f"{path}[{i}]", names)
            if diff:
                return diff
        return None
    # In Python True == 1; a JSON boolean must still not match a number.
    if isinstance(expected, bool) or isinstance(actual, bool):
        same = expected is actual
    else:
        same = expected == actual
    if same:
        return None
    return f"{path or '.'}: {ours} has {json.dumps(expected)[:120]}, {theirs} has {json.dumps(actual)[:120]}"


def violation_text(violation: Any) -> str:
    """`field.path[0]: message [rule_id]` for one protovalidate violation."""
    proto = violation.proto
    parts: List[str] = []
    for element in proto.field.elements:
        parts.append(("." if parts else "") + element.field_name)
        sub = element.subscript
        if sub is not None:
            parts.append(f"[{json.dumps(sub.value)}]")
    return f"{''.join(parts) or '<message>'}: {proto.message} [{proto.rule_id}]"


def pb_difference(from_json: Message, from_pb: Message) -> str:
    """Why the message decoded from a .pb differs from the one parsed from the JSON."""
    diff = first_difference(
        json_format.MessageToDict(from_json), json_format.MessageToDict(from_pb), names=("JSON", "pb")
    )
    if diff:
        return f"differs from the JSON at {diff}"
    known = type(from_pb)()
    known.CopyFrom(from_pb)
    known.DiscardUnknownFields()
    if known != from_pb:
        return f"carries fields unknown to {from_pb.DESCRIPTOR.full_name}"
    return ("differs from the JSON only in bytes "
            "(e.g. a google.protobuf.Value whose kind is unset instead of null_value)")


def check_file(path: pathlib.Path, forced: Optional[str], canonical: bool) -> tuple[str, List[str]]:
    """Runs every check on one file; returns (message type name, failure lines)."""
    try:
        text = path.read_text(encoding="utf-8")
        doc = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return "?", [f"read: {exc}"]

    cls = MESSAGE_TYPES[message_kind(path, doc, forced)]
    name = cls.DESCRIPTOR.full_name
    try:
        msg = json_format.Parse(text, cls(), ignore_unknown_fields=False)
    except json_format.ParseError as exc:
        return name, [f"parse: {exc}"]

    failures: List[str] = []
    if canonical:
        diff = first_difference(doc, json_format.MessageToDict(msg))
        if diff:
            failures.append(f"canonical: {diff}")

    try:
        failures += [f"validate: {violation_text(v)}" for v in protovalidate.collect_violations(msg)]
    except Exception as exc:  # CompilationError / EvaluationError: report, do not crash the run
        failures.append(f"validate: {type(exc).__name__}: {exc}")

    pb_path = path.with_suffix(".pb")
    if pb_path.exists():
        try:
            from_pb = cls.FromString(pb_path.read_bytes())
        except (OSError, DecodeError) as exc:
            failures.append(f"pb: {pb_path.name}: {exc}")
        else:
            if from_pb != msg:
                failures.append(f"pb: {pb_path.name} {pb_difference(msg, from_pb)}")
    return name, failures


def json_files(paths: Iterable[str]) -> List[pathlib.Path]:
    found: List[pathlib.Path] = []
    for raw in paths:
        p = pathlib.Path(raw)
        if p.is_dir():
            found += sorted(q for q in p.rglob("*.json") if q.is_file())
        elif p.is_file():
            found.append(p)
        else:
            sys.stderr.write(f"check.py: {raw}: no such file or directory\n")
            sys.exit(2)
    return found


def main(argv: Optional[List[str]] = None, out: Callable[[str], None] = print) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", metavar="PATH")
    ap.add_argument("--type", choices=sorted(MESSAGE_TYPES), help="check every file as this message type")
    ap.add_argument("--no-canonical", action="store_true", help="skip the MessageToDict equality check")
    ap.add_argument("-v", "--verbose", action="store_true", help="also list passing files")
    args = ap.parse_args(argv)

    files = json_files(args.paths)
    passed = failed = 0
    for path in files:
        name, failures = check_file(path, args.type, not args.no_canonical)
        if failures:
            failed += 1
            out(f"FAIL {path} ({name})")
            for line in failures:
                out(f"  {line}")
        else:
            passed += 1
            if args.verbose:
                out(f"PASS {path} ({name})")
    out(f"{passed} passed, {failed} failed")
    if not files:
        sys.stderr.write("check.py: no *.json files found\n")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
