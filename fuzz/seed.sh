#!/usr/bin/env bash
# Seed the fuzz corpora (fuzz/corpus/<target>/) from the repository's own
# inputs: every `.task` file (examples/, tests/conformance/, test data) as a
# one-file input of every target, and each conformance case and the
# examples/ workspace as one multi-file workspace input of `check` and
# `full_build` (files joined with `%%% <path>` header lines; see
# src/workspace.rs). Seeds are named by content hash, so running this again
# adds nothing twice. The corpora are not committed (.gitignore).
set -euo pipefail

fuzz=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$fuzz")
corpus="$fuzz/corpus"
targets=(parse check fmt full_build lsp)

# Store stdin under its hash in each named target's corpus.
store() {
    local tmp hash
    tmp=$(mktemp)
    cat >"$tmp"
    hash=$(sha1sum "$tmp" | cut -c1-40)
    for target in "$@"; do
        mkdir -p "$corpus/$target"
        cp "$tmp" "$corpus/$target/seed-$hash"
    done
    rm -f "$tmp"
}

# A file, ended by a newline so that the next header starts a line.
cat_line() {
    cat "$1"
    [[ -z $(tail -c1 "$1") ]] || echo
}

# One workspace folder as one input: taskc.toml, then the .task and .py files.
workspace_input() {
    local dir=$1 file
    (
        cd "$dir"
        if [[ -f taskc.toml ]]; then
            printf '%%%%%% taskc.toml\n'
            cat_line taskc.toml
        fi
        find . \( -name '*.task' -o -name '*.py' \) -type f | sed 's|^\./||' | LC_ALL=C sort |
            while read -r file; do
                printf '%%%%%% %s\n' "$file"
                cat_line "$file"
            done
    )
}

mkdir -p "$corpus"
task_files=$(cd "$repo" && find examples tests core/tests -name '*.task' -type f | LC_ALL=C sort)
count=0
for file in $task_files; do
    store "${targets[@]}" <"$repo/$file"
    count=$((count + 1))
done
workspaces=0
for dir in "$repo"/tests/conformance/*/ "$repo/examples/"; do
    workspace_input "$dir" | store check full_build
    workspaces=$((workspaces + 1))
done
for target in "${targets[@]}"; do
    printf '%-11s %5d inputs\n' "$target" "$(find "$corpus/$target" -type f | wc -l)"
done
echo "seeded from $count .task files and $workspaces workspaces"
