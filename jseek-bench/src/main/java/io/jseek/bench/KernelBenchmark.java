package io.jseek.bench;

import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Kernels;
import io.jseek.tensor.Q8Activations;
import io.jseek.tensor.Quantizers;
import io.jseek.tensor.Tensors;
import io.jseek.tensor.VectorWidth;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-threaded mat-vec and mat-mul throughput of each weight type on a {@code rows x cols} matrix held off-heap
 * (as a mapped GGUF tensor would be).
 *
 * <p>Reported as average time per call. Weight bandwidth: {@code GB/s = type.byteSize(rows*cols) / time}, i.e.
 * for 2048 x 4096: bytes = 8,388,608 x bitsPerWeight / 8 (Q4_0: 4.7 MB, Q8_0: 8.9 MB, F16: 16.8 MB), so
 * {@code GB/s = bytes / (ms * 1e6)}; compare with {@link KernelBandwidthBenchmark}. {@code matMul} applies the
 * matrix to {@code tokens} activation rows in one call (prefill); divide by {@code tokens} for time per token.
 * Weights come from a fixed seed; K-quant rows are quantized by jseek's simple quantizers, Q2_K/Q3_K/Q5_K rows are
 * random bytes (the kernels' speed does not depend on the values).
 *
 * <p>{@code int8MatVec} and {@code int8MatMul} run the native int8 kernels (Q4_0, Q5_0, Q8_0, Q4_K, Q6_K; they fail for
 * the other types or where the library is unavailable), quantizing the activations as the models do.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar jseek-bench/target/benchmarks.jar KernelBenchmark
 * -p type=Q4_0,Q8_0 -p bits=0,256}; {@code bits} is the Vector API width (0 = scalar; -1 = the JVM's default from
 * {@code jseek.vector.bits} or the CPU). No JIT flags are needed: the kernels are specialised per width by class
 * (see {@code io.jseek.tensor.Specializer}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class KernelBenchmark {
    @Param({"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"})
    public String type;

    @Param({"-1"})
    public int bits;

    @Param({"4096"})
    public int rows;

    @Param({"4096"})
    public int cols;

    @Param({"16"})
    public int tokens;

    private Arena arena;
    private FloatTensor matrix;
    private VectorWidth width;
    private float[] x;
    private float[] out;
    private float[] xs;
    private float[] outs;
    private Q8Activations q8;

    @Setup(Level.Trial)
    public void setUp() {
        GgmlType t = GgmlType.valueOf(type);
        long n = (long) rows * cols;
        arena = Arena.ofShared();
        MemorySegment seg = arena.allocate(t.byteSize(n), 64);
        SplittableRandom rnd = new SplittableRandom(1);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < cols; i++) {
                row[i] = (float) (rnd.nextGaussian() * 0.02);
            }
            long at = t.byteSize((long) r * cols);
            if (Quantizers.canQuantize(t)) {
                Quantizers.quantize(t, row, 0, cols, seg, at);
            } else {
                fillRandomBlocks(t, seg, at, cols, rnd);
            }
        }
        matrix = Tensors.of(t, seg, n);
        width = bits < 0 ? VectorWidth.DEFAULT : VectorWidth.of(bits);
        x = new float[cols];
        for (int i = 0; i < cols; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        out = new float[rows];
        xs = new float[tokens * cols];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) rnd.nextGaussian();
        }
        outs = new float[tokens * rows];
        if (matrix.hasInt8Kernel()) {
            q8 = new Q8Activations(t.blockSize() == 256 ? GgmlType.Q8_K : GgmlType.Q8_0);
        }
    }

    /** Random quant bytes for types jseek cannot quantize; the f16 scale fields are set to 2^-7 (finite). */
    private static void fillRandomBlocks(GgmlType t, MemorySegment seg, long at, int cols, SplittableRandom rnd) {
        byte[] bytes = new byte[(int) t.byteSize(cols)];
        rnd.nextBytes(bytes);
        int scaleAt = switch (t) {
            case Q2_K -> 80;
            case Q3_K -> 108;
            default -> 0;
        };
        for (int b = 0; b < cols / t.blockSize(); b++) {
            int o = b * t.typeSize() + scaleAt;
            bytes[o] = 0;
            bytes[o + 1] = 0x20;
            if (t != GgmlType.Q3_K) {
                bytes[o + 2] = 0;
                bytes[o + 3] = 0x20;
            }
        }
        MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, at, bytes.length);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public float[] matVec() {
        matrix.matVec(x, out, cols, 0, rows, width);
        return out;
    }

    /** The native int8 mat-vec, the activation's quantization included (it runs once per product). */
    @Benchmark
    public float[] int8MatVec() {
        requireInt8();
        q8.quantize(x, cols, 1, cols);
        matrix.matMul(q8, out, 0, rows, 0, rows);
        return out;
    }

    /** The native int8 mat-mul of {@code tokens} rows, quantization included. */
    @Benchmark
    public float[] int8MatMul() {
        requireInt8();
        q8.quantize(xs, cols, tokens, cols);
        matrix.matMul(q8, outs, 0, rows, 0, rows);
        return outs;
    }

    private void requireInt8() {
        if (q8 == null) {
            throw new IllegalStateException("no native int8 kernel for " + type + ": " + Kernels.describe());
        }
    }

    @Benchmark
    public float[] matMul() {
        matrix.matMul(xs, cols, outs, rows, tokens, cols, 0, rows, width);
        return outs;
    }
}
