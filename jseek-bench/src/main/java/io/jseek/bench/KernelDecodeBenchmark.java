package io.jseek.bench;

import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Tensors;
import io.jseek.tensor.VectorWidth;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Decode-shaped, memory-bound mat-vec throughput: one call applies {@code matrices} weight matrices of
 * {@code rows x cols} (together {@code mb} MB or more, far beyond the last-level cache, as the layers of a model are)
 * to one activation row, with the rows of each matrix split over {@code threads} platform threads that this
 * benchmark owns (the caller plus {@code threads - 1} workers; no common pool).
 *
 * <p>Weight bandwidth: {@code GB/s = bytes / (ms * 1e6)} with {@code bytes} printed at setup; compare with
 * {@link KernelBandwidthBenchmark#read} (the machine's single-thread read bandwidth) and with llama.cpp (1.5B Q4_0 at
 * ~29 tok/s on 2 threads reads ~26 GB/s). Weights are random quant bytes with finite f16 scales (speed does not
 * depend on the values).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar jseek-bench/target/benchmarks.jar KernelDecodeBenchmark
 * -p type=Q4_K,Q6_K -p threads=1,2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelDecodeBenchmark {
    @Param({"Q4_0", "Q8_0", "Q4_K", "Q6_K"})
    public String type;

    @Param({"1", "2"})
    public int threads;

    @Param({"4096"})
    public int rows;

    @Param({"4096"})
    public int cols;

    /** Minimum total weight size in MB; the matrix count is rounded up to reach it. */
    @Param({"256"})
    public int mb;

    @Param({"-1"})
    public int bits;

    private Arena arena;
    private FloatTensor[] matrices;
    private VectorWidth width;
    private float[] x;
    private float[][] outs;
    private ExecutorService workers;
    private Future<?>[] pending;

    @Setup(Level.Trial)
    public void setUp() {
        GgmlType t = GgmlType.valueOf(type);
        long n = (long) rows * cols;
        long bytes = t.byteSize(n);
        int count = (int) Math.max(1, ((long) mb << 20) / bytes + (((long) mb << 20) % bytes == 0 ? 0 : 1));
        arena = Arena.ofShared();
        MemorySegment row = randomRow(t, cols, new SplittableRandom(1));
        matrices = new FloatTensor[count];
        outs = new float[count][rows];
        for (int m = 0; m < count; m++) {
            MemorySegment seg = arena.allocate(bytes, 64);
            for (int r = 0; r < rows; r++) {
                MemorySegment.copy(row, 0, seg, r * row.byteSize(), row.byteSize());
            }
            matrices[m] = Tensors.of(t, seg, n);
        }
        width = bits < 0 ? VectorWidth.DEFAULT : VectorWidth.of(bits);
        SplittableRandom rnd = new SplittableRandom(2);
        x = new float[cols];
        for (int i = 0; i < cols; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        workers = Executors.newFixedThreadPool(Math.max(1, threads - 1), Thread.ofPlatform().daemon().factory());
        pending = new Future<?>[threads - 1];
        System.out.printf("%n%s: %d matrices of %dx%d, %.1f MB of weights per call (%s)%n", t, count, rows, cols,
                count * bytes / 1e6, width);
    }

    /** One row of random quant bytes whose f16 scale fields are finite. */
    private static MemorySegment randomRow(GgmlType t, int cols, SplittableRandom rnd) {
        byte[] b = new byte[(int) t.byteSize(cols)];
        rnd.nextBytes(b);
        MemorySegment seg = MemorySegment.ofArray(b);
        int[] fields = switch (t) {
            case Q4_K, Q5_K, Q4_1, Q5_1 -> new int[] {0, 2};
            case Q6_K -> new int[] {208};
            case Q2_K -> new int[] {80, 82};
            case Q3_K -> new int[] {108};
            default -> new int[] {0};
        };
        for (int blk = 0; blk < cols / t.blockSize(); blk++) {
            for (int f : fields) {
                seg.set(ValueLayout.JAVA_SHORT_UNALIGNED, (long) blk * t.typeSize() + f,
                        Float.floatToFloat16((float) (rnd.nextDouble() * 0.01)));
            }
        }
        return seg;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workers.shutdownNow();
        arena.close();
    }

    @Benchmark
    public float[][] decode() throws InterruptedException, ExecutionException {
        for (int w = 1; w < threads; w++) {
            int part = w;
            pending[w - 1] = workers.submit(() -> share(part));
        }
        share(0);
        for (Future<?> f : pending) {
            f.get();
        }
        return outs;
    }

    /** Rows {@code [part*rows/threads, (part+1)*rows/threads)} of every matrix. */
    private void share(int part) {
        int from = (int) ((long) part * rows / threads);
        int to = (int) ((long) (part + 1) * rows / threads);
        for (int m = 0; m < matrices.length; m++) {
            matrices[m].matVec(x, outs[m], cols, from, to, width);
        }
    }
}
