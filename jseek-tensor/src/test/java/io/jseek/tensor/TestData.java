package io.jseek.tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic test inputs: random but valid blocks of every type, and the committed golden files. */
final class TestData {
    /** Every type with kernels. */
    static final List<GgmlType> TYPES = List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0,
            GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q2_K, GgmlType.Q3_K,
            GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K);

    private TestData() {
    }

    /**
     * {@code elements} elements of {@code type} from random bytes (every bit pattern of the quants occurs), with the
     * f16 scale fields replaced by finite values of either sign so that no block is inf/NaN.
     */
    static MemorySegment randomBlocks(GgmlType type, long elements, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] bytes = new byte[Math.toIntExact(type.byteSize(elements))];
        rnd.nextBytes(bytes);
        MemorySegment seg = MemorySegment.ofArray(bytes);
        if (type == GgmlType.F32 || type == GgmlType.F16 || type == GgmlType.BF16) {
            float[] v = new float[(int) elements];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rnd.nextGaussian();
            }
            return MemorySegment.ofArray(Quantizers.quantize(type, v));
        }
        for (long b = 0; b < elements / type.blockSize(); b++) {
            for (int field : scaleFields(type)) {
                float scale = (float) ((rnd.nextDouble() - 0.25) * 0.01);
                Mem.putF16(seg, b * type.typeSize() + field, scale);
            }
        }
        return seg;
    }

    /** A {@code rows x cols} matrix of {@link #randomBlocks}. */
    static FloatTensor matrix(GgmlType type, int rows, int cols, long seed) {
        long n = (long) rows * cols;
        return Tensors.of(type, randomBlocks(type, n, seed), n);
    }

    private static int[] scaleFields(GgmlType type) {
        return switch (type) {
            case Q8_0, Q4_0, Q5_0 -> new int[] {0};
            case Q4_1, Q5_1, Q4_K, Q5_K -> new int[] {0, 2};
            case Q2_K -> new int[] {80, 82};
            case Q3_K -> new int[] {108};
            case Q6_K -> new int[] {208};
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    static float[] gaussian(int n, double sigma, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * sigma);
        }
        return v;
    }

    static byte[] golden(String name) {
        try (InputStream in = TestData.class.getResourceAsStream("/golden/quant/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + name + " (run tools/oracle/quant/regen.sh)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] goldenFloats(String name) {
        ByteBuffer bb = ByteBuffer.wrap(golden(name)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bb.remaining() / 4];
        bb.asFloatBuffer().get(out);
        return out;
    }

    /** {@code Σ |w_i x_i|}: the scale that dot-product error budgets are relative to. */
    static double absDot(FloatTensor t, long offset, float[] x, int xOffset, int n) {
        return doubleDot(t, offset, x, xOffset, n, true);
    }

    /** {@code Σ w_i x_i} in double over the dequantized weights: the exact value of the float kernels' target. */
    static double exactDot(FloatTensor t, long offset, float[] x, int xOffset, int n) {
        return doubleDot(t, offset, x, xOffset, n, false);
    }

    private static double doubleDot(FloatTensor t, long offset, float[] x, int xOffset, int n, boolean abs) {
        float[] w = new float[n];
        t.dequantize(offset, w, 0, n);
        double s = 0;
        for (int i = 0; i < n; i++) {
            double p = (double) w[i] * x[xOffset + i];
            s += abs ? Math.abs(p) : p;
        }
        return s;
    }
}
