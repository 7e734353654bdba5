#!/usr/bin/env bash
# Creates <repo>/target/flyte-venv with the exact package set of the Flyte SDK 2.12.1 oracle
# (tools/oracle/requirements.txt, a frozen `pip freeze`). The bindings equality test and the
# runtime test use it; both skip without it unless TASKC_REQUIRE_FLYTE=1.
#   tools/oracle/setup.sh              # uses python3.11
#   PYTHON=python3.12 tools/oracle/setup.sh
# A second run is a no-op while the venv holds the same requirements and stubs (stamp = their hash).
#
# The Ray, Spark and PyTorch plugins import their engines (`ray`, `pyspark`, `torch`: gigabytes)
# at import time, though serializing a task never calls them. `stubs/` holds just the names the
# plugins import; a `.pth` file puts it at the end of the venv's path, so an installed engine wins.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${TASKC_FLYTE_VENV:-$root/target/flyte-venv}"
python="${PYTHON:-python3.11}"
requirements="$here/requirements.txt"
stamp="$venv/.taskc-requirements.sha256"

want="$( (cat "$requirements"; cd "$here" && find stubs -type f | LC_ALL=C sort | xargs sha256sum) \
    | sha256sum | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    echo "flyte venv up to date: $venv"
    exit 0
fi

if ! command -v "$python" >/dev/null 2>&1; then
    echo "setup.sh: '$python' not found; set PYTHON to a Python 3.11 interpreter" >&2
    exit 1
fi
"$python" - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"setup.sh: Python 3.11+ required, found {sys.version.split()[0]}")
PY

rm -f "$stamp"
"$python" -m venv "$venv"
# --no-deps: the file is a frozen set; letting pip resolve it fails on conflicting pins
# that the SDK itself installs without complaint.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
    -r "$requirements"
site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
echo "$here/stubs" > "$site/taskc-oracle-stubs.pth"
"$venv/bin/python" -c "import flyte, flyteplugins.bigquery, flyteplugins.snowflake, flyteplugins.dask, flyteplugins.ray, flyteplugins.spark, flyteplugins.pytorch, flyteplugins.databricks; assert flyte.version() == '2.12.1', flyte.version()"
echo "$want" > "$stamp"
echo "flyte venv ready: $venv/bin/python $here/serialize.py MODULE.py"
