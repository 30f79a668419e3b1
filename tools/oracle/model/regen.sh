#!/usr/bin/env bash
# Regenerates jseek-model's golden next-token distributions with llama.cpp (node-llama-cpp 3.21.1, prebuilt CPU
# binaries): builds jseek-model with its tests, writes the tiny random models of the test fixture
# io.jseek.model.fixtures.TinyModels (jseek-model/src/test/java) into a temp dir, runs regen.mjs on them and writes
# jseek-model/src/test/resources/golden/<case>.json.
# Usage: tools/oracle/model/regen.sh [testdataDir [CASE...]]   (default: $JSEEK_TESTDATA or /work/shared/testdata;
# CASE: TinyModels names such as qwen3-f32, default all)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
testdata=${1:-${JSEEK_TESTDATA:-/work/shared/testdata}}
shift || true
. "$root/bin/find-jdk.sh"
jseek_find_jdk
[ -d "$here/node_modules/node-llama-cpp" ] || (cd "$here" && npm install --no-audit --no-fund)
"$root/mvnw" -q -pl jseek-model -am test-compile
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
classes="$root/jseek-model/target/test-classes:$root/jseek-model/target/classes:$root/jseek-gguf/target/classes:$root/jseek-tensor/target/classes:$root/jseek-tokenizer/target/classes"
"$JSEEK_JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$classes" io.jseek.model.fixtures.TinyModels \
    "$testdata/tokenizer" "$tmp" "$@" 2>/dev/null
cd "$here"
node regen.mjs "$tmp" "$root/jseek-model/src/test/resources/golden"
