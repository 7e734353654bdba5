#!/usr/bin/env bash
# Creates <repo>/.venv-wirecheck with the pinned flyteidl2 + protovalidate runtime used by
# check.py. Needs only Python 3.11+ with venv/pip and access to PyPI.
#   tools/wirecheck/setup.sh            # uses python3.11
#   PYTHON=python3.12 tools/wirecheck/setup.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.venv-wirecheck"
python="${PYTHON:-python3.11}"

if ! command -v "$python" >/dev/null 2>&1; then
    echo "setup.sh: '$python' not found; set PYTHON to a Python 3.11+ interpreter" >&2
    exit 1
fi
"$python" - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"setup.sh: Python 3.11+ required, found {sys.version.split()[0]}")
PY

"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
"$venv/bin/python" -c "import flyteidl2.task.task_service_pb2, protovalidate"
echo "wirecheck ready: $venv/bin/python $here/check.py DIR..."
