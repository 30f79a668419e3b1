#!/usr/bin/env bash
# How far llama.cpp's own CPU builds are from each other on the dense golden models: reruns regen.mjs with
# node-llama-cpp restricted to one prebuilt ggml CPU variant (default sse42: no AVX2, so no repacked K-quant or Q4_0
# weights) and prints, per case and prompt, the largest top-20 |dp| against the committed goldens (written by the best
# variant for the machine that ran regen.sh: zen4 on AMD EPYC Zen 4). GoldenTest's tolerances cite the result.
# Usage: tools/oracle/model/cpu-variants.sh [VARIANT [CASE...]]   (default cases: the quantized llama and qwen2 ones)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
testdata=${JSEEK_TESTDATA:-$root/../shared/testdata}
variant=${1:-sse42}
shift || true
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(llama-linear-q8_0 llama-linear-q4_0 llama-linear-q4_k llama-linear-q6_k qwen2-q8_0
    qwen2-q4_0 qwen2-q4_k qwen2-q6_k)
. "$root/bin/find-jdk.sh"
. "$here/../cpu-variant.sh"
jseek_find_jdk
[ -d "$here/node_modules/node-llama-cpp" ] || (cd "$here" && npm install --no-audit --no-fund)
"$root/mvnw" -q -o -pl jseek-model -am test-compile
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cpu_variant_modules "$here/node_modules" "$tmp" "$variant"
cp "$here/regen.mjs" "$here/compare.mjs" "$tmp/"
mkdir -p "$tmp/models" "$tmp/golden"
classes="$root/jseek-model/target/test-classes:$root/jseek-model/target/classes:$root/jseek-gguf/target/classes:$root/jseek-tensor/target/classes:$root/jseek-tokenizer/target/classes"
"$JSEEK_JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$classes" io.jseek.model.fixtures.TinyModels \
    "$testdata/tokenizer" "$tmp/models" "${cases[@]}" >/dev/null 2>&1
(cd "$tmp" && node regen.mjs models golden >/dev/null)
echo "llama.cpp $variant vs the committed goldens:"
node "$tmp/compare.mjs" "$tmp/golden" "$root/jseek-model/src/test/resources/golden" "${cases[@]}"
