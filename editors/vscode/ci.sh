#!/usr/bin/env bash
# Builds and checks the VS Code extension, non-interactively: installs the npm
# dependencies from package-lock.json, runs the grammar and extension tests,
# packages taskc-<version>.vsix with vsce and checks the manifest inside it.
#
# node_modules is kept between runs and reinstalled (`npm ci`) only when
# package-lock.json changes. TASKC_BIN names the taskc binary the server test
# runs (default: target/debug/taskc of this repository); TASKC_REQUIRE_SERVER=1
# makes that test fail instead of skipping when there is none.
set -euo pipefail

cd "$(dirname "$0")"
export CI=true

# @vscode/vsce needs Node.js 20 or later.
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if (( node_major < 20 )); then
    echo "editors/vscode needs Node.js 20 or later (found $(node --version))" >&2
    exit 1
fi

lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp=node_modules/.taskc-lock.sha256
if [[ -f "$stamp" && "$(cat "$stamp")" == "$lock_sum" ]]; then
    echo "node_modules matches package-lock.json"
else
    npm ci --no-audit --no-fund --prefer-offline
    echo "$lock_sum" > "$stamp"
fi

npm run --silent format:check </dev/null
npm test </dev/null

rm -f taskc-*.vsix
npx --no-install vsce package --no-dependencies --allow-missing-repository </dev/null

version="$(node -p 'require("./package.json").version')"
vsix="taskc-$version.vsix"
python3 - "$vsix" <<'PY'
# The packaged manifest must be the one VS Code needs: the extension's name,
# the task language with its grammar and configuration, and an entry point,
# each file it names present in the archive.
import json
import sys
import zipfile

vsix = sys.argv[1]
with zipfile.ZipFile(vsix) as archive:
    names = set(archive.namelist())
    manifest = json.loads(archive.read("extension/package.json"))


def packaged(relative):
    path = "extension/" + relative.removeprefix("./")
    assert path in names, f"{vsix}: {path} is not in the archive"


assert manifest["name"] == "taskc", manifest["name"]
languages = manifest["contributes"]["languages"]
assert [l["id"] for l in languages] == ["task"], languages
assert languages[0]["extensions"] == [".task"], languages
packaged(languages[0]["configuration"])
grammars = manifest["contributes"]["grammars"]
assert [(g["language"], g["scopeName"]) for g in grammars] == [("task", "source.task")], grammars
packaged(grammars[0]["path"])
packaged(manifest["main"])
settings = manifest["contributes"]["configuration"]["properties"]
assert {"taskc.path", "taskc.trace.server"} <= settings.keys(), settings.keys()
leaked = sorted(n for n in names if "/node_modules/" in n or "/test/" in n or "/src/" in n)
assert not leaked, f"{vsix} ships {leaked[:5]}"
print(f"{vsix}: {len(names)} files, manifest checked")
PY
