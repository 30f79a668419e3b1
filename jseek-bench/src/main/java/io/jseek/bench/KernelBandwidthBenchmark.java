package io.jseek.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * The machine's single-thread memory bandwidth, the ceiling for the mat-vecs of {@link KernelBenchmark}: a vector
 * read (sum) of an off-heap buffer much larger than the caches ({@code GB/s = mb * 1.048576 / ms}), and a copy
 * ({@code MemorySegment.copy}, which reads and writes each byte).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBandwidthBenchmark {
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;

    @Param({"256"})
    public int mb;

    private Arena arena;
    private MemorySegment src;
    private MemorySegment dst;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        src = arena.allocate((long) mb << 20, 64);
        dst = arena.allocate((long) mb << 20, 64);
        for (long i = 0; i < src.byteSize(); i += 8) {
            src.set(ValueLayout.JAVA_LONG, i, i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public long read() {
        LongVector acc = LongVector.zero(L);
        long step = L.vectorByteSize();
        for (long i = 0; i < src.byteSize(); i += step) {
            acc = acc.add(LongVector.fromMemorySegment(L, src, i, java.nio.ByteOrder.LITTLE_ENDIAN));
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    @Benchmark
    public MemorySegment copy() {
        MemorySegment.copy(src, 0, dst, 0, src.byteSize());
        return dst;
    }
}
