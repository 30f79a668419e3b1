# Sourced by the fidelity scripts: fidelity_models DIR [CASE...] builds jseek-model with its tests and writes the
# fidelity cases and their F32 twins into DIR (io.jseek.model.golden.FidelityModels; every case when none is named),
# then installs node-llama-cpp on first use. Needs $root, $here, $testdata and jseek_find_jdk's $JSEEK_JAVA_HOME.
fidelity_models() {
    local dir="$1"
    shift
    (cd "$root" && ./mvnw -q -o -pl jseek-model -am test-compile)
    local cp="$root/jseek-model/target/test-classes:$root/jseek-model/target/classes:$root/jseek-gguf/target/classes"
    cp="$cp:$root/jseek-tensor/target/classes:$root/jseek-tokenizer/target/classes"
    "$JSEEK_JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$cp" io.jseek.model.golden.FidelityModels \
        "$testdata/tokenizer" "$dir" "$@" >/dev/null
    [ -d "$here/node_modules/node-llama-cpp" ] || (cd "$here" && npm ci --no-audit --no-fund)
}
