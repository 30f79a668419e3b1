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
jseek_find_jdk
[ -d "$here/node_modules/node-llama-cpp" ] || (cd "$here" && npm install --no-audit --no-fund)
"$root/mvnw" -q -o -pl jseek-model -am test-compile
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# a copy of node_modules whose only ggml CPU backend is the chosen variant
mkdir -p "$tmp/node_modules/@node-llama-cpp"
for d in "$here"/node_modules/*; do [ "$(basename "$d")" = @node-llama-cpp ] || cp -r "$d" "$tmp/node_modules/"; done
cp -r "$here/node_modules/@node-llama-cpp/linux-x64" "$tmp/node_modules/@node-llama-cpp/"
bins=$(dirname "$(find "$tmp/node_modules/@node-llama-cpp/linux-x64" -name libggml-base.so | head -n1)")
[ -f "$bins/libggml-cpu-$variant.so" ] || { echo "no ggml CPU variant '$variant' in $bins" >&2; exit 1; }
find "$bins" -name 'libggml-cpu-*.so' ! -name "libggml-cpu-$variant.so" -delete
cp "$here/regen.mjs" "$here/compare.mjs" "$tmp/"
mkdir -p "$tmp/models" "$tmp/golden"
classes="$root/jseek-model/target/test-classes:$root/jseek-model/target/classes:$root/jseek-gguf/target/classes:$root/jseek-tensor/target/classes:$root/jseek-tokenizer/target/classes"
"$JSEEK_JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$classes" io.jseek.model.fixtures.TinyModels \
    "$testdata/tokenizer" "$tmp/models" "${cases[@]}" >/dev/null 2>&1
(cd "$tmp" && node regen.mjs models golden >/dev/null)
echo "llama.cpp $variant vs the committed goldens:"
node "$tmp/compare.mjs" "$tmp/golden" "$root/jseek-model/src/test/resources/golden" "${cases[@]}"
