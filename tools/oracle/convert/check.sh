#!/usr/bin/env bash
# Dev check (not CI): llama.cpp loads the GGUFs that jseek convert makes from the tests' tiny checkpoints (llama,
# llama with Llama-3 rope_freqs, qwen2 BF16, qwen3 F16, deepseek2 V3 F32 and FP8) and predicts exactly as on the
# directly written GGUFs of the same weights.
# Runs ConvertModelsTest with -Djseek.convert.keep, then check.mjs. Needs node >= 20; installs node-llama-cpp 3.21.1
# on first use.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
models="$(mktemp -d)"
trap 'rm -rf "$models"' EXIT

(cd "$root" && ./mvnw -q -pl jseek-convert -am test -Dtest=ConvertModelsTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Djseek.convert.keep="$models")
[ -d "$here/node_modules/node-llama-cpp" ] || (cd "$here" && npm ci --no-audit --no-fund)
node "$here/check.mjs" "$models" llama-f32 llama3-f32 qwen2-bf16 qwen3-f16 ds3-f32 ds3-fp8
