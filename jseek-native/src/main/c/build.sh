#!/usr/bin/env sh
# Builds the native kernel library into OUT_DIR (the Maven build calls this in generate-resources). No C compiler,
# another OS or CPU architecture, or a failed compile: one line on stderr and exit 0, so the build goes on and jseek
# runs its Java kernels.
set -u
out_dir=$1
src=$(cd "$(dirname "$0")" && pwd)
cc=${CC:-cc}
os=$(uname -s 2>/dev/null)
arch=$(uname -m 2>/dev/null)
if [ "$os" != Linux ] || [ "$arch" != x86_64 ]; then
  echo "jseek-native: no native kernels for $os/$arch (the Java kernels will run)" >&2
  exit 0
fi
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "jseek-native: no C compiler ($cc) on PATH: built without native kernels (the Java kernels will run)" >&2
  exit 0
fi
mkdir -p "$out_dir"
if ! "$cc" -O3 -std=c11 -fPIC -shared -ffp-contract=off -fno-math-errno -Wall -Werror \
    -o "$out_dir/libjseek-kernels.so" "$src/kernels.c" -lm; then
  rm -f "$out_dir/libjseek-kernels.so"
  echo "jseek-native: compiling the native kernels failed: built without them (the Java kernels will run)" >&2
fi
exit 0
