#!/usr/bin/env python3
"""Writes workspaces of unusual shape, each stressing one dimension of `taskc check`.

Usage: bench/gen_shapes.py SHAPE OUT_DIR N

Shapes (N is the size of the stressed dimension):

- `envs`: N envs in groups of three: a parent with env vars, resources and a queue, and two
  children that each hold one template; one child replaces the parent's `env_vars`, the other
  merges into them (`+=`), and in every tenth group both replace them, so lint
  `shadowed-env-attribute` looks at every parent and reports a tenth of them.
- `templates`: one file of N documented templates in one env (lint `value-truncated-on-wire`
  reads each template's `///`).
- `errors`: one file of N templates, each with an unknown attribute (E0301): N errors in one
  file, for the cost of rendering them.
- `unknown-envs`: N envs, and N templates in one file each naming a misspelled env (E0106), so
  every error asks did-you-mean over all N env names.
- `suppressions`: one file of N templates, each with a disabled cache that still sets a
  `version` (lint `cache-setting-without-effect`) and a 70-character `short_name` (lint
  `value-truncated-on-wire`), both findings suppressed by `// taskc: allow(…)` comments: one
  before the template, one before its `short_name`.
- `lint-keys`: a `taskc.toml` whose `[lint]` table has N keys, each a different spelling (by
  case) of a rule's name except every tenth, which names no rule (N / 10 errors in
  taskc.toml), plus one small `.task` file.
- `files`: N files, each with one env and one template.

Every shape but `errors`, `unknown-envs` and `lint-keys` checks without an error. The output is the same
for the same arguments.
"""

from __future__ import annotations

import argparse
import itertools
import pathlib
import shutil

CONFIG = '[flyte]\nproject = "bench"\ndomain = "development"\ndefault_module = "pipelines.tasks"\n'

# Names of lint rules with enough letters for many case spellings each.
RULES = ["override-no-effect", "secret-value-in-env-vars", "value-truncated-on-wire",
         "shadowed-env-attribute", "redundant-inherited-value", "cache-setting-without-effect",
         "env-var-shadows-secret", "undocumented-task", "unused-query-input"]


def envs(out: pathlib.Path, n: int) -> None:
    groups = max(n // 3, 1)
    lines = []
    for g in range(groups):
        both = g % 10 == 0
        lines += [
            f"env p{g:06d} {{",
            f'  env_vars {{ A_{g} = "1", B_{g} = "2" }}',
            f'  resources {{ cpu = 1, memory = "1Gi" }}',
            f'  queue = "q{g % 7}"',
            "}",
            f"env p{g:06d}-a extends p{g:06d} {{ env_vars {{ C_{g} = \"3\" }} }}",
            f"env p{g:06d}-b extends p{g:06d} {{ env_vars {'' if both else '+'}= {{ D_{g} = \"4\" }} }}",
            f"/// Task a{g}.",
            f"template a{g:06d} in p{g:06d}-a {{}}",
            f"/// Task b{g}.",
            f"template b{g:06d} in p{g:06d}-b {{}}",
        ]
        if g % 1000 == 999:
            (out / f"envs{g // 1000:04d}.task").write_text("\n".join(lines) + "\n", encoding="utf-8")
            lines = []
    if lines:
        (out / "envs_rest.task").write_text("\n".join(lines) + "\n", encoding="utf-8")


def templates(out: pathlib.Path, n: int) -> None:
    lines = ["env main {}"]
    for t in range(n):
        lines += [
            f"/// Task {t}: scores one batch.",
            "///",
            "/// Reads the batch, scores it and writes the result.",
            f"template score_{t:07d} in main {{",
            f'  short_name = "score-{t}"',
            "  inputs { n: int = 3 }",
            "  returns int",
            "}",
        ]
    (out / "tasks.task").write_text("\n".join(lines) + "\n", encoding="utf-8")


def errors(out: pathlib.Path, n: int) -> None:
    lines = ["env main {}"]
    for t in range(n):
        lines += [f"/// Task {t}.", f"template t{t:07d} in main {{", f'  imag = "x{t}"', "}"]
    (out / "errors.task").write_text("\n".join(lines) + "\n", encoding="utf-8")


def unknown_envs(out: pathlib.Path, n: int) -> None:
    (out / "envs.task").write_text(
        "".join(f"env runtime-{e:06d} {{}}\n" for e in range(n)), encoding="utf-8")
    # `runtme-…`: one letter short of a declared name, so every error has a suggestion.
    lines = [f"template t{t:07d} in runtme-{t:06d} {{}}" for t in range(n)]
    (out / "tasks.task").write_text("\n".join(lines) + "\n", encoding="utf-8")


def suppressions(out: pathlib.Path, n: int) -> None:
    lines = ["env main {}"]
    for t in range(n):
        lines += [
            "// taskc: allow(cache-setting-without-effect)",
            f"/// Task {t}.",
            f"template t{t:07d} in main {{",
            "  // taskc: allow(value-truncated-on-wire) the UI shows the name cut short",
            f'  short_name = "{t:07d}-{"x" * 62}"',
            '  cache { behavior = disable, version = "v1" }',
            "}",
        ]
    (out / "tasks.task").write_text("\n".join(lines) + "\n", encoding="utf-8")


def case_spellings(name: str):
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    for mask in range(1 << len(letters)):
        chars = list(name)
        for bit, i in enumerate(letters):
            if mask >> bit & 1:
                chars[i] = chars[i].upper()
        yield "".join(chars)


def lint_keys(out: pathlib.Path, n: int) -> None:
    spellings = itertools.chain.from_iterable(
        itertools.islice(case_spellings(rule), n // len(RULES) + 1) for rule in RULES)
    # Every tenth key names no rule (E0911, with a did-you-mean over the rules).
    keys = (f"rule-{i:07d}" if i % 10 == 9 else next(spellings) for i in range(n))
    table = "".join(f'{key} = "warn"\n' for key in keys)
    (out / "taskc.toml").write_text(CONFIG + "\n[lint]\n" + table, encoding="utf-8")
    (out / "a.task").write_text("env main {}\n/// Task.\ntemplate t in main {}\n", encoding="utf-8")


def files(out: pathlib.Path, n: int) -> None:
    for f in range(n):
        folder = out / f"d{f // 1000:03d}"
        if f % 1000 == 0:
            folder.mkdir()
        (folder / f"f{f:06d}.task").write_text(
            f"env e{f:06d} {{ queue = \"q\" }}\n/// Task {f}.\ntemplate t{f:06d} in e{f:06d} {{}}\n",
            encoding="utf-8")


SHAPES = {"envs": envs, "templates": templates, "errors": errors, "unknown-envs": unknown_envs,
          "suppressions": suppressions,           "lint-keys": lint_keys, "files": files}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shape", choices=sorted(SHAPES))
    ap.add_argument("out_dir", type=pathlib.Path)
    ap.add_argument("n", type=int)
    args = ap.parse_args()
    out: pathlib.Path = args.out_dir
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "taskc.toml").write_text(CONFIG, encoding="utf-8")
    SHAPES[args.shape](out, args.n)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"wrote shape {args.shape} with n = {args.n} to {out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
