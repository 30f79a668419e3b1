#!/usr/bin/env bash
# Regenerates jseek-tensor's golden quantization data from llama.cpp's own ggml libraries.
#
# 1. installs node-llama-cpp (pinned in package.json) here, only for the prebuilt libggml it ships;
# 2. compiles quant_oracle.c (ours; it uses only ggml's public C API through dlopen);
# 3. runs it against libggml-base.so and the CPU variant named by GGML_CPU_VARIANT (default haswell:
#    AVX2/FMA/F16C, the common x86-64 fast path), writing into jseek-tensor/src/test/resources/golden/quant/.
# Tests read only the committed output; nothing here runs at test time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../../jseek-tensor/src/test/resources/golden/quant"
variant="${GGML_CPU_VARIANT:-haswell}"
cd "$here"
npm install --no-audit --no-fund --ignore-scripts
bins="$(dirname "$(find node_modules/@node-llama-cpp/linux-x64 -name libggml-base.so | head -n1)")"
[ -f "$bins/libggml-base.so" ] || { echo "no libggml-base.so under node_modules/@node-llama-cpp/linux-x64" >&2; exit 1; }
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
gcc -O1 -std=c11 -Wall -Wextra -o "$build/quant_oracle" quant_oracle.c -ldl -lm
mkdir -p "$out"
"$build/quant_oracle" "$here/$bins/libggml-base.so" "$here/$bins/libggml-cpu-$variant.so" "$out"
echo "golden data written to $out"
