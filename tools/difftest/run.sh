#!/usr/bin/env bash
# Differential conformance against the Flyte SDK 2.12.1 on N generated
# workspaces (core/tests/difftest.rs), from a random start seed, or from
# START when set:
#   tools/difftest/run.sh 1000
#   START=5000 tools/difftest/run.sh 200
#   TASKC_DIFFTEST_SEEDS=17,42 tools/difftest/run.sh   # given seeds only
# Needs the SDK venv (tools/oracle/setup.sh). A failing seed is printed with
# its shrunk workspace and the first differing JSON paths.
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-100}"
start="${START:-$(( (RANDOM << 15 | RANDOM) ))}"
export TASKC_DIFFTEST_SEEDS="${TASKC_DIFFTEST_SEEDS:-$start..$(( start + n ))}"
echo "difftest: seeds $TASKC_DIFFTEST_SEEDS"
TASKC_REQUIRE_FLYTE=1 exec cargo test -p taskc-core --test difftest generated_workspaces_match_the_sdk -- --nocapture
