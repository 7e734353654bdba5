#!/usr/bin/env python3
"""Strict wire check for taskc output, against the real flyteidl2 2.0.51 runtime.

Usage:
  .venv-wirecheck/bin/python tools/wirecheck/check.py [options] PATH...

Each PATH is a JSON file or a directory searched recursively for `*.json`. Every file must hold
one flyteidl2 message in the proto3 JSON mapping. The message type is chosen like this:
  1. `--type` forces it for every file;
  2. otherwise, in a `taskc build` out dir, the `.taskc-build` manifest names the message of every
     file it lists (see "Out dirs of taskc build" below);
  3. otherwise the file name: `*.taskspec.json` is a `flyteidl2.task.TaskSpec`,
     `*.trigger.json` a `flyteidl2.task.TaskTrigger`;
  4. otherwise the top-level keys: an object whose keys are all TaskSpec fields (`taskTemplate`,
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

Out dirs of taskc build: a directory holding `.taskc-build` is checked file by file as the
manifest lists them (a listed file that is missing fails):
  message files (`*.json`, `*.pb`)  as above, with the manifest's message type; a `.pb` with no
             `.json` beside it is decoded, checked for unknown fields and validated on its own;
  args       (`*.args.json`) a JSON array of strings, equal to `taskTemplate.container.args` (or
             the args of a `k8sPod` container) of the request or spec JSON of the same task
             when one is in the directory;
  sql        (`*.sql`) the statement followed by one newline, equal to
             `taskTemplate.sql.statement` of the same task's request or spec JSON when present.
JSON files the manifest does not list are checked as in 3-4.

`--allow FIELD:RULE` (repeatable) accepts one protovalidate violation, e.g.
`--allow task_id.org:string.min_len` for a workspace that deliberately deploys with an empty org
(which the SDK sends and the rule rejects). Allowed violations are listed with `-v`.

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
    import inline_rules
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
KIND_BY_MESSAGE = {cls.DESCRIPTOR.full_name: kind for kind, cls in MESSAGE_TYPES.items()}
MANIFEST = ".taskc-build"
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


def validation_failures(msg: Message, allowed: Iterable[str], notes: List[str]) -> List[str]:
    """protovalidate violations of `msg` as failure lines; allowed ones go to `notes`."""
    allowed = set(allowed)
    failures: List[str] = []
    try:
        violations = protovalidate.collect_violations(msg)
    except Exception as exc:  # CompilationError / EvaluationError: report, do not crash the run
        if inline_rules.RULE not in str(exc):
            return [f"validate: {type(exc).__name__}: {exc}"]
        # protovalidate cannot evaluate that rule (inline_rules.py): check the rules apart.
        rest, rules = inline_rules.split(msg)
        failures = validation_failures(rest, allowed, notes)
        for path, rule in rules:
            lines = inline_rules.failures(path, rule, lambda m: [
                violation_text(v) for v in protovalidate.collect_violations(m)
            ])
            failures.extend(f"validate: {line}" for line in lines)
        return failures
    for violation in violations:
        text = violation_text(violation)
        path, _, rest = text.partition(": ")
        rule = rest.rsplit("[", 1)[-1].rstrip("]")
        if f"{path}:{rule}" in allowed:
            notes.append(f"allowed: {text}")
        else:
            failures.append(f"validate: {text}")
    return failures


def check_file(
    path: pathlib.Path,
    forced: Optional[str],
    canonical: bool,
    allowed: Iterable[str] = (),
    notes: Optional[List[str]] = None,
) -> tuple[str, List[str]]:
    """Runs every check on one file; returns (message type name, failure lines)."""
    notes = [] if notes is None else notes
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

    failures += validation_failures(msg, allowed, notes)

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


def task_template(doc: Any) -> Optional[dict]:
    """`taskTemplate` of a DeployTaskRequest or TaskSpec JSON document, if it has one."""
    if not isinstance(doc, dict):
        return None
    spec = doc.get("spec", doc)
    template = spec.get("taskTemplate") if isinstance(spec, dict) else None
    return template if isinstance(template, dict) else None


def sibling_template(path: pathlib.Path, suffix: str) -> Tuple[Optional[str], Optional[dict]]:
    """The request (`<task>.json`) or spec (`<task>.taskspec.json`) of the task whose
    args or SQL file `path` is (`<task><suffix>`), as (file name, taskTemplate)."""
    stem = path.name[: -len(suffix)]
    for name in (f"{stem}.json", f"{stem}.taskspec.json"):
        candidate = path.with_name(name)
        if candidate.is_file():
            try:
                return name, task_template(json.loads(candidate.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                return name, None
    return None, None


def check_args_file(path: pathlib.Path) -> tuple[str, List[str]]:
    """A `--emit args` file: a JSON array of strings, equal to the container args of its task."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return "args", [f"read: {exc}"]
    if not isinstance(doc, list) or not all(isinstance(a, str) for a in doc):
        return "args", ["args: not a JSON array of strings"]
    name, template = sibling_template(path, ".args.json")
    if name is not None:
        template = template or {}
        candidates = [(template.get("container") or {}).get("args", [])] if "container" in template else []
        # A task with a pod template runs its args in the pod's primary container.
        pod_spec = (template.get("k8sPod") or {}).get("podSpec") or {}
        candidates += [c.get("args", []) for c in pod_spec.get("containers", []) if isinstance(c, dict)]
        if doc not in candidates:
            return "args", [f"args: differ from the container args of {name} "
                            "(taskTemplate.container or a k8sPod container)"]
    return "args", []


def check_sql_file(path: pathlib.Path) -> tuple[str, List[str]]:
    """A `--emit sql` file: the statement and one newline, equal to its task's `sql.statement`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return "sql", [f"read: {exc}"]
    if not text.endswith("\n") or text.endswith("\n\n") or not text.strip():
        return "sql", ["sql: expected one non-empty statement followed by exactly one newline"]
    name, template = sibling_template(path, ".sql")
    if name is not None:
        statement = ((template or {}).get("sql") or {}).get("statement")
        if statement is None or statement + "\n" != text:
            return "sql", [f"sql: differs from taskTemplate.sql.statement of {name}"]
    return "sql", []


def check_pb_file(
    path: pathlib.Path, kind: str, allowed: Iterable[str], notes: List[str]
) -> tuple[str, List[str]]:
    """A `.pb` with no JSON beside it: decodes, carries no unknown fields, passes validation."""
    cls = MESSAGE_TYPES[kind]
    name = cls.DESCRIPTOR.full_name
    try:
        msg = cls.FromString(path.read_bytes())
    except (OSError, DecodeError) as exc:
        return name, [f"pb: {exc}"]
    known = cls()
    known.CopyFrom(msg)
    known.DiscardUnknownFields()
    failures = [] if known == msg else [f"pb: carries fields unknown to {name}"]
    return name, failures + validation_failures(msg, allowed, notes)


class Item:
    """One file to check and how: a MESSAGE_TYPES key, "args", "sql", "pb:<key>" (a lone
    .pb), None (guess from the file) or "fail:<reason>" (a manifest problem)."""

    def __init__(self, path: pathlib.Path, how: Optional[str]) -> None:
        self.path = path
        self.how = how


def manifest_items(directory: pathlib.Path) -> Tuple[List[Item], set]:
    """The files a taskc build manifest lists, and the set of their paths."""
    manifest = directory / MANIFEST
    try:
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        entries = sorted(files.items())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        return [Item(manifest, f"fail:not a taskc build manifest: {exc!r}")], set()
    items: List[Item] = []
    listed = {directory / name for name, _ in entries}
    for name, entry in entries:
        path = directory / name
        entry = entry if isinstance(entry, dict) else {}
        emit, message = entry.get("emit"), entry.get("message")
        if not path.is_file():
            items.append(Item(path, f"fail:listed in {MANIFEST} but missing"))
        elif emit in ("request", "spec"):
            kind = KIND_BY_MESSAGE.get(message)
            if kind is None:
                items.append(Item(path, f"fail:{MANIFEST} names an unknown message {message!r}"))
            elif name.endswith(".json"):
                items.append(Item(path, kind))
            elif path.with_suffix(".json") not in listed:
                items.append(Item(path, f"pb:{kind}"))
            # else: a .pb beside its JSON is compared while checking the JSON
        elif emit in ("args", "sql"):
            items.append(Item(path, emit))
        else:
            items.append(Item(path, f"fail:{MANIFEST} names an unknown output kind {emit!r}"))
    return items, listed


def collect(paths: Iterable[str]) -> List[Item]:
    found: List[Item] = []
    for raw in paths:
        p = pathlib.Path(raw)
        if p.is_dir():
            listed: set = set()
            for manifest in sorted(p.rglob(MANIFEST)):
                items, names = manifest_items(manifest.parent)
                found += items
                listed |= names
            found += [Item(q, None) for q in sorted(p.rglob("*.json")) if q.is_file() and q not in listed]
        elif p.is_file():
            found.append(Item(p, None))
        else:
            sys.stderr.write(f"check.py: {raw}: no such file or directory\n")
            sys.exit(2)
    return found


def main(argv: Optional[List[str]] = None, out: Callable[[str], None] = print) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", metavar="PATH")
    ap.add_argument("--type", choices=sorted(MESSAGE_TYPES), help="check every file as this message type")
    ap.add_argument("--no-canonical", action="store_true", help="skip the MessageToDict equality check")
    ap.add_argument("--allow", action="append", default=[], metavar="FIELD:RULE",
                    help="accept this protovalidate violation, e.g. task_id.org:string.min_len")
    ap.add_argument("-v", "--verbose", action="store_true", help="also list passing files")
    args = ap.parse_args(argv)

    items = collect(args.paths)
    passed = failed = 0
    for item in items:
        notes: List[str] = []
        how = item.how
        if how is not None and how.startswith("fail:"):
            name, failures = "?", [how[len("fail:"):]]
        elif how == "args":
            name, failures = check_args_file(item.path)
        elif how == "sql":
            name, failures = check_sql_file(item.path)
        elif how is not None and how.startswith("pb:"):
            name, failures = check_pb_file(item.path, how[len("pb:"):], args.allow, notes)
        else:
            name, failures = check_file(item.path, args.type or how, not args.no_canonical, args.allow, notes)
        if failures:
            failed += 1
            out(f"FAIL {item.path} ({name})")
            for line in failures + notes:
                out(f"  {line}")
        else:
            passed += 1
            if args.verbose:
                out(f"PASS {item.path} ({name})")
                for line in notes:
                    out(f"  {line}")
    out(f"{passed} passed, {failed} failed")
    if not items:
        sys.stderr.write("check.py: no *.json files found\n")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
