#!/usr/bin/env python
"""
Batch driver of the oracle: serialize many workspace folders in one Python process, so that the
cost of starting Python and importing `flyte` (1-2 s) is paid once.

Reads folder paths from stdin, one per line. Each folder holds the entry module `taskc_entry.py`
(or the module named by `--entry`) and may hold a `sctx.json`, exactly as for serialize.py. For
each folder it prints one compact JSON line, in input order, and flushes:

  {"dir": "<folder>", "entries": [ ...serialize.py's documents... ]}
  {"dir": "<folder>", "error": {"stage", "type", "message", "chain"}}

Folders are isolated from each other: before each one, every module imported from an earlier
folder is dropped from sys.modules, the earlier folder leaves sys.path, and the SDK's registry of
loaded environments is emptied (it is module state that `TaskEnvironment(...)` appends to).

Usage:
  ls -d /tmp/ws/* | .venv/bin/python serialize_batch.py [--entry taskc_entry] [--traceback]
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys
import traceback
import typing
from typing import Any, Dict, List, Optional

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import serialize  # noqa: E402  (the single-module oracle next to this file)


def _forget(root: pathlib.Path) -> None:
    """Drop every module loaded from `root`, and `root` from sys.path."""
    prefix = str(root.resolve())
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        if path.startswith(prefix):
            del sys.modules[name]
    while str(root) in sys.path:
        sys.path.remove(str(root))


def _one(folder: pathlib.Path, entry: str, show_traceback: bool) -> Dict[str, Any]:
    from flyte import _environment

    _environment._ENVIRONMENT_REGISTRY.clear()
    # `typing` caches `Optional[…]`/`Union[…]` by equality, and unions are
    # equal in any order: without this, an annotation equal up to union order
    # to one of an earlier module would take that module's order (seed 64753),
    # which a fresh `flyte deploy` process never sees.
    for clear in typing._cleanups:
        clear()
    cfg = dict(serialize.DEFAULT_CONFIG)
    cfg_path = folder / "sctx.json"
    if cfg_path.exists():
        cfg.update(json.loads(cfg_path.read_text()))
    module = folder / f"{entry}.py"
    try:
        return {"dir": str(folder), "entries": serialize.build(module, cfg)}
    except serialize.OracleError as err:
        if show_traceback:
            traceback.print_exception(err.exc)
        doc = serialize._error_doc(err, folder)
        return {"dir": str(folder), **doc}
    finally:
        _forget(folder)


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entry", default="taskc_entry", help="module name of the entry file in each folder")
    ap.add_argument("--traceback", action="store_true", help="print the traceback of an SDK error to stderr")
    args = ap.parse_args(argv)

    # The same offline set-up as serialize.py's main().
    os.environ.setdefault("FLYTE_CONFIG", "/nonexistent-flyte-config.yaml")
    import flyte.git._config as gitcfg

    gitcfg.GitStatus.from_current_repo = classmethod(lambda cls: cls())  # type: ignore[assignment]

    for line in sys.stdin:
        folder = line.strip()
        if not folder:
            continue
        try:
            out = _one(pathlib.Path(folder), args.entry, args.traceback)
        except BaseException as e:  # a crash of the driver itself: report it, go on
            out = {"dir": folder, "error": {"stage": "driver", "type": type(e).__name__, "message": str(e), "chain": []}}
        print(json.dumps(out, sort_keys=True, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
