#!/usr/bin/env bash
# fuzz/run.sh SECONDS [TARGET...]
#
# Build the fuzz targets (nightly, cargo-fuzz, no sanitizer), seed the
# corpora if they are empty (seed.sh), then run each TARGET (default: all,
# one after the other) for SECONDS and print its executions and crashes,
# from libFuzzer's final `stat::number_of_executed_units` line. Exits 1 if
# any target crashed (a panic, a timeout, out of memory), 2 on bad usage or
# a failed build. Logs: fuzz/logs/<target>.log; crashing inputs:
# fuzz/artifacts/<target>/. Run it under `nice -n 19` on a shared machine.
set -uo pipefail

all_targets=(parse check fmt full_build lsp)
usage="usage: $0 SECONDS [TARGET...]   (targets: ${all_targets[*]}; build = full_build)"
if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
    echo "$usage" >&2
    exit 2
fi
seconds=$1
shift
targets=()
for target in "${@:-${all_targets[@]}}"; do
    # Cargo reserves `build` as a binary name.
    [[ $target == build ]] && target=full_build
    if [[ ! " ${all_targets[*]} " =~ " $target " ]]; then
        echo "unknown target \`$target\`; $usage" >&2
        exit 2
    fi
    targets+=("$target")
done

fuzz=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$fuzz")
# cargo-fuzz from `cargo install cargo-fuzz --locked --root target/tools`,
# else whichever is on the PATH.
export PATH="$repo/target/tools/bin:$PATH"
cd "$repo" || exit 2

# Safe Rust only (no `unsafe` in core or lsp): the address sanitizer would
# halve the executions and find nothing a panic does not show.
if ! cargo +nightly fuzz build --sanitizer none >"$fuzz/build.log" 2>&1; then
    cat "$fuzz/build.log" >&2
    echo "the fuzz targets did not build" >&2
    exit 2
fi
bin_dir="$fuzz/target/x86_64-unknown-linux-gnu/release"

mkdir -p "$fuzz/logs"
for target in "${targets[@]}"; do
    if [[ -z $(ls -A "$fuzz/corpus/$target" 2>/dev/null) ]]; then
        "$fuzz/seed.sh" >/dev/null || exit 2
        break
    fi
done

failed=0
printf '%-11s %8s %14s %9s %8s\n' target seconds executions exec/s crashes
for target in "${targets[@]}"; do
    log="$fuzz/logs/$target.log"
    mkdir -p "$fuzz/artifacts/$target"
    options=(
        -max_total_time="$seconds"
        -print_final_stats=1
        # A single input this slow is a hang (the machine may be busy).
        -timeout=60
        -artifact_prefix="$fuzz/artifacts/$target/"
    )
    [[ -n ${FUZZ_MAX_LEN:-} ]] && options+=(-max_len="$FUZZ_MAX_LEN")
    # The text targets get the language's words; `lsp` reads structure.
    [[ $target != lsp ]] && options+=(-dict="$fuzz/task.dict")
    started=$(date +%s)
    "$bin_dir/$target" "${options[@]}" "$fuzz/corpus/$target" >"$log" 2>&1
    status=$?
    elapsed=$(($(date +%s) - started))
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    crashes=0
    if [[ $status -ne 0 || -z $executions ]]; then
        crashes=1
        failed=1
    fi
    rate=$((${executions:-0} / (elapsed > 0 ? elapsed : 1)))
    printf '%-11s %8d %14d %9d %8d\n' "$target" "$elapsed" "${executions:-0}" "$rate" "$crashes"
    if [[ $crashes -ne 0 ]]; then
        artifact=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
        echo "  $target failed (exit $status): ${artifact:-see $log}" >&2
        grep -m1 -E "panicked at|ERROR: libFuzzer" "$log" >&2
    fi
done
exit "$failed"
