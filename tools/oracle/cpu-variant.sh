# Sourced by the oracle scripts: cpu_variant_modules SRC DEST VARIANT makes DEST/node_modules a copy of the
# node_modules folder SRC whose only prebuilt ggml CPU backend is VARIANT (e.g. sse42: no AVX2, so no repacked
# K-quant or Q4_0 weights; zen4: what node-llama-cpp picks on AMD EPYC Zen 4), so that a script run from DEST uses
# that build of llama.cpp. Hard links where DEST is on SRC's file system (the packages are 700 MB), else a copy.
cpu_variant_modules() {
    local src dest="$2" variant="$3"
    src="$(cd "$1" && pwd -P)"
    mkdir -p "$dest/node_modules/@node-llama-cpp"
    local d
    for d in "$src"/*; do
        [ "$(basename "$d")" = @node-llama-cpp ] || cp -rl "$d" "$dest/node_modules/" 2>/dev/null \
            || cp -r "$d" "$dest/node_modules/"
    done
    cp -rl "$src/@node-llama-cpp/linux-x64" "$dest/node_modules/@node-llama-cpp/" 2>/dev/null \
        || cp -r "$src/@node-llama-cpp/linux-x64" "$dest/node_modules/@node-llama-cpp/"
    local bins
    bins="$(dirname "$(find "$dest/node_modules/@node-llama-cpp/linux-x64" -name libggml-base.so | head -n1)")"
    [ -f "$bins/libggml-cpu-$variant.so" ] || { echo "no ggml CPU variant '$variant' in $bins" >&2; return 1; }
    find "$bins" -name 'libggml-cpu-*.so' ! -name "libggml-cpu-$variant.so" -delete
}
