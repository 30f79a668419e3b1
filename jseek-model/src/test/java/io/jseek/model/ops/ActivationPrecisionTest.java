package io.jseek.model.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Q8Activations;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ActivationPrecision} rounds activations as llama.cpp's x86 CPU backend does (../shared/docs/cpu-kernels.md
 * §1, ../shared/docs/deepseek-spec.md §1.6): checked on hand-worked blocks (ties, signs, all-zero blocks, overflow)
 * and on random rows against {@link GgmlRounding}, a plain scalar statement of ggml's rules written for this test.
 * The suite runs in the default {@code llama.cpp} mode.
 */
class ActivationPrecisionTest {
    private static final int COLS = 1024;

    @Test
    void eachWeightTypeRoundsToItsGgmlDotType() {
        assertEquals(GgmlType.F32, ActivationPrecision.dotType(GgmlType.F32));
        assertEquals(GgmlType.F16, ActivationPrecision.dotType(GgmlType.F16));
        assertEquals(GgmlType.BF16, ActivationPrecision.dotType(GgmlType.BF16));
        for (GgmlType t : new GgmlType[] {GgmlType.Q4_0, GgmlType.Q5_0, GgmlType.Q8_0}) {
            assertEquals(GgmlType.Q8_0, ActivationPrecision.dotType(t), t.toString());
        }
        for (GgmlType t : new GgmlType[] {GgmlType.Q4_1, GgmlType.Q5_1}) {
            assertEquals(GgmlType.Q8_1, ActivationPrecision.dotType(t), t.toString());
        }
        for (GgmlType t : new GgmlType[] {GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K}) {
            assertEquals(GgmlType.Q8_K, ActivationPrecision.dotType(t), t.toString());
        }
    }

    @Test
    void f32WeightsLeaveTheRowAlone() {
        float[] x = {0.1f, -3.3f};
        assertTrue(ActivationPrecision.matchesLlamaCpp());
        assertSame(x, ActivationPrecision.round(GgmlType.F32, x, 2, new float[2]));
        assertTrue(ActivationPrecision.rounds(GgmlType.Q4_0));
    }

    /** amax 127 makes the multiplier 127/amax exactly 1: the halves are ties, and they go to the even integer. */
    @Test
    void q8_0RoundsHalfToEvenWithTheF16Scale() {
        float[] x = new float[32];
        float[] in = {127f, 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 126.5f, -3.25f};
        System.arraycopy(in, 0, x, 0, in.length);
        ActivationPrecision.roundInPlace(GgmlType.Q4_0, x, 0, 32);
        assertArrayEquals(new float[] {127f, 0f, 2f, 2f, 0f, -2f, 126f, -3f}, Arrays.copyOf(x, 8), 0f);
        // amax 10: d = f16(10/127) = 0.0787353515625, q = rint(x * 127/10)
        float[] y = new float[32];
        y[0] = 10f;
        y[1] = 1f; // 12.7 -> 13
        y[2] = -0.5f; // -6.35 -> -6
        ActivationPrecision.roundInPlace(GgmlType.Q8_0, y, 0, 32);
        float d = 0.0787353515625f;
        assertArrayEquals(new float[] {127 * d, 13 * d, -6 * d, 0f}, Arrays.copyOf(y, 4), 0f);
    }

    /** Q4_1/Q5_1 weights take Q8_1 activations: the same values as Q8_0 (only its block sum differs). */
    @Test
    void q8_1GivesTheQ8_0Values() {
        float[] x = randomRow(7, COLS);
        float[] a = ActivationPrecision.round(GgmlType.Q4_1, x, COLS, new float[COLS]);
        float[] b = ActivationPrecision.round(GgmlType.Q8_0, x, COLS, new float[COLS]);
        assertArrayEquals(b, a, 0f);
    }

    /**
     * Q8_K scales by -127 over the signed value of largest magnitude, the first one where two have it: with -254
     * first the scale is 1/2 and d = 2; with 254 first, -1/2 and d = -2. Either way, halves round to even.
     */
    @Test
    void q8KScalesByTheFirstSignedMaximum() {
        for (float first : new float[] {-254f, 254f}) {
            float[] x = new float[256];
            x[0] = first;
            x[1] = -first;
            x[2] = 1f; // +-0.5 -> 0
            x[3] = 3f; // +-1.5 -> +-2
            x[4] = 5f; // +-2.5 -> +-2
            x[5] = -7f; // -+3.5 -> -+4
            ActivationPrecision.roundInPlace(GgmlType.Q6_K, x, 0, 256);
            assertArrayEquals(new float[] {first, -first, 0f, 4f, 4f, -8f}, Arrays.copyOf(x, 6), 0f, "first " + first);
        }
        float[] x = new float[256];
        x[0] = 1f;
        x[1] = 0.5f; // -63.5 -> -64, d = 1/-127 in f32
        ActivationPrecision.roundInPlace(GgmlType.Q4_K, x, 0, 256);
        assertEquals(-64 * (1f / (-127f / 1f)), x[1], 0f);
    }

    @Test
    void allZeroBlocksStayZero() {
        float[] x = randomRow(3, COLS);
        Arrays.fill(x, 256, 512, 0f);
        ActivationPrecision.roundInPlace(GgmlType.Q4_K, x, 0, COLS);
        ActivationPrecision.roundInPlace(GgmlType.Q8_0, x, 0, COLS);
        for (int i = 256; i < 512; i++) {
            assertEquals(0f, x[i], 0f, "element " + i);
        }
    }

    @Test
    void halfPrecisionRoundsToNearestEven() {
        float ulp16 = 0x1p-10f;
        float ulpBf16 = 0x1p-7f;
        float[] f16 = {1f + ulp16 / 2, 1f + 1.5f * ulp16, 65520f, -65519f};
        ActivationPrecision.roundInPlace(GgmlType.F16, f16, 0, f16.length);
        assertArrayEquals(new float[] {1f, 1f + 2 * ulp16, Float.POSITIVE_INFINITY, -65504f}, f16, 0f);
        float[] bf16 = {1f + ulpBf16 / 2, 1f + 1.5f * ulpBf16, Float.NaN, -3f};
        ActivationPrecision.roundInPlace(GgmlType.BF16, bf16, 0, bf16.length);
        assertArrayEquals(new float[] {1f, 1f + 2 * ulpBf16, Float.NaN, -3f}, bf16, 0f);
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F16", "BF16", "Q4_0", "Q5_0", "Q8_0", "Q4_1", "Q4_K", "Q6_K"})
    void randomRowsRoundAsGgml(GgmlType weights) {
        int tokens = 3;
        float[] x = randomRow(weights.id(), tokens * COLS);
        float[] ours = ActivationPrecision.roundRows(weights, x, COLS, tokens, COLS, new float[x.length]);
        float[] ggml = x.clone();
        for (int t = 0; t < tokens; t++) {
            GgmlRounding.round(ActivationPrecision.dotType(weights), ggml, t * COLS, COLS);
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(ggml[i], ours[i], 0f, weights + " element " + i + " of " + x[i]);
        }
    }

    /** The Java kernels' rounding gives the numbers the native kernels' int8 blocks hold. */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q4_0", "Q8_0", "Q4_K", "Q6_K"})
    void int8BlocksDequantizeToTheRoundedActivations(GgmlType weights) {
        int tokens = 3;
        float[] x = randomRow(weights.id() + 100, tokens * COLS);
        Q8Activations q8 = new Q8Activations(ActivationPrecision.dotType(weights));
        q8.quantize(x, COLS, tokens, COLS);
        float[] rounded = ActivationPrecision.roundRows(weights, x, COLS, tokens, COLS, new float[x.length]);
        for (int t = 0; t < tokens; t++) {
            for (int i = 0; i < COLS; i++) {
                assertEquals(Float.floatToRawIntBits(q8.get(t, i)), Float.floatToRawIntBits(rounded[t * COLS + i]),
                        weights + " token " + t + " element " + i);
            }
        }
    }

    @Test
    void theModeIsLlamaCppOrF32AndNothingElse() {
        assertEquals(ActivationPrecision.Mode.LLAMA_CPP, ActivationPrecision.parse("llama.cpp"));
        assertEquals(ActivationPrecision.Mode.F32, ActivationPrecision.parse("F32"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActivationPrecision.parse("int4"));
        assertTrue(e.getMessage().contains("jseek.activations"), e.getMessage());
    }

    /**
     * Log-normal magnitudes (blocks with one large value and many small ones), exact ties (the first 256 values of
     * the row: halves with largest magnitude 127) and an all-zero block.
     */
    private static float[] randomRow(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextGaussian() * Math.exp(rnd.nextGaussian()));
        }
        for (int i = 0; i < 256; i++) {
            x[i] = i == 0 ? 127f : (rnd.nextInt(253) - 126) + 0.5f;
        }
        if (n >= 768) {
            Arrays.fill(x, 512, 768, 0f);
        }
        return x;
    }
}
