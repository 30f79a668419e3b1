#!/usr/bin/env bash
# Mean KL divergence from the full-precision model over a 2,048-token text (text.txt: the opening of
# ../shared/docs/deepseek-spec.md, at least 2,318 tokens in every vocabulary here; 4 chunks of 512 as
# llama-perplexity cuts them, 1,020 scored positions), for each quantized fidelity case (FidelityModels): llama.cpp
# with its default F16 cache (text-kl.mjs, which also writes the reference, llama.cpp with an F32 cache on the F32
# twin, in jseek's logits format), and `jseek perplexity --kl-base` on the same positions with the native int8
# kernels (default) and with --kernels java. Prints a Markdown table row per case (the README's), on stderr each
# engine's WORST (default 5) largest positions side by side (chunk:position and KL, `trace.sh` takes them) and the
# JSON lines.
# Needs node >= 20; installs node-llama-cpp 3.21.1 on first use. With LLAMA_CPU_VARIANT=sse42 (or another prebuilt
# ggml CPU build), a last column gives llama.cpp's KL with only that build (against its own F32 reference): how far
# two builds of llama.cpp are apart on the same file, the scale of what summation order alone moves. With
# KV_CACHE=q8_0 both engines run with a Q8_0 cache instead of F16 (llama.cpp then needs flash attention; only models
# whose heads are whole blocks of 32 can use it).
# Usage: tools/oracle/fidelity/text.sh [CASE...]   (default: every quantized case; CASE@SEED: the same spec from
# another seed, to see how much of a difference is the chance of one draw of weights; testdata from $JSEEK_TESTDATA or
# ../shared/testdata)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
testdata="${JSEEK_TESTDATA:-$root/../shared/testdata}"
ctx=512
chunks=4
. "$root/bin/find-jdk.sh"
. "$here/models.sh"
. "$here/../cpu-variant.sh"
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

variant="${LLAMA_CPU_VARIANT:-}"
cache="${KV_CACHE:-f16}"
worst="${WORST:-5}"
if [ -n "$variant" ]; then
    cpu_variant_modules "$here/node_modules" "$work/variant" "$variant"
    cp "$here/text-kl.mjs" "$work/variant/"
fi
kl() { python3 -c 'import json,sys; print("%.3e" % json.load(sys.stdin)["kl_divergence"]["mean"])'; }
llama_kl() { python3 -c 'import json,sys; print("%.3e" % json.load(sys.stdin)["llama_cpp_'"$cache"'"]["mean"])'; }
[ "$cache" = f16 ] || echo "cache: $cache"
echo "| case | llama.cpp | jseek native | jseek java |${variant:+ llama.cpp $variant |}"
echo "|---|---|---|---|${variant:+---|}"
for c in "${cases[@]}"; do
    model="$work/$c.gguf"
    node "$here/text-kl.mjs" "$work/$c.twin.gguf" "$model" "$here/text.txt" "$ctx" "$chunks" "$work/base.bin" \
        "$cache" "$worst" > "$work/llama.json"
    for kernels in native java; do
        jseek perplexity --model "$model" --file "$here/text.txt" --ctx "$ctx" --chunks "$chunks" \
            --kl-base "$work/base.bin" --cache-type "$cache" \
            --threads 2 --kernels "$kernels" --worst "$worst" --json > "$work/$kernels.json"
    done
    row="| $c | $(llama_kl < "$work/llama.json") | $(kl < "$work/native.json") | $(kl < "$work/java.json") |"
    if [ -n "$variant" ]; then
        node "$work/variant/text-kl.mjs" "$work/$c.twin.gguf" "$model" "$here/text.txt" "$ctx" "$chunks" \
            "$work/variant.bin" "$cache" "$worst" > "$work/variant.json"
        row="$row $(llama_kl < "$work/variant.json") |"
        rm -f "$work/variant.bin"
    fi
    echo "$row"
    python3 - "$work/llama.json" "$work/native.json" "$work/java.json" "$cache" <<'PY' >&2
import json, sys
lists = [("llama.cpp", json.load(open(sys.argv[1]))["llama_cpp_" + sys.argv[4]]["worst"])]
for name, f in (("native", sys.argv[2]), ("java", sys.argv[3])):
    lists.append((name, json.load(open(f))["kl_divergence"]["worst"]))
print("  largest KL, chunk:position KL: " + " | ".join(
    name + " " + ", ".join("%d:%d %.3g" % (w["chunk"], w["position"], w["kl"]) for w in ws) for name, ws in lists))
PY
    echo "{\"case\":\"$c\",\"llama\":$(cat "$work/llama.json"),\"native\":$(tr -d '\n' < "$work/native.json"),\"java\":$(tr -d '\n' < "$work/java.json")}" >&2
    rm -f "$work/base.bin" "$model" "$work/$c.twin.gguf"
done
