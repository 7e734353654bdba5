#!/usr/bin/env bash
# `pip install taskc` end to end: build the wheel with maturin (pyproject.toml),
# install it into a fresh virtual environment, and run `taskc` from there,
# both as the `taskc` command and as `python -m taskc`.
#
# The release build reuses target/: the README quick start in .ci/run installs
# taskc with CARGO_TARGET_DIR=target, so only the final link of `taskc` is
# left to do here. Run from anywhere; everything stays under target/.
set -euo pipefail
cd "$(dirname "$0")/../.."

build_venv=target/wheel-build-venv
run_venv=target/wheel-run-venv
pip_install() { "$1/bin/python" -m pip install --quiet --disable-pip-version-check "${@:2}"; }

rm -rf "$build_venv" "$run_venv"
python3 -m venv "$build_venv"
pip_install "$build_venv" 'maturin>=1.9,<2'
"$build_venv/bin/maturin" --version

rm -f target/wheels/taskc-*.whl
"$build_venv/bin/maturin" build --release --locked -o target/wheels
wheels=(target/wheels/taskc-*.whl)
if [ "${#wheels[@]}" -ne 1 ] || [ ! -f "${wheels[0]}" ]; then
    echo "expected one taskc wheel in target/wheels, found: ${wheels[*]}" >&2
    exit 1
fi

# A second, empty environment: the wheel must bring everything it needs.
python3 -m venv "$run_venv"
pip_install "$run_venv" "${wheels[0]}"

PATH="$PWD/$run_venv/bin:$PATH" taskc check examples
"$run_venv/bin/python" -m taskc --version

# `python -m taskc` passes the exit code through (2: a usage error).
status=0
"$run_venv/bin/python" -m taskc --no-such-flag 2>/dev/null || status=$?
if [ "$status" -ne 2 ]; then
    echo "python -m taskc --no-such-flag exited $status, expected 2" >&2
    exit 1
fi
echo "wheel ${wheels[0]##*/}: installed and runs"
