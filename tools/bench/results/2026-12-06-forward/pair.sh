#!/bin/bash
# main and forward builds run AT THE SAME TIME (same load for both); args: model repeat rounds
model=$1; rep=$2; rounds=$3
one() {
  (cd $1 && ./jseek bench --model=$model --threads=2 --prompt-tokens=${PT:-128} --gen-tokens=${GT:-32} --repeat=$rep --warmup=1 --json 2>/dev/null | jq -c "{p: .prefill_tok_s.median, d: .decode_tok_s.median}")
}
for r in $(seq 1 $rounds); do
  l0=$(cut -d' ' -f1 /proc/loadavg)
  one /tmp/fwd-main > /tmp/fwd-bench/a.out &
  pa=$!
  one /work/wt/forward > /tmp/fwd-bench/b.out &
  pb=$!
  wait $pa $pb
  l1=$(cut -d' ' -f1 /proc/loadavg)
  echo "$(date +%T) round=$r load=$l0/$l1 main=$(cat /tmp/fwd-bench/a.out) forward=$(cat /tmp/fwd-bench/b.out)"
done
