#!/usr/bin/env bash
# Regenerates jseek-model's golden quantization mixes from llama.cpp's own llama_model_quantize.
#
# 1. installs node-llama-cpp (pinned in package.json) here, only for the prebuilt libllama/libggml it ships;
# 2. builds jseek-model with its tests and writes the models of the test fixture io.jseek.model.fixtures.MixModels
#    (jseek-model/src/test/java) into a temp dir;
# 3. compiles mix_oracle.c (ours; public C API through dlopen) and runs llama.cpp's quantize on each model for
#    Q4_K_M (15) and Q5_K_M (17), recording each output tensor's type and data hash in
#    jseek-model/src/test/resources/golden/quantmix/<model>-<type>.json.
# Tests read only the committed output; nothing here runs at test time.
# Usage: tools/oracle/quant/regen-mix.sh [testdataDir]   (default: $JSEEK_TESTDATA or ../shared/testdata)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
testdata="${1:-${JSEEK_TESTDATA:-$root/../shared/testdata}}"
out="$root/jseek-model/src/test/resources/golden/quantmix"
. "$root/bin/find-jdk.sh"
jseek_find_jdk
cd "$here"
[ -d node_modules/node-llama-cpp ] || npm install --no-audit --no-fund --ignore-scripts
bins="$here/$(dirname "$(find node_modules/@node-llama-cpp/linux-x64 -name libllama.v0.4.0.so | head -n1)")"
[ -f "$bins/libllama.v0.4.0.so" ] || { echo "no libllama under node_modules/@node-llama-cpp/linux-x64" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -O1 -std=c11 -Wall -Wextra -o "$work/mix_oracle" mix_oracle.c -ldl
"$root/mvnw" -q -pl jseek-model -am test-compile
classes="$root/jseek-model/target/test-classes:$root/jseek-model/target/classes:$root/jseek-gguf/target/classes:$root/jseek-tensor/target/classes:$root/jseek-tokenizer/target/classes"
"$JSEEK_JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$classes" io.jseek.model.fixtures.MixModels \
    "$testdata/tokenizer" "$work" 2>/dev/null
mkdir -p "$out"
for model in "$work"/*.gguf; do
    stem="$(basename "$model" .gguf)"
    for t in q4_k_m:15 q5_k_m:17; do
        LD_LIBRARY_PATH="$bins" "$work/mix_oracle" "$bins" "$model" "$work/out.gguf" "${t#*:}" \
            > "$out/$stem-${t%%:*}.json" 2> "$work/log.txt" || { cat "$work/log.txt" >&2; exit 1; }
        echo "$out/$stem-${t%%:*}.json"
    done
done
