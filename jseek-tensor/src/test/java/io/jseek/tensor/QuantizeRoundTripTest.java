package io.jseek.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * quantize → dequantize error per type, consistency of getFloat/dequantize/dot, and edge cases.
 *
 * <p>Round-trip bounds, per block, with {@code amax} the block's largest |x| and {@code range = max - min}:
 * Q8_0 amax/200 (half a step of amax/127, plus f16 scale rounding); Q4_0 amax/8 (the -max end clamps to level 15:
 * one full step); Q5_0 amax/16; Q4_1 range/30 and Q5_1 range/62 (half a step) plus |min|/1024 (f16 min);
 * Q4_K range/15 over the 256-block (half a step plus 6-bit scale/min rounding); Q6_K amax/40 (half a step of
 * amax_g/32 plus 8-bit scale rounding); F16 and BF16 relative 2^-11 and 2^-8; plus the f16 floor of
 * {@link #f16Levels}.
 */
class QuantizeRoundTripTest {
    static final int N = 4096;

    static java.util.List<GgmlType> types() {
        return TestData.TYPES;
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1",
            "Q4_K", "Q6_K"})
    void roundTripWithinBound(GgmlType type) {
        for (float[] x : inputs()) {
            FloatTensor t = Tensors.of(type, MemorySegment.ofArray(Quantizers.quantize(type, x)), x.length);
            float[] y = new float[x.length];
            t.dequantize(0, y, 0, x.length);
            int qk = type.blockSize() == 1 ? 32 : type.blockSize();
            for (int b = 0; b < x.length / qk; b++) {
                double bound = bound(type, x, b * qk, qk);
                for (int j = b * qk; j < (b + 1) * qk; j++) {
                    int i = j;
                    assertTrue(Math.abs(x[i] - y[i]) <= bound,
                            () -> type + " element " + i + ": " + x[i] + " -> " + y[i] + " bound " + bound);
                }
            }
        }
    }

    private static float[][] inputs() {
        float[] mixed = TestData.gaussian(N, 0.02, 11);
        for (int i = 0; i < N; i += 97) {
            mixed[i] *= 50;
        }
        float[] negative = TestData.gaussian(N, 1.0, 12);
        for (int i = 0; i < N; i++) {
            negative[i] = -Math.abs(negative[i]) - 0.5f;
        }
        float[] zeros = new float[N];
        float[] tiny = TestData.gaussian(N, 1e-6, 13);
        return new float[][] {TestData.gaussian(N, 1.0, 10), mixed, negative, zeros, tiny};
    }

    private static double bound(GgmlType type, float[] x, int from, int n) {
        float amax = 0f;
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = from; i < from + n; i++) {
            amax = Math.max(amax, Math.abs(x[i]));
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
        }
        double range = max - min;
        return f16Levels(type) * 0x1p-25 + switch (type) {
            case F32 -> 0;
            case F16 -> amax * 0x1p-11;
            case BF16 -> amax * 0x1p-8;
            case Q8_0 -> amax / 200;
            case Q4_0 -> amax / 8 * 1.01;
            case Q5_0 -> amax / 16 * 1.01;
            case Q4_1 -> range / 30 * 1.01 + Math.abs(min) / 1024;
            case Q5_1 -> range / 62 * 1.01 + Math.abs(min) / 1024;
            case Q4_K -> Math.max(range, amax) / 15;
            case Q6_K -> amax / 40;
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    /**
     * Scales are stored as f16, whose absolute precision near zero is 2^-25 (half a subnormal step); this many
     * quantization levels multiply that rounding. It only matters for tiny inputs (the ~1e-6 case).
     */
    private static int f16Levels(GgmlType type) {
        return switch (type) {
            case F32 -> 0;
            case F16 -> 1;
            case BF16 -> 0;
            case Q4_0 -> 8;
            case Q4_1, Q5_0 -> 16;
            case Q5_1 -> 32;
            case Q8_0 -> 128;
            case Q4_K -> 1024;
            case Q6_K -> 4096;
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    @ParameterizedTest
    @MethodSource("types")
    void getFloatAndUnalignedDequantizeAgreeWithBlocks(GgmlType type) {
        int n = 1024;
        FloatTensor t = Tensors.of(type, TestData.randomBlocks(type, n, 99), n);
        float[] all = new float[n];
        t.dequantize(0, all, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(all[i]), Float.floatToRawIntBits(t.getFloat(i)), type + " " + i);
        }
        float[] part = new float[n];
        t.dequantize(37, part, 3, 700);
        for (int i = 0; i < 700; i++) {
            assertEquals(all[37 + i], part[3 + i], type + " " + i);
        }
    }

    /** The scalar dot is Σ dequantized(w_i) x_i up to float rounding: 1e-5 Σ|w_i x_i| (n = 1024). */
    @ParameterizedTest
    @MethodSource("types")
    void scalarDotIsDequantizedDot(GgmlType type) {
        int n = 1024;
        FloatTensor t = Tensors.of(type, TestData.randomBlocks(type, 2L * n, 5), 2L * n);
        float[] x = TestData.gaussian(n, 1.0, 6);
        double exact = TestData.exactDot(t, n, x, 0, n);
        assertEquals(exact, t.dotScalar(n, x, 0, n), 1e-5 * TestData.absDot(t, n, x, 0, n));
    }

    @Test
    void f16EdgeValues() {
        short[] halves = {0x0001, (short) 0x8001, 0x03FF, 0x0400, (short) 0x8000, 0x7BFF, 0x3C00, (short) 0xC000};
        float[] expected = {0x1p-24f, -0x1p-24f, 1023 * 0x1p-24f, 0x1p-14f, -0f, 65504f, 1f, -2f};
        MemorySegment seg = MemorySegment.ofArray(halves);
        FloatTensor t = Tensors.of(GgmlType.F16, seg, halves.length);
        for (int i = 0; i < halves.length; i++) {
            assertEquals(expected[i], t.getFloat(i), "half " + Integer.toHexString(halves[i] & 0xFFFF));
        }
        for (int bits : new int[] {128, 256, 512}) {
            for (int i = 0; i < halves.length; i++) {
                float[] oneHot = new float[halves.length];
                oneHot[i] = 1f;
                assertEquals(expected[i] + 0f, t.dot(0, oneHot, 0, halves.length, VectorWidth.of(bits)), bits + " " + i);
            }
        }
    }

    @Test
    void f16InfinityAndNaNSurviveTheVectorPath() {
        float[] ones = new float[16];
        java.util.Arrays.fill(ones, 1f);
        short[] special = {0x7C00, (short) 0xFC00, 0x7E00};
        float[] expected = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        for (int k = 0; k < special.length; k++) {
            short[] halves = new short[16];
            halves[5] = special[k];
            FloatTensor t = Tensors.of(GgmlType.F16, MemorySegment.ofArray(halves), halves.length);
            assertEquals(expected[k], t.getFloat(5));
            for (int bits : new int[] {128, 256, 512}) {
                assertEquals(expected[k], t.dot(0, ones, 0, 16, VectorWidth.of(bits)), bits + " " + k);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q6_K"})
    void zeroBlocksHaveZeroScaleAndDequantizeToZero(GgmlType type) {
        float[] x = new float[256];
        FloatTensor t = Tensors.of(type, MemorySegment.ofArray(Quantizers.quantize(type, x)), x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(0f, Math.abs(t.getFloat(i)));
        }
        assertEquals(0f, t.dot(0, TestData.gaussian(256, 1, 1), 0, 256));
    }
}
