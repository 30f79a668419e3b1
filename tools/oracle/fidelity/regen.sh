#!/usr/bin/env bash
# Regenerates jseek-model's fidelity goldens (src/test/resources/golden/fidelity/CASE.json): builds jseek-model with
# its tests, writes the fidelity cases and their F32 twins (io.jseek.model.golden.FidelityModels), runs llama.cpp on
# them (oracle.mjs). Needs node >= 20; installs node-llama-cpp 3.21.1 on first use.
# Usage: tools/oracle/fidelity/regen.sh [CASE...]   (default: every case; testdata from $JSEEK_TESTDATA or
# ../shared/testdata)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
testdata="${JSEEK_TESTDATA:-$root/../shared/testdata}"
. "$root/bin/find-jdk.sh"
. "$here/models.sh"
jseek_find_jdk
models="$(mktemp -d)"
trap 'rm -rf "$models"' EXIT

fidelity_models "$models" "$@"
out="$root/jseek-model/src/test/resources/golden/fidelity"
mkdir -p "$out"
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
    for f in "$models"/*.gguf; do
        case "$f" in *.twin.gguf) ;; *) cases+=("$(basename "$f" .gguf)") ;; esac
    done
fi
node "$here/oracle.mjs" "$models" "$out" "${cases[@]}"
