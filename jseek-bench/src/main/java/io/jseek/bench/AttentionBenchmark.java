package io.jseek.bench;

import io.jseek.model.HeapKvPages;
import io.jseek.model.KvCacheType;
import io.jseek.model.ops.PagedAttention;
import io.jseek.tensor.AttentionKernel;
import io.jseek.tensor.VectorWidth;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-threaded attention of one layer over a paged cache ({@link PagedAttention}), scalar twin against vector
 * kernel: {@code rows} query rows (1: a decode step; 8: one prefill tile) ending at position {@code positions - 1},
 * every head. Shapes: {@code gqa}, R1-Distill-Qwen-1.5B's 12 heads over 2 KV heads of 128; {@code coder},
 * deepseek-coder-1.3B's 16 heads over 16 KV heads of 128 (the widest cache per token); {@code mla}, DeepSeek's
 * 16 heads over one shared latent of 512 + 64 (keys) and 512 (values), attended head by head; {@code mla4} and
 * {@code mla8}, the same in groups of 4 or 8 heads that share each cached block, as the MLA forward does at 2 threads
 * (groups of 4) or 1 (8). Blocks of {@code block} positions (the engine's 16 by default) in a reversed table;
 * {@code cache} f16 (jseek's default: pages of halves, widened chunk by chunk) or f32 (pages of floats). Reported as
 * time per call.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar jseek-bench/target/benchmarks.jar AttentionBenchmark
 * -p bits=0,-1}; {@code bits} is the Vector API width (0 = the scalar twin; -1 = the JVM's default).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class AttentionBenchmark {
    /** Positions per cache block: 16 is the engine's; larger blocks show what the per-block kernel calls cost. */
    @Param({"16"})
    public int block;

    @Param({"gqa", "coder", "mla", "mla4", "mla8"})
    public String shape;

    @Param({"f16", "f32"})
    public String cache;

    @Param({"128", "1024", "4096"})
    public int positions;

    @Param({"1", "8"})
    public int rows;

    @Param({"0", "-1"})
    public int bits;

    private HeapKvPages kv;
    private int[] table;
    private PagedAttention attention;
    private PagedAttention.Shape heads;
    private float[] q;
    private float[] out;
    private int queryHeads;
    private int kvHeads;
    private int dK;
    private int dV;
    private int valueColumn;

    @Setup
    public void setUp() {
        boolean mla = shape.startsWith("mla");
        boolean coder = shape.equals("coder");
        queryHeads = mla || coder ? 16 : 12;
        kvHeads = mla ? 1 : coder ? 16 : 2;
        dK = mla ? 576 : 128;
        dV = mla ? 512 : 128;
        valueColumn = mla ? 0 : kvHeads * dK;
        int width = mla ? dK : kvHeads * (dK + dV);
        int blocks = (positions + block - 1) / block;
        table = new int[blocks];
        for (int b = 0; b < blocks; b++) {
            table[b] = blocks - 1 - b;
        }
        KvCacheType type = KvCacheType.parse(cache);
        kv = new HeapKvPages(block, blocks, new int[] {width}, type);
        SplittableRandom rnd = new SplittableRandom(7);
        float[] row = new float[width];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < width; i++) {
                row[i] = (float) rnd.nextGaussian();
            }
            kv.write(0, kv.rowOffset(0, table, p), 0, row, 0, width);
        }
        q = new float[rows * queryHeads * dK];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) rnd.nextGaussian();
        }
        out = new float[rows * queryHeads * dV];
        VectorWidth w = bits < 0 ? VectorWidth.DEFAULT : VectorWidth.of(bits);
        int group = queryHeads / kvHeads;
        attention = new PagedAttention(AttentionKernel.of(w), rows * (mla ? mlaGroup() : group), positions);
        heads = new PagedAttention.Shape(dK, dV, (float) (1 / Math.sqrt(dK)), type, true);
    }

    /** Heads per MLA attention call: 1 ({@code mla}), 4 ({@code mla4}) or 8 ({@code mla8}). */
    private int mlaGroup() {
        return shape.equals("mla") ? 1 : Integer.parseInt(shape.substring(3));
    }

    @Benchmark
    public float[] attend() {
        int first = positions - rows;
        if (kvHeads == 1) { // per group of g heads: rows [t, g, 576] in, [t, g, 512] out, as PagedMlaAttention's tiles
            int g = mlaGroup();
            for (int h = 0; h < queryHeads; h += g) {
                attention.attend(heads, kv, 0, table, 0, 0, q, h * rows * dK, g * dK, g, first, rows, out,
                        h * rows * dV, g * dV);
            }
            return out;
        }
        int group = queryHeads / kvHeads;
        for (int g = 0; g < kvHeads; g++) {
            attention.attend(heads, kv, 0, table, g * dK, valueColumn + g * dV, q, g * group * dK, queryHeads * dK,
                    group, first, rows, out, g * group * dV, queryHeads * dV);
        }
        return out;
    }
}
