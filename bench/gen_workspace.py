#!/usr/bin/env python3
"""Writes a large, valid `.task` workspace for benchmarking `taskc build`.

Usage: bench/gen_workspace.py OUT_DIR [--templates 10000] [--envs 200] [--seed 7]

The workspace looks like a big organisation's: a types file with enums and records, `--envs`
envs (a tenth are roots; the others `extends` chains up to four deep with `+=` merges, resources,
GPUs, secrets, env vars, caches, pod templates, a few reusable pools) and `--templates`
templates spread over them, one file per env. Templates mix typed inputs with defaults (records,
enums, lists, dicts, optionals, dataframes, files), outputs, retries with backoff, timeouts,
cache blocks, links, triggers (cron with time zones, fixed rates, manual), BigQuery queries and
raw container tasks, and every tenth template has an override. The output is the same for the
same arguments (seeded), so runs can be compared.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import shutil

REGIONS = ["us", "eu", "apac", "latam"]
TIERS = ["bronze", "silver", "gold"]
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "Australia/Sydney"]
GPUS = ['"A100:1"', '"A100:2"', '"T4:1"', '"L4:1"', '"H100:8"', "1"]
WORDS = ["ingest", "clean", "join", "train", "score", "rank", "export", "audit", "embed", "report",
         "sample", "dedupe", "enrich", "index", "publish", "compact", "validate", "label"]

TYPES = """// Shared types of every pipeline.

/// Market a run is for.
type Region = enum { us, eu, apac, latam }

/// Service tier.
type Tier = enum { bronze, silver, gold }

/// Optimizer settings.
type Optimizer = record {
  name: str = "adamw"
  lr: float = 0.001
  weight_decay: float = 0.01
}

/// Training settings; `{}` is the production setting.
type TrainConfig = record {
  epochs: int = 20
  batch_size: int = 4096
  optimizer: Optimizer = {}
  hidden_layers: list[int] = [256, 128]
  label_smoothing: float? = none
}

/// Metrics of a run.
type Metrics = record {
  auc: float
  ndcg_at_10: float
  per_region: dict[str, float] = {}
}
"""


def env_name(i: int) -> str:
    return f"team{i // 10:02d}-{['base', 'cpu', 'gpu', 'batch', 'etl', 'ml', 'io', 'api', 'ops', 'dev'][i % 10]}"


def write_env(r: random.Random, i: int, parent: str | None, reusable: bool) -> str:
    name = env_name(i)
    lines = [f"/// Runtime {name}.", f"env {name}" + (f" extends {parent}" if parent else "") + " {"]
    lines.append(f'  description = "Runtime of team {i // 10} ({name})."')
    if parent is None:
        lines.append(f'  image = "ghcr.io/acme/{name}:{r.randint(1, 40)}.{r.randint(0, 9)}"')
        lines.append(f'  resources {{ cpu = {r.choice([1, 2, 4])}, memory = "{r.choice([2, 4, 8])}Gi" }}')
        lines.append("  env_vars {")
        for k in range(r.randint(2, 6)):
            lines.append(f'    VAR_{i}_{k} = "value-{r.randint(0, 999)}"')
        lines.append("  }")
        lines.append(f'  secrets = ["api-key-{i}", {{ group = "warehouse", key = "db-password-{i}" }}]')
        lines.append(f'  service_account = "sa-{name}"')
        lines.append(f"  cache = {r.choice(['auto', 'disable'])}")
        lines.append(f'  queue = "queue-{i // 10}"')
        if not reusable and r.random() < 0.5:
            lines.append("  pod_template {")
            lines.append(f'    labels {{ team = "t{i // 10}", cost-center = "cc-{r.randint(1000, 9999)}" }}')
            lines.append('    annotations { "cluster-autoscaler.kubernetes.io/safe-to-evict" = "true" }')
            lines.append("  }")
        if reusable:
            lines.append("  reusable {")
            lines.append(f"    replicas = [1, {r.randint(2, 8)}]")
            lines.append("    concurrency = 1")
            lines.append("    idle_ttl = 5m")
            lines.append("  }")
    else:
        kind = i % 10
        if kind in (2, 5):
            lines.append("  resources {")
            lines.append(f"    cpu    = [{r.choice([4, 8])}, {r.choice([16, 32])}]")
            lines.append(f'    memory = ["{r.choice([16, 32])}Gi", "{r.choice([64, 96])}Gi"]')
            lines.append(f"    gpu    = {r.choice(GPUS)}")
            lines.append("  }")
            lines.append("  interruptible = true")
        elif kind in (3, 4):
            lines.append(f'  resources {{ cpu = "{r.choice([500, 1500, 2500])}m", memory = "{r.choice([1, 3, 6])}Gi", disk = "{r.choice([20, 50])}Gi" }}')
        lines.append(f'  env_vars += {{ ROLE_{i} = "{name}", LEVEL_{i} = "{r.randint(1, 5)}" }}')
        if r.random() < 0.4:
            lines.append(f'  secrets += [{{ key = "extra-{i}", env_var = "EXTRA_{i}" }}]')
    lines.append("}")
    return "\n".join(lines) + "\n"


def inputs_block(r: random.Random, n: int) -> tuple[list[str], list[str], bool]:
    """Input lines, the names of inputs usable by triggers (datetime ones), and whether every
    other input has a default (a trigger can only start such a task)."""
    lines, times = [], []
    all_defaults = True
    choices = [
        lambda k: f"n{k}: int = {r.randint(0, 1000)}",
        lambda k: f'label{k}: str = "run-{r.randint(0, 99)}"',
        lambda k: f"ratio{k}: float = {r.random():.3f}",
        lambda k: f"flag{k}: bool = {r.choice(['true', 'false'])}",
        lambda k: f"region{k}: Region = {r.choice(REGIONS)}",
        lambda k: f"tier{k}: Tier? = none",
        lambda k: f"ids{k}: list[int] = [{r.randint(0, 9)}, {r.randint(10, 99)}]",
        lambda k: f"weights{k}: dict[str, float] = {{ a = 0.5, b = {r.random():.2f} }}",
        lambda k: f"config{k}: TrainConfig = {{ epochs = {r.randint(1, 50)} }}",
        lambda k: f"table{k}: dataframe[{{user_id: str, score: float}}, \"parquet\"]",
        lambda k: f"blob{k}: file",
        lambda k: f"window{k}: duration = {r.choice(['90s', '5m', '1h30m'])}",
    ]
    for k in range(n):
        if k == 0 and r.random() < 0.5:
            lines.append("    /// The day to process.")
            lines.append(f"    day: datetime")
            times.append("day")
            continue
        if r.random() < 0.3:
            lines.append(f"    /// Input {k} of the task.")
        line = r.choice(choices)(k)
        all_defaults = all_defaults and "=" in line
        lines.append("    " + line)
    return lines, times, all_defaults


def function_template(r: random.Random, name: str, env: str, reusable: bool) -> list[str]:
    lines = [f"/// Task {name}.", "///", "/// Processes one batch and reports what it did.",
             f"template {name} in {env} {{"]
    lines.append(f'  module = "pipelines.team{r.randint(0, 19)}.{r.choice(WORDS)}"')
    ins, times, all_defaults = inputs_block(r, r.randint(0, 7))
    if ins:
        lines.append("  inputs {")
        lines += ins
        lines.append("  }")
    outs = r.randint(0, 3)
    if outs == 1:
        lines.append(f"  returns {r.choice(['int', 'file', 'dataframe', 'Metrics', 'list[str]'])}")
    elif outs > 1:
        lines.append("  outputs {")
        lines.append("    /// The result table.")
        lines.append("    result: dataframe")
        lines.append("    metrics: Metrics")
        if outs == 3:
            lines.append("    count: int")
        lines.append("  }")
    roll = r.random()
    if roll < 0.3:
        lines.append(f"  retries = {r.randint(0, 5)}")
    elif roll < 0.5:
        lines.append("  retries {")
        lines.append(f"    count = {r.randint(1, 5)}")
        lines.append(f"    backoff {{ base = {r.choice(['10s', '30s'])}, factor = 2.0, cap = {r.choice(['5m', '10m'])} }}")
        lines.append("  }")
    if r.random() < 0.4:
        lines.append(f"  timeout = {r.choice(['30m', '1h', '1h30m', '6h'])}")
    roll = r.random()
    if roll < 0.2:
        lines.append("  cache {")
        lines.append("    behavior  = override")
        lines.append(f'    version   = "v{r.randint(1, 30)}"')
        lines.append("    serialize = true")
        lines.append(f'    salt      = "s{r.randint(0, 99)}"')
        lines.append("  }")
    if not reusable and r.random() < 0.2:
        lines.append(f'  service_account = "sa-{name}"')
    if r.random() < 0.1:
        lines.append(f'  queue = "q-{name}"')
    if r.random() < 0.15:
        lines.append("  links = [{ name = \"Dashboard\", uri = \"https://grafana.acme.dev/d/x?run={run_name}&action={action_name}\" }]")
    if r.random() < 0.1:
        lines.append("  report = true")
    if times and all_defaults and r.random() < 0.7:
        zone = r.choice(ZONES)
        lines.append("")
        lines.append("  trigger nightly {")
        lines.append(f'    cron = "{r.randint(0, 59)} {r.randint(0, 23)} * * *"')
        lines.append(f'    timezone = "{zone}"')
        lines.append(f"    inputs {{ {times[0]} = trigger_time }}")
        lines.append("  }")
        if r.random() < 0.3:
            lines.append("  trigger refresh {")
            lines.append(f"    rate = {r.choice(['15m', '1h', '6h'])}")
            lines.append(f"    inputs {{ {times[0]} = trigger_time }}")
            lines.append("    active = false")
            lines.append("  }")
    lines.append("}")
    return lines


def query_template(r: random.Random, name: str, env: str) -> list[str]:
    with_inputs = r.random() < 0.5
    lines = [f"/// Query {name}.", f"template {name} in {env} {{"]
    if with_inputs:
        lines.append("  deploy = false")
    lines.append(f'  sql bigquery {{ project_id = "acme-{r.randint(1, 9)}", location = "EU", credentials_secret = "gcp-sa" }}')
    if with_inputs:
        lines.append("  inputs {")
        lines.append("    /// Day as YYYY-MM-DD.")
        lines.append("    day: str")
        lines.append("    region: str")
        lines.append("  }")
    lines.append("  outputs { results: dataframe }")
    where = "WHERE DATE(ts) = PARSE_DATE('%Y-%m-%d', @day) AND region = @region" if with_inputs else "WHERE active"
    lines.append('  query = """')
    lines.append(f"    SELECT user_id, COUNT(*) AS n")
    lines.append(f"    FROM `acme.events.t{r.randint(0, 500)}`")
    lines.append(f"    {where}")
    lines.append("    GROUP BY user_id")
    lines.append('  """')
    lines.append("}")
    return lines


def container_template(r: random.Random, name: str, env: str) -> list[str]:
    return [
        f"/// Container {name}.",
        f"template {name} in {env} {{",
        "  container {",
        f'    command = ["tool-{r.randint(0, 9)}", "--quiet"]',
        f'    args    = ["--n", "{{{{.inputs.n}}}}", "/var/outputs/out"]',
        "  }",
        "  inputs { n: int = 3 }",
        "  outputs { out: str }",
        "}",
    ]


def override_of(r: random.Random, name: str, reusable: bool) -> list[str]:
    lines = [f"/// Cheaper variant of {name}.", f"override {name}_small of {name} {{"]
    if reusable:
        lines.append("  reusable = off")
    lines.append(f'  resources {{ cpu = {r.choice([1, 2])}, memory = "{r.choice([2, 4])}Gi" }}')
    lines.append(f"  retries = {r.randint(6, 9)}")
    lines.append(f'  short_name = "{name[:40]}-small"')
    if not reusable:
        lines.append(f'  env_vars += {{ SMALL_{name.upper()} = "1" }}')
    lines.append("}")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir", type=pathlib.Path)
    ap.add_argument("--templates", type=int, default=10_000)
    ap.add_argument("--envs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    r = random.Random(args.seed)

    out: pathlib.Path = args.out_dir
    if out.exists():
        shutil.rmtree(out)
    (out / "envs").mkdir(parents=True)
    (out / "tasks").mkdir()
    (out / "taskc.toml").write_text(
        '[flyte]\nproject = "bench"\ndomain = "development"\norg = "acme"\nversion = "content"\n'
        'code_bundle = "s3://acme/bundles/bench.tgz"\ndefault_module = "pipelines.tasks"\n\n'
        '[build]\nout_dir = "build"\n', encoding="utf-8")
    (out / "types.task").write_text(TYPES, encoding="utf-8")

    # Every tenth env is a root; the others extend the previous env of the same group, so chains
    # are up to four deep. A few roots are reusable pools.
    envs: list[tuple[str, bool]] = []
    for i in range(args.envs):
        root = i % 10 == 0
        reusable = root and (i // 10) % 5 == 4
        parent = None if root else env_name(i - 1 if i % 10 in (1, 2, 3) else (i // 10) * 10)
        envs.append((env_name(i), reusable or (not root and envs[(i // 10) * 10][1])))
        text = write_env(r, i, parent, reusable)
        (out / "envs" / f"{env_name(i)}.task").write_text(text, encoding="utf-8")

    per_env = [[] for _ in envs]
    for t in range(args.templates):
        e = t % len(envs)
        env, reusable = envs[e]
        name = f"{r.choice(WORDS)}_{t:05d}"
        roll = r.random()
        if roll < 0.04 and not reusable:
            lines = query_template(r, name, env)
        elif roll < 0.07 and not reusable:
            lines = container_template(r, name, env)
        else:
            lines = function_template(r, name, env, reusable)
            if t % 10 == 3:
                lines += [""] + override_of(r, name, reusable)
        per_env[e].append("\n".join(lines) + "\n")
    for (env, _), blocks in zip(envs, per_env):
        (out / "tasks" / f"{env}.task").write_text(f"// Tasks of {env}.\n\n" + "\n".join(blocks), encoding="utf-8")

    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"wrote {args.templates} templates over {args.envs} envs to {out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
