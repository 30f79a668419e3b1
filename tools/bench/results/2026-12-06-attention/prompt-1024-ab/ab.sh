#!/usr/bin/env bash
# branch vs main alternated, 1,024-token prompt on the 1.5B-shaped Q4_0 model, 2 threads.
set -u
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
model=${MODEL:-/tmp/jb/qwen2-1.5b-Q4_0.gguf}
out=/tmp/attn-bench/e2e
mkdir -p $out
grep -m1 'model name' /proc/cpuinfo > $out/cpu.txt
for i in 1 2 3; do
  for side in branch main; do
    echo "$side $i load $(cut -d' ' -f1-3 /proc/loadavg)" >> $out/load.txt
    $java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -Xmn64m -Xss4m \
      -jar /tmp/attn-bench/$side.jar bench --model $model --threads 2 --prompt-tokens ${PROMPT:-1024} --gen-tokens 32 \
      --repeat 1 --warmup 1 --mlock --json > $out/$side-$i.json 2> $out/$side-$i.err
    echo "$side $i done load $(cut -d' ' -f1-3 /proc/loadavg)" >> $out/load.txt
  done
done
