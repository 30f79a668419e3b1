#!/usr/bin/env bash
# Regenerates the deepseek2 golden files: builds jseek-model with its tests, writes the tiny random models of the
# test fixture io.jseek.model.fixtures.TinyDeepseek2Models (jseek-model/src/test/java), runs llama.cpp on them
# (oracle.mjs) and stores the JSON under
# jseek-model/src/test/resources/golden/deepseek2/. Needs node >= 20; installs node-llama-cpp 3.21.1 on first use.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
testdata="${JSEEK_TESTDATA:-$root/../shared/testdata}"
models="$(mktemp -d)"
trap 'rm -rf "$models"' EXIT

. "$root/bin/find-jdk.sh"
jseek_find_jdk
(cd "$root" && ./mvnw -q -o -pl jseek-model -am test-compile)
cp="$root/jseek-model/target/test-classes:$root/jseek-model/target/classes:$root/jseek-gguf/target/classes:$root/jseek-tensor/target/classes:$root/jseek-tokenizer/target/classes"
"$JSEEK_JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$cp" io.jseek.model.fixtures.TinyDeepseek2Models \
    "$testdata/tokenizer" "$models" "$@" >/dev/null

[ -d "$here/node_modules/node-llama-cpp" ] || (cd "$here" && npm ci --no-audit --no-fund)
cases=()
for f in "$models"/*.gguf; do cases+=("$(basename "$f" .gguf)"); done
node "$here/oracle.mjs" "$models" "$root/jseek-model/src/test/resources/golden/deepseek2" "${cases[@]}"
