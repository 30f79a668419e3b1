#!/usr/bin/env bash
# CPU seconds (user+sys) of one bench process per side, alternated: less sensitive to the machine's load than tok/s.
# Usage: cpu.sh GEN_TOKENS OUT_DIR (cpu.sh 32 cpu-seconds, cpu.sh 64 cpu-seconds-gen64).
gen=${1:?usage: cpu.sh GEN_TOKENS OUT_DIR}
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
out=/tmp/attn-bench/${2:?usage: cpu.sh GEN_TOKENS OUT_DIR}
mkdir -p $out
for i in 1 2; do
  for side in branch main; do
    echo "$side $i load $(cut -d' ' -f1-3 /proc/loadavg)" >> $out/load.txt
    /usr/bin/time -f "$side $i user %U sys %S wall %e" -a -o $out/times.txt \
      $java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -Xmn64m -Xss4m \
      -jar /tmp/attn-bench/$side.jar bench --model /tmp/jb/qwen2-1.5b-Q4_0.gguf --threads 2 --prompt-tokens 1024 \
      --gen-tokens $gen --repeat 1 --warmup 0 --mlock --json > $out/$side-$i.json 2> $out/$side-$i.err
  done
done
