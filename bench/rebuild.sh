#!/usr/bin/env bash
# Benchmarks incremental `taskc build` (release build) on the generated workspace of
# bench/gen_workspace.py (10,000 templates over 200 envs by default): a full build into an empty
# out dir, a rebuild with nothing changed, and a rebuild after changing one template (its
# `timeout`), which with the out dir's `.taskc-cache` renders and writes only that task's file.
#
# The builds use `--version v1`: with `version = "content"` (the generated workspace's setting)
# every task carries one version hashed over all of them, so changing any template gives every
# file new bytes and a one-template rebuild rewrites them all (measured too, on its own line).
#
# Prints, per scenario, the best wall time of $RUNS runs, the CPU time (user + system) of that run
# and the files written; the one-template rebuild's ratio to the full build (target <= 10%); then
# `--timings` of one run of each scenario, where the time goes.
#
#   bench/rebuild.sh                    # generate, build release, measure
#   RUNS=5 TEMPLATES=20000 ENVS=400 bench/rebuild.sh
#   TASKC=target/release/taskc bench/rebuild.sh   # skip the cargo build
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${RUNS:-3}"
work="${BENCH_DIR:-$root/target/bench-rebuild}"
workspace="$work/workspace"

python3 bench/gen_workspace.py "$workspace" --templates "${TEMPLATES:-10000}" --envs "${ENVS:-200}" >&2
if [ -z "${TASKC:-}" ]; then
    cargo build --release -p taskc >&2
    TASKC="$root/target/release/taskc"
fi
if [ ! -x /usr/bin/time ]; then
    echo "rebuild.sh: /usr/bin/time not found (apt-get install time)" >&2
    exit 1
fi

# The template whose `timeout` each one-template rebuild changes: the first of the first file.
task_file=$(find "$workspace/tasks" -name '*.task' | sort | head -n 1)
edit_template() {
    python3 - "$task_file" "$1" <<'PY'
import re, sys
path, minutes = sys.argv[1], sys.argv[2]
text = open(path).read()
start = text.index("\ntemplate ")
end = text.index("\n}\n", start)
block = re.sub(r"\n  timeout = [^\n]*", "", text[start:end])
open(path, "w").write(text[:start] + block + f"\n  timeout = {minutes}m" + text[end:])
PY
}
original=$(cat "$task_file")
rm -rf "$work/runs"
sync
mkdir -p "$work/runs"
trap 'printf "%s\n" "$original" >"$task_file"; rm -rf "$work/runs"' EXIT

# One build into $1 with version $2 (v1 by default): prints "<wall s> <user+sys s> <files written>".
run_once() {
    local out="$1" version="${2:-v1}"
    if ! /usr/bin/time -f '%e %U %S' -o "$work/time.txt" \
        "$TASKC" build "$workspace" -o "$out" --version "$version" >/dev/null 2>"$work/stderr.txt"; then
        cat "$work/stderr.txt" >&2
        echo "rebuild.sh: taskc build failed" >&2
        exit 1
    fi
    local written
    written=$(grep -o '[0-9]* written' "$work/stderr.txt" | cut -d' ' -f1)
    awk -v w="$written" '{ print $1, $2 + $3, w }' "$work/time.txt"
}

declare -A best=()
record() {
    local name="$1" wall cpu written
    read -r wall cpu written
    if [ -z "${best[$name]:-}" ] || awk -v a="$wall" -v b="${best[$name]%% *}" 'BEGIN { exit !(a < b) }'; then
        best[$name]="$wall $cpu $written"
    fi
}

load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
minutes=1
for run in $(seq "$runs"); do
    out="$work/runs/$run"
    run_once "$out" >"$work/run.txt"
    record full <"$work/run.txt"
    run_once "$out" >"$work/run.txt"
    record noop <"$work/run.txt"
    minutes=$((minutes + 1))
    edit_template "$minutes"
    run_once "$out" >"$work/run.txt"
    record one <"$work/run.txt"
    # With the content version every file names the new version.
    run_once "$out-content" content >/dev/null
    minutes=$((minutes + 1))
    edit_template "$minutes"
    run_once "$out-content" content >"$work/run.txt"
    record content <"$work/run.txt"
done

echo "machine: $(nproc) CPUs, load average $load before the runs; best of $runs runs"
printf '%-40s %7s %7s %8s %9s\n' "build" "wall s" "cpu s" "written" "of full"
full_wall="${best[full]%% *}"
for name in full noop one content; do
    read -r wall cpu written <<<"${best[$name]}"
    label=$(case "$name" in
        full) echo "full build (empty out dir)" ;;
        noop) echo "rebuild, nothing changed" ;;
        one) echo "rebuild, one template changed" ;;
        content) echo "one template, version = content" ;;
    esac)
    ratio=$(awk -v a="$wall" -v b="$full_wall" 'BEGIN { printf "%.0f%%", 100 * a / b }')
    printf '%-40s %7.2f %7.2f %8s %9s\n' "$label" "$wall" "$cpu" "$written" "$ratio"
done
one_wall="${best[one]%% *}"
if awk -v a="$one_wall" -v b="$full_wall" 'BEGIN { exit !(a <= 0.1 * b) }'; then
    echo "  PASS  one-template rebuild <= 10% of a full build"
else
    echo "  MISS  one-template rebuild <= 10% of a full build"
fi

echo "where the time goes (--timings, one run each):"
out="$work/runs/timings"
rm -rf "$out"
"$TASKC" build "$workspace" -o "$out" --version v1 --timings 2>&1 >/dev/null | sed -n '/^timings/,$p' >"$work/full.txt"
minutes=$((minutes + 1))
edit_template "$minutes"
"$TASKC" build "$workspace" -o "$out" --version v1 --timings 2>&1 >/dev/null | sed -n '/^timings/,$p' >"$work/one.txt"
paste "$work/full.txt" "$work/one.txt" | awk -F'\t' 'NR == 1 { printf "  %-30s %12s %12s\n", "phase", "full", "one change"; next }
    { split($1, a, "  +"); split($2, b, "  +"); printf "  %-30s %12s %12s\n", a[2], a[3], b[3] }'
