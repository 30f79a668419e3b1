#!/usr/bin/env bash
# Mean KL divergence from the full-precision model over a 2,048-token text (text.txt: the opening of
# ../shared/docs/deepseek-spec.md, at least 2,318 tokens in every vocabulary here; 4 chunks of 512 as
# llama-perplexity cuts them, 1,020 scored positions), for each quantized fidelity case (FidelityModels): llama.cpp
# with its default F16 cache (text-kl.mjs, which also writes the reference, llama.cpp with an F32 cache on the F32
# twin, in jseek's logits format), and `jseek perplexity --kl-base` on the same positions with the native int8
# kernels (default) and with --kernels java. Prints a Markdown table row per case (the README's) and the JSON lines.
# Needs node >= 20; installs node-llama-cpp 3.21.1 on first use.
# Usage: tools/oracle/fidelity/text.sh [CASE...]   (default: every quantized case; testdata from $JSEEK_TESTDATA or
# ../shared/testdata)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
testdata="${JSEEK_TESTDATA:-$root/../shared/testdata}"
ctx=512
chunks=4
. "$root/bin/find-jdk.sh"
. "$here/models.sh"
jseek_find_jdk
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
    for arch in qwen2 llama ds2-lite ds3; do
        for type in q8_0 q4_0 q4_k q6_k; do cases+=("$arch-$type"); done
    done
fi
fidelity_models "$work" "${cases[@]}"
"$root/jseek" --version >/dev/null # builds the jar if sources changed; the runs below use a copy of it
cp "$root/jseek-cli/target/jseek.jar" "$work/jseek.jar"
jseek() {
    "$JSEEK_JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
        -jar "$work/jseek.jar" "$@" 2> >(grep -v -E '^WARNING: Using incubator modules' >&2)
}

kl() { python3 -c 'import json,sys; print("%.3e" % json.load(sys.stdin)["kl_divergence"]["mean"])'; }
echo "| case | llama.cpp | jseek native | jseek java |"
echo "|---|---|---|---|"
for c in "${cases[@]}"; do
    model="$work/$c.gguf"
    node "$here/text-kl.mjs" "$work/$c.twin.gguf" "$model" "$here/text.txt" "$ctx" "$chunks" "$work/base.bin" \
        > "$work/llama.json"
    for kernels in native java; do
        jseek perplexity --model "$model" --file "$here/text.txt" --ctx "$ctx" --chunks "$chunks" \
            --kl-base "$work/base.bin" \
            --threads 2 --kernels "$kernels" --json > "$work/$kernels.json"
    done
    ll="$(python3 -c 'import json,sys; print("%.3e" % json.load(sys.stdin)["llama_cpp_f16"]["mean"])' < "$work/llama.json")"
    echo "| $c | $ll | $(kl < "$work/native.json") | $(kl < "$work/java.json") |"
    echo "{\"case\":\"$c\",\"llama\":$(cat "$work/llama.json"),\"native\":$(tr -d '\n' < "$work/native.json"),\"java\":$(tr -d '\n' < "$work/java.json")}" >&2
    rm -f "$work/base.bin" "$model" "$work/$c.twin.gguf"
done
