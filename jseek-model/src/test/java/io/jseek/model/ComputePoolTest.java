package io.jseek.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jseek.model.ops.BatchMatMul;
import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Tensors;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ComputePoolTest {

    /**
     * Rows are computed by the same kernel whatever the split; the tolerance only covers the Vector API's interpreted
     * and compiled reductions, which may differ in the last bit while the kernel warms up.
     */
    @Test
    void matVecOnManyThreadsEqualsOneThread() {
        int rows = 300;
        int cols = 256;
        Random r = new Random(5);
        float[] w = new float[rows * cols];
        float[] x = new float[cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextFloat() - 0.5f;
        }
        for (int i = 0; i < cols; i++) {
            x[i] = r.nextFloat();
        }
        FloatTensor t = Tensors.of(GgmlType.F32, MemorySegment.ofArray(w), w.length);
        float[] one = new float[rows];
        float[] many = new float[rows];
        try (ComputePool p1 = new ComputePool(1); ComputePool p3 = new ComputePool(3)) {
            new BatchMatMul(p1).apply(t, x, cols, one, rows, 1, rows, cols);
            BatchMatMul many3 = new BatchMatMul(p3);
            for (int rep = 0; rep < 50; rep++) {
                java.util.Arrays.fill(many, 0f);
                many3.apply(t, x, cols, many, rows, 1, rows, cols);
                assertArrayEquals(one, many, 1e-6f);
            }
        }
    }

    @Test
    void forRangeCoversEveryIndexOnce() {
        AtomicIntegerArray seen = new AtomicIntegerArray(1000);
        try (ComputePool pool = new ComputePool(4)) {
            for (int rep = 0; rep < 20; rep++) {
                pool.forRange(1000, 7, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                    }
                });
            }
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(20, seen.get(i));
        }
    }

    @Test
    void failuresReachTheCaller() {
        try (ComputePool pool = new ComputePool(2)) {
            assertThrows(IllegalStateException.class, () -> pool.forRange(100, 1, (from, to) -> {
                if (from == 57) {
                    throw new ArithmeticException("boom");
                }
            }));
            int[] ok = new int[1];
            pool.forRange(10, 1, (from, to) -> {
                synchronized (ok) {
                    ok[0] += to - from;
                }
            });
            assertEquals(10, ok[0], "usable after a failure");
        }
    }
}
