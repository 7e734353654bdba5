#!/usr/bin/env python3
"""Measures how quickly `taskc lsp` answers edits with diagnostics.

Usage: bench/lsp_latency.py [--lines 5000] [--edits 200] [--token-rounds 40] [--taskc PATH]
       bench/lsp_latency.py --workspace 10000 [--edits 2000] [--taskc PATH]

Writes a workspace with one generated `.task` file of about `--lines` lines (envs with
`extends` chains, records, enums and templates with typed inputs, outputs, retries and
triggers), starts `taskc lsp` (a release build: `cargo build --release -p taskc` unless
`--taskc` names a binary), opens the file and sends `--edits` `textDocument/didChange`
notifications, one at a time, each an incremental edit somewhere in the file (every fourth one
introduces an error that the next one fixes). For each edit it measures the time from sending
the change to receiving the `textDocument/publishDiagnostics` notification for that document
version, then prints the p50, p95, max and mean latencies, and the server's CPU time per edit
(read from /proc): on a busy machine the wall times include waiting for a core, the CPU time
does not.

Then `--token-rounds` rounds of semantic tokens, as an editor asks for them after each edit:
an edit, its diagnostics, then `textDocument/semanticTokens/full` (even rounds) or
`/full/delta` against the previous answer (odd rounds); the time from the request to its
answer, which includes building the index the first query after an edit needs.

With `--workspace N`, the workspace is instead `bench/gen_workspace.py`'s (N templates over 200
envs in about 400 files, the build benchmark's). The server is started, one task file and the env
file its templates use are opened, and the time from `didOpen` to that file's first diagnostics is
the open time. Then `--edits` edits in rounds of four: two insert a character into a template's
`queue` string in the task file (its diagnostics, for that version, are awaited); the third renames
the env in the env file, which breaks every template of the task file, and the fourth renames it
back (the task file's diagnostics, with and then without the errors, are awaited: a change in one
file updates the others). It prints the latencies of both kinds and the server's resident memory after
opening and after the edits.

The targets are p95 <= 25 ms for diagnostics and p95 <= 20 ms for semantic tokens on the
project's 2-core machine. Exit status: 0 when every edit and request was answered (whether or
not the targets held), 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def generate(lines: int) -> str:
    """A valid `.task` file of at least `lines` lines."""
    out = [
        "// Generated for the language-server latency benchmark.",
        "",
        "/// Market a run is for.",
        "type Region = enum { us, eu, apac }",
        "",
        "/// Root runtime of every pipeline.",
        "env root {",
        '  description = "Shared runtime."',
        "  image {",
        '    registry     = "ghcr.io/acme"',
        '    name         = "pipelines"',
        '    pip_packages = ["pandas==2.2.3", "pyarrow==18.1.0"]',
        "  }",
        '  resources { cpu = 1, memory = "2Gi" }',
        '  env_vars { LOG_LEVEL = "info" }',
        "}",
        "",
    ]
    i = 0
    while len(out) < lines:
        out += f"""/// Settings of pipeline {i}.
type Config{i} = record {{
  name: str = "run-{i}"
  epochs: int = 20
  rates: list[float] = [0.1, 0.2]
}}

/// Runtime of pipeline {i}.
env env-{i} extends root {{
  description = "Runtime number {i}."
  resources {{ cpu = {1 + i % 4}, memory = "{2 + i % 8}Gi" }}
  env_vars += {{ PIPELINE = "p{i}" }}
}}

/// Train model {i}.
template train_{i} in env-{i} {{
  module = "acme.pipeline"
  inputs {{
    /// Training settings.
    config: Config{i} = {{}}
    /// Market to train for.
    region: Region = us
    day: datetime
  }}
  outputs {{
    model: file
    score: float
  }}
  retries {{ count = {i % 3} }}
  trigger nightly-{i} {{
    cron   = "{i % 60} 2 * * *"
    inputs {{ day = trigger_time }}
  }}
}}
""".splitlines()
        out.append("")
        i += 1
    return "\n".join(out) + "\n"


class Server:
    """`taskc lsp` over pipes, with a reader thread that queues what it sends."""

    def __init__(self, taskc: str, cwd: pathlib.Path) -> None:
        self.proc = subprocess.Popen(
            [taskc, "lsp"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    @classmethod
    def initialized(cls, taskc: str, root: pathlib.Path, timeout: float = 60.0) -> "Server":
        """A server started in `root`, through `initialize` and `initialized`."""
        server = cls(taskc, root)
        server.request("initialize", {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": "bench"}],
            "capabilities": {},
        })
        server.wait(lambda m: m.get("id") == 1, timeout=timeout)
        server.notify("initialized", {})
        return server

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            message = json.loads(stream.read(length))
            self.messages.put((time.perf_counter(), message))

    def send(self, message: dict) -> float:
        body = json.dumps(message).encode()
        assert self.proc.stdin is not None
        sent = time.perf_counter()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return sent

    def request(self, method: str, params) -> int:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method: str, params) -> float:
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, match, timeout: float = 60.0):
        """The first message `match` accepts; answers the server's own requests on the way."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no answer from taskc lsp")
            item = self.messages.get(timeout=left)
            if item is None:
                raise RuntimeError("taskc lsp exited")
            at, message = item
            if "method" in message and "id" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                continue
            if match(message):
                return at, message

    def close(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (-1 where /proc is missing)."""
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return -1.0
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def semantic_token_rounds(server: Server, uri: str, lines: list[str], targets: list[int],
                          first_version: int, rounds: int, published) -> dict[str, list[float]]:
    """Milliseconds per `full` and per `full/delta` request, each after an edit."""
    times: dict[str, list[float]] = {"full": [], "full/delta": [], "cpu": []}
    result_id = None
    for k in range(rounds):
        version = first_version + k
        line_no = targets[(k * 31) % len(targets)] + 1
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": line_no, "character": 17},
                                          "end": {"line": line_no, "character": 17}},
                                "text": "y"}],
        })
        server.wait(published(version))
        doc = {"uri": uri}
        if k % 2 == 1 and result_id is not None:
            kind = "full/delta"
            params = {"textDocument": doc, "previousResultId": result_id}
        else:
            kind = "full"
            params = {"textDocument": doc}
        cpu_before = cpu_seconds(server.proc.pid)
        sent = time.perf_counter()
        request_id = server.request(f"textDocument/semanticTokens/{kind}", params)
        at, message = server.wait(lambda m, i=request_id: m.get("id") == i)
        times["cpu"].append((cpu_seconds(server.proc.pid) - cpu_before) * 1000)
        result = message.get("result") or {}
        if not result.get("data") and not result.get("edits"):
            raise RuntimeError(f"semanticTokens/{kind} answered {message}")
        result_id = result.get("resultId")
        times[kind].append((at - sent) * 1000)
    return times


def rss_mib(pid: int) -> float:
    """Resident memory of a process, in MiB (-1 where /proc is missing)."""
    try:
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return -1.0


def workspace_mode(taskc: str, templates: int, edits: int) -> int:
    """The `--workspace` benchmark: a big workspace, edits in one file, effects in others."""
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp).resolve() / "ws"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "gen_workspace.py"), str(root),
             "--templates", str(templates)],
            check=True, stdout=subprocess.DEVNULL,
        )
        files = sorted(root.rglob("*.task"))
        size = sum(f.stat().st_size for f in files)
        task_path = root / "tasks" / "team00-api.task"
        env_path = root / "envs" / "team00-api.task"
        task_text = task_path.read_text()
        env_text = env_path.read_text()
        print(f"workspace: {templates} templates, {len(files)} files, {size / 1e6:.1f} MB",
              file=sys.stderr)
        task_uri, env_uri = task_path.as_uri(), env_path.as_uri()

        server = Server.initialized(taskc, root, timeout=300)

        def published(uri, version=None, errors=None):
            def match(m):
                if m.get("method") != "textDocument/publishDiagnostics":
                    return False
                params = m["params"]
                if params["uri"] != uri:
                    return False
                if version is not None and params.get("version") != version:
                    return False
                if errors is not None:
                    has = any(d.get("severity") == 1 for d in params["diagnostics"])
                    return has == errors
                return True
            return match

        sent = server.notify("textDocument/didOpen", {"textDocument": {
            "uri": task_uri, "languageId": "task", "version": 1, "text": task_text,
        }})
        at, first = server.wait(published(task_uri, 1), timeout=300)
        open_ms = (at - sent) * 1000
        if any(d.get("severity") == 1 for d in first["params"]["diagnostics"]):
            print(f"the generated workspace has errors: {first['params']['diagnostics'][:3]}",
                  file=sys.stderr)
            return 1
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": env_uri, "languageId": "task", "version": 1, "text": env_text,
        }})
        server.wait(published(env_uri, 1), timeout=300)
        rss_open = rss_mib(server.proc.pid)

        task_lines = task_text.split("\n")
        queue_lines = [n for n, line in enumerate(task_lines) if line.startswith('  queue = "')]
        env_lines = env_text.split("\n")
        env_line = next(n for n, line in enumerate(env_lines) if line.startswith("env team00-api "))
        env_decl = env_lines[env_line]
        renamed = env_decl.replace("env team00-api ", "env team00-apix ")

        own, other = [], []
        task_version, env_version = 1, 1
        cpu_before = cpu_seconds(server.proc.pid)
        broken = False
        for k in range(edits):
            if k % 4 == 3 or broken:
                env_version += 1
                old, new = (renamed, env_decl) if broken else (env_decl, renamed)
                broken = not broken
                sent = server.notify("textDocument/didChange", {
                    "textDocument": {"uri": env_uri, "version": env_version},
                    "contentChanges": [{"range": {"start": {"line": env_line, "character": 0},
                                                  "end": {"line": env_line, "character": len(old)}},
                                        "text": new}],
                })
                at, _ = server.wait(published(task_uri, errors=broken))
                other.append((at - sent) * 1000)
            else:
                task_version += 1
                line_no = queue_lines[(k * 37) % len(queue_lines)]
                sent = server.notify("textDocument/didChange", {
                    "textDocument": {"uri": task_uri, "version": task_version},
                    "contentChanges": [{"range": {"start": {"line": line_no, "character": 11},
                                                  "end": {"line": line_no, "character": 11}},
                                        "text": "x"}],
                })
                at, message = server.wait(published(task_uri, task_version))
                own.append((at - sent) * 1000)
                if any(d.get("severity") == 1 for d in message["params"]["diagnostics"]):
                    print(f"edit {k}: unexpected errors {message['params']['diagnostics'][:2]}",
                          file=sys.stderr)
                    return 1
        cpu_used = cpu_seconds(server.proc.pid) - cpu_before
        rss_end = rss_mib(server.proc.pid)
        server.close()

    print(f"workspace of {templates} templates in {len(files)} files ({size / 1e6:.1f} MB):")
    print(f"  open -> first diagnostics: {open_ms:.0f} ms   target <= 300 ms: "
          f"{'met' if open_ms <= 300 else 'MISSED'}")
    p95 = percentile(own, 95)
    print(f"  edit -> its file's diagnostics, {len(own)} edits: p50 {percentile(own, 50):.1f} ms   "
          f"p95 {p95:.1f} ms   max {max(own):.1f} ms   target p95 <= 25 ms: "
          f"{'met' if p95 <= 25 else 'MISSED'}")
    if other:
        print(f"  env renamed -> another file's diagnostics, {len(other)} edits: "
              f"p50 {percentile(other, 50):.1f} ms   p95 {percentile(other, 95):.1f} ms   "
              f"max {max(other):.1f} ms")
    if cpu_used >= 0:
        print(f"  server CPU time per edit: {cpu_used * 1000 / edits:.1f} ms")
    if rss_open >= 0:
        print(f"  server RSS: {rss_open:.0f} MiB after opening, {rss_end:.0f} MiB after {edits} edits")
    sys.stdout.flush()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=int, metavar="TEMPLATES",
                        help="benchmark on gen_workspace.py's workspace of this many templates")
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--token-rounds", type=int, default=40)
    parser.add_argument("--taskc", help="the taskc binary (default: build it in release mode)")
    args = parser.parse_args()

    taskc = os.path.abspath(args.taskc) if args.taskc else None
    if taskc is None:
        subprocess.run(
            ["cargo", "build", "--release", "-p", "taskc"], cwd=ROOT, check=True,
            stdout=sys.stderr,
        )
        taskc = str(ROOT / "target" / "release" / "taskc")
    if args.workspace:
        return workspace_mode(taskc, args.workspace, args.edits)

    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp).resolve()
        (root / "taskc.toml").write_text('[flyte]\nproject = "bench"\ndomain = "development"\n')
        text = generate(args.lines)
        path = root / "big.task"
        path.write_text(text)
        lines = text.split("\n")
        uri = path.as_uri()
        print(f"workspace: {path.name}, {len(lines) - 1} lines, {len(text)} bytes", file=sys.stderr)

        server = Server.initialized(taskc, root)

        def published(version):
            return lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and m["params"].get("version") == version
            )

        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "task", "version": 1, "text": text,
        }})
        _, first = server.wait(published(1))
        errors = [d for d in first["params"]["diagnostics"] if d.get("severity") == 1]
        if errors:
            print(f"the generated file has {len(errors)} errors: {errors[:3]}", file=sys.stderr)
            return 1

        # Edit the descriptions of envs spread over the file; every fourth edit breaks an
        # `extends` and the next one repairs it.
        targets = [n for n, line in enumerate(lines) if line.startswith("env env-")]
        latencies = []
        cpu_before = cpu_seconds(server.proc.pid)
        broken = None
        for k in range(args.edits):
            version = k + 2
            if broken is not None:
                line_no, old, new = broken
                change = {"range": {"start": {"line": line_no, "character": 0},
                                    "end": {"line": line_no, "character": len(new)}},
                          "text": old}
                broken = None
            elif k % 4 == 3:
                line_no = targets[(k * 37) % len(targets)]
                old = lines[line_no]
                new = old.replace("extends root", "extends rooot")
                change = {"range": {"start": {"line": line_no, "character": 0},
                                    "end": {"line": line_no, "character": len(old)}},
                          "text": new}
                broken = (line_no, old, new)
            else:
                line_no = targets[(k * 53) % len(targets)] + 1
                change = {"range": {"start": {"line": line_no, "character": 17},
                                    "end": {"line": line_no, "character": 17}},
                          "text": "x"}
            sent = server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [change],
            })
            at, message = server.wait(published(version))
            latencies.append((at - sent) * 1000)
            has_error = any(d.get("severity") == 1 for d in message["params"]["diagnostics"])
            if has_error != (broken is not None):
                print(f"edit {k}: unexpected diagnostics {message['params']['diagnostics'][:2]}",
                      file=sys.stderr)
                return 1
        cpu_used = cpu_seconds(server.proc.pid) - cpu_before
        tokens = semantic_token_rounds(server, uri, lines, targets, args.edits + 2,
                                       args.token_rounds, published)
        server.close()

    p50 = percentile(latencies, 50)
    p95 = percentile(latencies, 95)
    print(f"didChange -> publishDiagnostics over {len(latencies)} edits of a "
          f"{len(lines) - 1}-line file:")
    print(f"  p50 {p50:.1f} ms   p95 {p95:.1f} ms   max {max(latencies):.1f} ms   "
          f"mean {statistics.mean(latencies):.1f} ms")
    if cpu_used >= 0:
        print(f"  server CPU time per edit: {cpu_used * 1000 / len(latencies):.1f} ms "
              f"(the floor for latency; wall times include waiting for a core)")
    print(f"  target p95 <= 25 ms: {'met' if p95 <= 25 else 'MISSED'}")
    cpu_per_request = tokens.pop("cpu")
    for kind, times in tokens.items():
        if not times:
            continue
        t95 = percentile(times, 95)
        print(f"semanticTokens/{kind} after an edit, {len(times)} requests:")
        print(f"  p50 {percentile(times, 50):.1f} ms   p95 {t95:.1f} ms   max {max(times):.1f} ms"
              f"   target p95 <= 20 ms: {'met' if t95 <= 20 else 'MISSED'}")
    if cpu_per_request and min(cpu_per_request) >= 0:
        print(f"  server CPU time per semantic-tokens request: "
              f"{statistics.mean(cpu_per_request):.1f} ms mean")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
