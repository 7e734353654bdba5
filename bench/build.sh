#!/usr/bin/env bash
# Benchmarks `taskc build` end to end (release build) on a generated workspace of 10,000
# templates over 200 envs (bench/gen_workspace.py), with 1 and 2 worker threads.
#
# Prints, per thread count, the best wall time of $RUNS runs (each into an empty out dir), the
# CPU time (user + system) of that run, the input throughput (MB of .task + taskc.toml per
# second, per thread, and per CPU second), the peak RSS (largest of the runs) and its ratio to
# the input size; then the speed-up of 2 threads over 1, and whether the targets hold:
# >= 20 MB/s per core, >= 1.8x on 2 cores, RSS <= 20x input. Wall times and the speed-up only
# mean something on an otherwise idle machine (the load average is printed); CPU seconds are
# steadier under load.
#
#   bench/build.sh                      # generate, build release, measure
#   RUNS=5 TEMPLATES=20000 ENVS=400 bench/build.sh
#   TASKC=target/release/taskc bench/build.sh   # skip the cargo build
#
# Exit status is 0 even when a target is missed (the table says so); 1 when a build fails or
# reports any diagnostic.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${RUNS:-3}"
work="${BENCH_DIR:-$root/target/bench}"
workspace="$work/workspace"

python3 bench/gen_workspace.py "$workspace" --templates "${TEMPLATES:-10000}" --envs "${ENVS:-200}" >&2
if [ -z "${TASKC:-}" ]; then
    cargo build --release -p taskc >&2
    TASKC="$root/target/release/taskc"
fi
if [ ! -x /usr/bin/time ]; then
    echo "build.sh: /usr/bin/time not found (apt-get install time)" >&2
    exit 1
fi

input_bytes=$(find "$workspace" -type f \( -name '*.task' -o -name taskc.toml \) -print0 | xargs -0 cat | wc -c)

# Every run writes into its own empty folder, and the folders are removed only at the end:
# deleting thousands of files right before a run makes the file system's inode allocation slow
# for the next one, which would measure the deletion instead of the build.
rm -rf "$work/runs"
mkdir -p "$work/runs"
trap 'rm -rf "$work/runs"' EXIT
run_number=0

# One run: prints "<wall seconds> <max RSS KiB> <user seconds> <system seconds>".
run_once() {
    local threads="$1" out
    run_number=$((run_number + 1))
    out="$work/runs/$run_number-threads-$threads"
    if ! /usr/bin/time -f '%e %M %U %S' -o "$work/time.txt" \
        "$TASKC" build "$workspace" --threads "$threads" -o "$out" >/dev/null 2>"$work/stderr.txt"; then
        cat "$work/stderr.txt" >&2
        echo "build.sh: taskc build failed" >&2
        exit 1
    fi
    # A diagnostic would mean the generator drifted from the language, and its rendering
    # would be measured instead of the build.
    if ! grep -q "no problems found" "$work/stderr.txt"; then
        cat "$work/stderr.txt" >&2
        echo "build.sh: the generated workspace has diagnostics" >&2
        exit 1
    fi
    tail -n 1 "$work/time.txt"
}

# `taskc build --check` against the out dir of the run before (up to date: everything is
# rendered and compared, nothing is written). Prints like run_once.
check_once() {
    local threads="$1"
    if ! /usr/bin/time -f '%e %M %U %S' -o "$work/time.txt" \
        "$TASKC" build "$workspace" --threads "$threads" --check -o "$work/runs/$run_number-threads-$threads" \
        >/dev/null 2>"$work/stderr.txt"; then
        cat "$work/stderr.txt" >&2
        echo "build.sh: taskc build --check found the out dir out of date" >&2
        exit 1
    fi
    tail -n 1 "$work/time.txt"
}

# Keeps, per thread count, the best wall time (with the CPU time of that run) and the largest
# RSS. The thread counts take turns, after one unmeasured run, so that both see the same
# machine (caches, file system, other load).
declare -A best_wall=() best_cpu=() max_rss=()
record() {
    local i="$1" wall="$2" kib="$3" user="$4" sys="$5"
    if [ -z "${best_wall[$i]:-}" ] || awk -v a="$wall" -v b="${best_wall[$i]}" 'BEGIN { exit !(a < b) }'; then
        best_wall[$i]="$wall"
        best_cpu[$i]=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    fi
    if [ "$kib" -gt "${max_rss[$i]:-0}" ]; then max_rss[$i]="$kib"; fi
}

load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
run_once 2 >/dev/null
for _ in $(seq "$runs"); do
    for threads in 1 2; do
        run_once "$threads" >"$work/run.txt"
        read -r wall kib user sys <"$work/run.txt"
        record "$threads" "$wall" "$kib" "$user" "$sys"
        check_once "$threads" >"$work/run.txt"
        read -r wall kib user sys <"$work/run.txt"
        record "check$threads" "$wall" "$kib" "$user" "$sys"
    done
done
wall1="${best_wall[1]}" rss1="${max_rss[1]}" cpu1="${best_cpu[1]}"
wall2="${best_wall[2]}" rss2="${max_rss[2]}" cpu2="${best_cpu[2]}"
checks="${best_wall[check1]} ${best_cpu[check1]} ${max_rss[check1]} ${best_wall[check2]} ${best_cpu[check2]} ${max_rss[check2]}"
files=$(find "$work/runs/1-threads-2" -type f ! -name '.taskc-build' | wc -l)

python3 - "$input_bytes" "$files" "$wall1" "$rss1" "$wall2" "$rss2" "$runs" "$cpu1" "$cpu2" "$load" "$(nproc)" "$checks" <<'PY'
import sys
input_bytes, files = int(sys.argv[1]), int(sys.argv[2])
wall1, rss1, wall2, rss2 = float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
runs, cpu1, cpu2, load, cores = sys.argv[7], float(sys.argv[8]), float(sys.argv[9]), sys.argv[10], sys.argv[11]
mb = input_bytes / 1e6
print(f"input: {mb:.2f} MB of .task files; output: {files} files; best of {runs} runs")
print(f"machine: {cores} CPUs, load average {load} before the runs (wall times need an idle machine)")
print(f"{'threads':>7}  {'wall s':>7}  {'cpu s':>6}  {'MB/s':>7}  {'MB/s/core':>9}  {'MB/cpu-s':>8}  {'peak RSS MB':>11}  {'RSS/input':>9}")
rows = []
for threads, wall, rss, cpu in ((1, wall1, rss1, cpu1), (2, wall2, rss2, cpu2)):
    wall = max(wall, 0.01)
    rate = mb / wall
    ratio = rss * 1024 / input_bytes
    rows.append((threads, wall, rate, rate / threads, rss * 1024 / 1e6, ratio))
    print(f"{threads:>7}  {wall:>7.2f}  {cpu:>6.2f}  {rate:>7.1f}  {rate / threads:>9.1f}  {mb / max(cpu, 0.01):>8.1f}"
          f"  {rss * 1024 / 1e6:>11.1f}  {ratio:>8.1f}x")
speedup = rows[0][1] / rows[1][1]
print(f"speed-up 2 threads / 1 thread: {speedup:.2f}x")
c = sys.argv[12].split()
print("taskc build --check on the up-to-date out dir (render and compare, no writes):")
for threads, wall, cpu, rss in ((1, *c[0:3]), (2, *c[3:6])):
    wall, cpu, rss = max(float(wall), 0.01), float(cpu), int(rss)
    print(f"{threads:>7}  {wall:>7.2f}  {cpu:>6.2f}  {mb / wall:>7.1f}  {mb / wall / threads:>9.1f}  {mb / max(cpu, 0.01):>8.1f}"
          f"  {rss * 1024 / 1e6:>11.1f}  {rss * 1024 / input_bytes:>8.1f}x")
print(f"speed-up 2 threads / 1 thread: {float(c[0]) / max(float(c[3]), 0.01):.2f}x")
checks = [
    (">= 20 MB/s per core (1 thread)", rows[0][3] >= 20),
    (">= 1.8x on 2 cores", speedup >= 1.8),
    ("RSS <= 20x input (both)", max(rows[0][5], rows[1][5]) <= 20),
]
for name, ok in checks:
    print(f"  {'PASS' if ok else 'MISS'}  {name}")
PY
