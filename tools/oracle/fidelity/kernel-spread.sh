#!/usr/bin/env bash
# How far jseek's two kernel paths are apart on the text KL of text.sh, without llama.cpp (minutes per case, not an
# hour): the reference is jseek itself on the F32 twin with an F32 cache (`--save-logits`; it matches llama.cpp's
# reference to 1e-5 in probability, FidelityTest), then `--kl-base` with the native int8 kernels and with --kernels
# java on the quantized file. The two paths multiply the same rounded numbers and differ only in summation order, so
# their spread over cases and seeds (CASE@SEED) is the scale of chance in one cell of the README's table.
# Usage: tools/oracle/fidelity/kernel-spread.sh CASE...   (e.g. ds3-q8_0@1 ds3-q8_0@2; testdata as text.sh)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
testdata="${JSEEK_TESTDATA:-$root/../shared/testdata}"
ctx=512
chunks=4
. "$root/bin/find-jdk.sh"
. "$here/models.sh"
jseek_find_jdk
[ $# -gt 0 ] || { echo "usage: $0 CASE..." >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fidelity_models "$work" "$@"
"$root/jseek" --version >/dev/null
cp "$root/jseek-cli/target/jseek.jar" "$work/jseek.jar"
jseek() {
    "$JSEEK_JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
        -jar "$work/jseek.jar" "$@" 2> >(grep -v -E '^WARNING: Using incubator modules' >&2)
}
kl() { python3 -c 'import json,sys; print("%.3e" % json.load(sys.stdin)["kl_divergence"]["mean"])'; }
echo "| case | jseek native | jseek java | native / java |"
echo "|---|---|---|---|"
for c in "$@"; do
    jseek perplexity --model "$work/$c.twin.gguf" --file "$here/text.txt" --ctx "$ctx" --chunks "$chunks" \
        --cache-type f32 --save-logits "$work/base.bin" --threads 2 --json > /dev/null
    for kernels in native java; do
        jseek perplexity --model "$work/$c.gguf" --file "$here/text.txt" --ctx "$ctx" --chunks "$chunks" \
            --kl-base "$work/base.bin" --threads 2 --kernels "$kernels" --json > "$work/$kernels.json"
    done
    n="$(kl < "$work/native.json")"
    j="$(kl < "$work/java.json")"
    echo "| $c | $n | $j | $(python3 -c "print('%.3f' % ($n / $j))") |"
    rm -f "$work/base.bin" "$work/$c.gguf" "$work/$c.twin.gguf"
done
