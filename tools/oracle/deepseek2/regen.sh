#!/usr/bin/env bash
# Regenerates the deepseek2 golden files: builds jseek-model with its tests, writes the tiny random models of the
# test fixture io.jseek.model.fixtures.TinyDeepseek2Models (jseek-model/src/test/java), runs llama.cpp on them
# (oracle.mjs) and stores the JSON under
# jseek-model/src/test/resources/golden/deepseek2/. Needs node >= 20; installs node-llama-cpp 3.21.1 on first use.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
testdata="${JSEEK_TESTDATA:-$root/../shared/testdata}"
models="$(mktemp -d)"
trap 'rm -rf "$models"' EXIT

(cd "$root" && mvn -q -pl jseek-model -am test-compile)
cp="$root/jseek-model/target/test-classes:$root/jseek-model/target/classes:$root/jseek-gguf/target/classes:$root/jseek-tensor/target/classes:$root/jseek-tokenizer/target/classes"
"$java_home/bin/java" --add-modules jdk.incubator.vector -cp "$cp" io.jseek.model.fixtures.TinyDeepseek2Models \
    "$testdata/tokenizer" "$models" "$@" >/dev/null

[ -d "$here/node_modules/node-llama-cpp" ] || (cd "$here" && npm ci --no-audit --no-fund)
cases=()
for f in "$models"/*.gguf; do cases+=("$(basename "$f" .gguf)"); done
node "$here/oracle.mjs" "$models" "$root/jseek-model/src/test/resources/golden/deepseek2" "${cases[@]}"
