#!/usr/bin/env bash
# How `taskc check` scales (release build): time and peak RSS as the input grows 4x and 16x.
#
# 1. The bench workspace (bench/gen_workspace.py) at 1x, 4x and 16x its default size (10,000
#    templates over 200 envs, about 5 MB, times the factor): wall, CPU (user + system) and peak
#    RSS of `taskc check`, and the growth of each per 4x (target <= 5x, i.e. no worse than
#    n log n with room for noise).
# 2. Shapes that stress one dimension each (bench/gen_shapes.py), at n and 4n: many envs (lint
#    shadowed-env-attribute), many templates in one file, errors in one file rendered for people
#    and as JSON, errors that each ask did-you-mean over every env name, suppression comments,
#    `[lint]` keys in taskc.toml, many small files. Growth per 4x, same target.
# 3. A ~100 MB workspace (the bench workspace at 43x): target <= 20 s wall and peak RSS <= 20x
#    its size. Heavy (several GB of memory before the fixes): SCALE_SKIP_100MB=1 skips it, and
#    it is skipped when less than 12 GB of memory is available.
#
#   bench/scale.sh                                # builds taskc in release mode first
#   TASKC=target/release/taskc bench/scale.sh     # measure an existing binary
#   SCALE_DIV=100 SCALE_SKIP_100MB=1 TASKC=target/debug/taskc bench/scale.sh   # smoke (CI)
#
# RUNS (default 2) runs each check that many times and keeps the best times: the machine is
# shared, and a busy moment inflates one run. The 100 MB workspace runs once.
# SCALE_TIMEOUT (default 300) stops a run after that many seconds; the table marks it.
# SCALE_DIV divides every size (the smoke run's figures mean nothing; it only proves the
# script and the generators work). Every line of the summary is PASS or MISS with the figure.
# Exit status 0 even when a target is missed; 1 when taskc crashes or the bench workspace
# gets an error.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
div="${SCALE_DIV:-1}"
limit="${SCALE_TIMEOUT:-300}"
runs="${RUNS:-2}"
work="${BENCH_DIR:-$root/target/bench}/scale"
if [ -z "${TASKC:-}" ]; then
    cargo build --release -p taskc >&2
    TASKC="$root/target/release/taskc"
fi
if [ ! -x /usr/bin/time ]; then
    echo "scale.sh: /usr/bin/time not found (apt-get install time)" >&2
    exit 1
fi
mkdir -p "$work"
results="$work/results.txt"
: >"$results"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

input_bytes() {
    find "$1" -type f \( -name '*.task' -o -name taskc.toml \) -print0 | xargs -0 cat | wc -c
}

# check NAME WORKSPACE [taskc check flags…]: the best of $RUNS runs (the least wall and CPU
# time, the largest RSS; a stopped run is not repeated); appends
# "NAME <wall s> <user+sys s> <max RSS KiB> <input bytes> <exit status>" to the results.
check() {
    local name="$1" workspace="$2" status best_wall="" best_cpu="" most_rss=0
    shift 2
    for _ in $(seq "$runs"); do
        status=0
        /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" \
            timeout "$limit" "$TASKC" check "$workspace" "$@" >"$work/$name.out" 2>"$work/$name.err" \
            || status=$?
        if [ "$status" -gt 1 ] && [ "$status" != 124 ]; then
            tail -n 20 "$work/$name.err" >&2
            echo "scale.sh: taskc check crashed on $name (exit $status)" >&2
            exit 1
        fi
        read -r wall user sys rss < <(tail -n 1 "$work/time.txt")
        cpu=$(awk "BEGIN { print $user + $sys }")
        best_wall=$(awk "BEGIN { w = \"$best_wall\"; print (w == \"\" || $wall < w + 0) ? $wall : w }")
        best_cpu=$(awk "BEGIN { c = \"$best_cpu\"; print (c == \"\" || $cpu < c + 0) ? $cpu : c }")
        most_rss=$((rss > most_rss ? rss : most_rss))
        if [ "$status" = 124 ]; then
            echo "  $name: stopped after $limit s" >&2
            break
        fi
    done
    echo "$name $best_wall $best_cpu $most_rss $(input_bytes "$workspace") $status" >>"$results"
    echo "  $name: ${best_wall}s wall, ${best_cpu}s CPU, $((most_rss / 1024)) MB" >&2
}

# 1. The bench workspace at 1x, 4x and 16x.
for factor in 1 4 16; do
    ws="$work/workspace-$factor"
    python3 bench/gen_workspace.py "$ws" --templates $((10000 * factor / div)) \
        --envs $((200 * factor / div > 10 ? 200 * factor / div : 10)) >&2
    check "workspace-${factor}x" "$ws"
    # A few lint warnings are possible (an override's random resources can equal its env's);
    # an error would mean the generator drifted from the language.
    if [ "$(tail -n 1 "$results" | cut -d' ' -f6)" != 0 ]; then
        tail -n 20 "$work/workspace-${factor}x.err" >&2
        echo "scale.sh: the generated workspace has errors" >&2
        exit 1
    fi
    rm -rf "$ws"
done

# 2. One shape at n and 4n: shape N [check flags…]; the results are named SHAPE-N.
shape() {
    local shape="$1" n="$2" label="${3:-$1}"
    shift 3
    for size in $((n / div)) $((4 * n / div)); do
        python3 bench/gen_shapes.py "$shape" "$work/shape" "$size" >&2
        check "$label-$size" "$work/shape" "$@"
    done
    rm -rf "$work/shape"
}
shape envs 8000 envs
shape templates 24000 templates
shape errors 4000 errors-human
shape errors 4000 errors-json --format json
shape unknown-envs 4000 unknown-envs
shape suppressions 12500 suppressions
shape lint-keys 50000 lint-keys
shape files 12500 files

# 3. About 100 MB.
available_kb=$(awk '/MemAvailable/ {print $2}' /proc/meminfo)
if [ -n "${SCALE_SKIP_100MB:-}" ]; then
    echo "skipping the 100 MB workspace (SCALE_SKIP_100MB)" >&2
elif [ "$available_kb" -lt $((12 * 1024 * 1024)) ]; then
    echo "skipping the 100 MB workspace: only $((available_kb / 1024)) MB of memory available" >&2
else
    ws="$work/workspace-100mb"
    python3 bench/gen_workspace.py "$ws" --templates $((215000 / div)) --envs $((4300 / div)) >&2
    runs=1 check "workspace-100mb" "$ws"
    rm -rf "$ws"
fi

python3 - "$results" <<'PY'
import sys

rows = {}
order = []
for line in open(sys.argv[1]):
    name, wall, cpu, rss, size, status = line.split()
    rows[name] = (float(wall), float(cpu), int(rss) * 1024, int(size), int(status))
    order.append(name)

print(f"{'run':<24} {'input MB':>9} {'wall s':>8} {'CPU s':>8} {'RSS MB':>8} {'RSS/input':>10}")
for name in order:
    wall, cpu, rss, size, status = rows[name]
    note = {0: "", 1: "  (diagnostics)", 124: "  (stopped: timeout)"}.get(status, "")
    print(f"{name:<24} {size / 1e6:>9.2f} {wall:>8.2f} {cpu:>8.2f} {rss / 1e6:>8.0f} {rss / max(size, 1):>9.1f}x{note}")

print()
checks = []
def growth(label, small, large):
    (w0, c0, r0, _, _), (w1, c1, r1, _, _) = rows[small], rows[large]
    # Below 0.1 s a run is mostly start-up and noise: compare with that floor.
    factor = max(c1, 0.1) / max(c0, 0.1)
    wall = max(w1, 0.1) / max(w0, 0.1)
    stopped = " (stopped: at least)" if 124 in (rows[small][4], rows[large][4]) else ""
    checks.append((factor <= 5 and not stopped, f"{label}{stopped}: CPU x{factor:.1f} per 4x (wall x{wall:.1f}, RSS x{r1 / r0:.1f}); target <= 5x"))

growth("bench workspace 1x -> 4x", "workspace-1x", "workspace-4x")
growth("bench workspace 4x -> 16x", "workspace-4x", "workspace-16x")
shapes = {}
for name in order:
    if name.startswith("workspace"):
        continue
    label, size = name.rsplit("-", 1)
    shapes.setdefault(label, []).append(name)
for label, (small, large) in shapes.items():
    n0, n1 = small.rsplit("-", 1)[1], large.rsplit("-", 1)[1]
    growth(f"{label} {int(n0):,} -> {int(n1):,}", small, large)
if "workspace-100mb" in rows:
    wall, cpu, rss, size, status = rows["workspace-100mb"]
    checks.append((wall <= 20 and status != 124, f"{size / 1e6:.0f} MB workspace: {wall:.1f} s wall ({cpu:.1f} s CPU); target <= 20 s"))
    checks.append((rss <= 20 * size, f"{size / 1e6:.0f} MB workspace: peak RSS {rss / 1e6:.0f} MB = {rss / size:.1f}x input; target <= 20x"))
for ok, text in checks:
    print(f"  {'PASS' if ok else 'MISS'}  {text}")
PY
