#!/usr/bin/env bash
# jseek beside llama.cpp on the same GGUF files, same threads, prompt and generation lengths and repeats, in one run:
# for each model, `jseek bench --json`, then llama.cpp through node-llama-cpp (side-by-side.mjs), one after the
# other so they never compete for the cores; then a table of medians and ratios jseek/llama.cpp.
#
# Usage: tools/bench/side-by-side.sh [--threads N] [--prompt-tokens N] [--gen-tokens N] [--repeat N] [--warmup N]
#            [--concurrency C] [--serve] [--mlock] [--kernels LIST] [--dir DIR] [--keep] [MODEL...]
#   MODEL: a GGUF file, or SHAPE:TYPE (qwen2-1.5b, coder-1.3b, v2-lite; Q4_0, Q8_0, Q4_K_M), a random-weight model
#   at that real shape written by `jseek gen-model` into DIR (default /tmp/jseek-bench) and deleted afterwards
#   unless --keep. Default models: qwen2-1.5b:Q4_0 qwen2-1.5b:Q8_0.
# --kernels LIST: jseek's weight kernels, comma-separated (auto, native, java; default auto); each gets its own jseek
# run and its own row against the same llama.cpp run.
# --serve (with --concurrency C > 1): also runs `jseek serve --parallel C` and drives it over HTTP with C streamed
# requests at once (side-by-side.mjs serve), a row "decode xC" [serve] against llama.cpp's C sequences.
# --mlock locks the weights in RAM on both sides (jseek --mlock, node-llama-cpp useMlock), so that neither re-reads
# pages the OS reclaimed (this machine's DAMON pageout reclaims cold file pages proactively).
# Each engine's JSON is kept as DIR/results/NAME.jseek.json and NAME.llama.json (the table can be printed again
# from them: node side-by-side.mjs table A.jseek.json A.llama.json ...).
# Environment: JSEEK (the jseek launcher to run, default ./jseek of this checkout).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jseek=${JSEEK:-$root/jseek}
threads=2 prompt=128 gen=64 repeat=5 warmup=1 concurrency=1 dir=/tmp/jseek-bench keep=0 mlock=0 kernels=auto serve=0
port=${JSEEK_BENCH_PORT:-18181}
models=()
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads=$2; shift 2 ;;
    --prompt-tokens) prompt=$2; shift 2 ;;
    --gen-tokens) gen=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --mlock) mlock=1; shift ;;
    --serve) serve=1; shift ;;
    --kernels) kernels=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) models+=("$1"); shift ;;
  esac
done
[ ${#models[@]} -gt 0 ] || models=(qwen2-1.5b:Q4_0 qwen2-1.5b:Q8_0)
[ -d "$here/node_modules/node-llama-cpp" ] || (cd "$here" && npm install --no-audit --no-fund >&2)
out=$dir/results
mkdir -p "$out"
generated=()
cleanup() {
  if [ "$keep" = 0 ] && [ ${#generated[@]} -gt 0 ]; then rm -f "${generated[@]}"; fi
}
trap cleanup EXIT

common=(--threads "$threads" --prompt-tokens "$prompt" --gen-tokens "$gen" --repeat "$repeat" --warmup "$warmup"
        --concurrency "$concurrency")
pairs=()
before="$(cut -d' ' -f1-3 /proc/loadavg)"
for m in "${models[@]}"; do
  file=$m
  if [[ "$m" != *.gguf ]]; then
    shape=${m%%:*} type=${m#*:}
    file="$dir/$shape-$type.gguf"
    if [ ! -f "$file" ]; then
      "$jseek" gen-model --shape "$shape" --type "$type" --out "$file" >&2
      generated+=("$file")
    fi
  fi
  name=$(basename "$file" .gguf)
  jseek_lock=(); [ "$mlock" = 1 ] && jseek_lock=(--mlock)
  runs=()
  for k in ${kernels//,/ }; do
    suffix=$([ "$kernels" = auto ] && echo "" || echo "-$k")
    echo "== $name: jseek --kernels $k (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
    "$jseek" bench --model "$file" --json --kernels "$k" "${common[@]}" "${jseek_lock[@]}" > "$out/$name.jseek$suffix.json"
    runs+=("$out/$name.jseek$suffix.json")
    if [ "$serve" = 1 ] && [ "$concurrency" -gt 1 ]; then
      echo "== $name: jseek serve --parallel $concurrency --kernels $k (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
      "$jseek" serve --model "$file" --port "$port" --threads "$threads" --parallel "$concurrency" --kernels "$k" \
          --ctx $((prompt + gen + 64)) "${jseek_lock[@]}" > "$out/$name.serve$suffix.log" 2>&1 &
      server=$!
      for _ in $(seq 600); do
        curl -sf "http://127.0.0.1:$port/health" > /dev/null && break
        kill -0 "$server" 2> /dev/null || { cat "$out/$name.serve$suffix.log" >&2; exit 1; }
        sleep 0.5
      done
      (cd "$here" && node side-by-side.mjs serve --url "http://127.0.0.1:$port" --concurrency "$concurrency" \
          --prompt-tokens "$prompt" --gen-tokens "$gen" --repeat "$repeat" --warmup "$warmup") \
          > "$out/$name.jseek-serve$suffix.json" || { kill "$server"; exit 1; }
      kill "$server"; wait "$server" 2> /dev/null || true
      runs+=("$out/$name.jseek-serve$suffix.json")
    fi
  done
  echo "== $name: llama.cpp (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
  (cd "$here" && node side-by-side.mjs llama --model "$file" "${common[@]}" --mlock "$mlock") > "$out/$name.llama.json"
  for r in "${runs[@]}"; do pairs+=("$r" "$out/$name.llama.json"); done
  if [ "$keep" = 0 ] && [[ " ${generated[*]} " == *" $file "* ]]; then rm -f "$file"; fi
done
echo "threads $threads, prompt $prompt tokens, decode $gen tokens, median of $repeat runs after $warmup warm-up;"
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); jseek kernels: $kernels"
echo "$(nproc) cores, load average (1, 5, 15 min) before $before, after $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$here" && node side-by-side.mjs table "${pairs[@]}")
