#!/usr/bin/env bash
# Where a quantized deepseek2 fidelity case parts from its full-precision twin at one position of text.sh's run (the
# CHUNK:POSITION that `jseek perplexity --kl-base` lists among its largest divergences): per layer the relative
# distance of each named checkpoint, and in MoE layers the routing of both runs with the twin's margins
# (io.jseek.model.golden.RoutingTrace), with the native int8 kernels and with the Java kernels. Seconds per case.
# Usage: tools/oracle/fidelity/trace.sh CASE CHUNK:POSITION   (e.g. ds3-q4_k@1 3:378; KV_CACHE=f32 for the quantized
# run with an F32 cache; testdata as text.sh)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
testdata="${JSEEK_TESTDATA:-$root/../shared/testdata}"
. "$root/bin/find-jdk.sh"
. "$here/models.sh"
jseek_find_jdk
[ $# -eq 2 ] || { echo "usage: $0 CASE CHUNK:POSITION" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fidelity_models "$work" "$1"
cp="$root/jseek-model/target/test-classes:$root/jseek-model/target/classes:$root/jseek-gguf/target/classes"
cp="$cp:$root/jseek-tensor/target/classes:$root/jseek-tokenizer/target/classes:$root/jseek-native/target/classes"
for kernels in native java; do
    echo "== $1 at ${2/:/ position }, $kernels kernels"
    "$JSEEK_JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$cp" \
        io.jseek.model.golden.RoutingTrace "$work/$1.gguf" "$work/$1.twin.gguf" "$here/text.txt" 512 \
        "${2%%:*}" "${2##*:}" "$kernels" "${KV_CACHE:-f16}" 2> >(grep -v -E '^WARNING: Using incubator modules' >&2)
done
