package io.jseek.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AttentionKernel} at every width (the scalar twin included) against double-precision sums, and the property
 * the attention tiles rely on: a score or an output column has the same bits however queries and keys are grouped
 * into calls.
 *
 * <p>Error budget: each result is a float sum of {@code n} products in an order of the kernel's own, so
 * {@code |got - exact| <= 2e-6 * Σ |terms|}: about ten times the largest error measured on these data (1.7e-7 for the
 * scalar loops, 1.8e-7 for the vector widths), far under the worst-case float bound {@code n · 2^-24} (3.4e-5 for
 * the 576 of an MLA latent). Shapes: head
 * widths of a GQA head (128), an MLA latent (576 keys, 512 values) and one with a tail past the last 512-bit vector
 * (72); 7 queries and 10 keys leave partial groups of the register tiles; rows sit {@code stride} floats apart.
 *
 * <p>Softmax: the exp is within {@value #EXP_ULPS} ulp of {@code Math.exp} on {@code [-87, 0]} (measured: 1), the
 * weights within {@value #SOFTMAX_BUDGET} relative of a double-precision softmax (plus the rounding of the shifted
 * score to float), and every vector width gives the
 * scalar twin's bits, in every JIT tier (the same row, softmaxed again while the kernel compiles, keeps its bits).
 */
class AttentionKernelTest {
    static final double BUDGET = 2e-6;
    static final int QUERIES = 7;
    static final int KEYS = 10;
    static final int EXP_ULPS = 2;
    static final double SOFTMAX_BUDGET = 5e-7;
    /** Row lengths: under one vector, whole vectors, a tail, and a decode step's context. */
    static final int[] LENGTHS = {1, 7, 16, 37, 1027};

    static Stream<Arguments> widthsAndDims() {
        return Stream.of(0, 128, 256, 512).flatMap(b -> Stream.of(Arguments.of(b, 128, 128),
                Arguments.of(b, 576, 512), Arguments.of(b, 72, 72)));
    }

    @ParameterizedTest(name = "{0} bits, d {1}/{2}")
    @MethodSource("widthsAndDims")
    void scoresAreDotsTimesScale(int bits, int d, int dv) {
        AttentionKernel kernel = AttentionKernel.of(VectorWidth.of(bits));
        int kStride = d + 9;
        int sStride = KEYS + 3;
        float[] q = TestData.gaussian(3 + QUERIES * d, 1.0, 1);
        float[] k = TestData.gaussian(5 + KEYS * kStride, 1.0, 2);
        float scale = 0.088f;
        float[] s = new float[QUERIES * sStride];
        kernel.scores(q, 3, QUERIES, k, 5, kStride, KEYS, d, scale, s, 0, sStride);
        for (int i = 0; i < QUERIES; i++) {
            for (int j = 0; j < KEYS; j++) {
                double exact = 0;
                double abs = 0;
                for (int c = 0; c < d; c++) {
                    double term = (double) q[3 + i * d + c] * k[5 + j * kStride + c] * scale;
                    exact += term;
                    abs += Math.abs(term);
                }
                float got = s[i * sStride + j];
                double err = Math.abs(got - exact);
                assertTrue(err <= BUDGET * abs, "score " + i + "," + j + ": " + got + " vs " + exact);
            }
        }
        float[] split = new float[QUERIES * sStride];
        for (int i = 0; i < QUERIES; i++) { // one query and a few keys per call: same bits
            for (int j0 = 0; j0 < KEYS; j0 += 3) {
                kernel.scores(q, 3 + i * d, 1, k, 5 + j0 * kStride, kStride, Math.min(3, KEYS - j0), d, scale, split,
                        i * sStride + j0, sStride);
            }
        }
        assertArrayEquals(s, split);
    }

    @ParameterizedTest(name = "{0} bits, d {1}/{2}")
    @MethodSource("widthsAndDims")
    void accumulateAddsWeightedValues(int bits, int d, int dv) {
        AttentionKernel kernel = AttentionKernel.of(VectorWidth.of(bits));
        int vStride = dv + 7;
        int pStride = KEYS + 2;
        float[] p = TestData.gaussian(QUERIES * pStride, 0.3, 3);
        float[] v = TestData.gaussian(4 + KEYS * vStride, 1.0, 4);
        float[] start = TestData.gaussian(QUERIES * dv, 1.0, 5);
        float[] out = start.clone();
        kernel.accumulate(p, 0, pStride, QUERIES, v, 4, vStride, KEYS, dv, out, 0);
        for (int i = 0; i < QUERIES; i++) {
            for (int c = 0; c < dv; c++) {
                double exact = start[i * dv + c];
                double abs = Math.abs(exact);
                for (int j = 0; j < KEYS; j++) {
                    double term = (double) p[i * pStride + j] * v[4 + j * vStride + c];
                    exact += term;
                    abs += Math.abs(term);
                }
                float got = out[i * dv + c];
                assertTrue(Math.abs(got - exact) <= BUDGET * abs, "out " + i + "," + c + ": " + got + " vs " + exact);
            }
        }
        float[] split = start.clone();
        for (int j0 = 0; j0 < KEYS; j0 += 4) { // keys in chunks, queries one by one after the first two: same bits
            int n = Math.min(4, KEYS - j0);
            kernel.accumulate(p, j0, pStride, 2, v, 4 + j0 * vStride, vStride, n, dv, split, 0);
            for (int i = 2; i < QUERIES; i++) {
                kernel.accumulate(p, i * pStride + j0, pStride, 1, v, 4 + j0 * vStride, vStride, n, dv, split, i * dv);
            }
        }
        assertArrayEquals(out, split);
    }

    @Test
    void expIsWithinTwoUlpOfMathExp() {
        int worst = 0;
        for (float x = 0f; x >= SoftmaxExp.CUTOFF; x -= 1.3e-4f) {
            float exact = (float) Math.exp(x);
            int ulps = Math.abs(Float.floatToIntBits(SoftmaxExp.exp(x)) - Float.floatToIntBits(exact));
            worst = Math.max(worst, ulps);
        }
        assertTrue(worst <= EXP_ULPS, "exp off by " + worst + " ulp");
        assertEquals(1f, SoftmaxExp.exp(0f));
        assertEquals(1f, SoftmaxExp.exp(-0f));
        assertEquals(0f, SoftmaxExp.exp(-87.5f));
        assertEquals(0f, SoftmaxExp.exp(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(SoftmaxExp.exp(Float.NaN)));
    }

    @ParameterizedTest(name = "{0} bits")
    @MethodSource("widths")
    void softmaxIsExactOnWeightsAndTheTwinsBits(int bits) {
        AttentionKernel kernel = AttentionKernel.of(VectorWidth.of(bits));
        AttentionKernel twin = AttentionKernel.of(VectorWidth.SCALAR);
        for (int n : LENGTHS) {
            float[] x = scores(n + 5, n);
            float[] ref = x.clone();
            kernel.softmax(x, 5, n);
            twin.softmax(ref, 5, n);
            assertArrayEquals(ref, x, "n " + n);
            float[] src = scores(n + 5, n);
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, src[5 + i]);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Math.exp(src[5 + i] - max);
            }
            for (int i = 0; i < n; i++) {
                double shifted = src[5 + i] - max;
                double exact = Math.exp(shifted) / sum;
                // the kernel shifts in float: half an ulp of the shifted score is that much relative error
                double budget = SOFTMAX_BUDGET + 0.5 * Math.ulp((float) shifted);
                assertTrue(Math.abs(x[5 + i] - exact) <= budget * exact + 1e-37,
                        "n " + n + " weight " + i + ": " + x[5 + i] + " vs " + exact);
            }
        }
    }

    @ParameterizedTest(name = "{0} bits")
    @MethodSource("widths")
    void softmaxKeepsItsBitsWhileCompiled(int bits) {
        AttentionKernel kernel = AttentionKernel.of(VectorWidth.of(bits));
        float[] src = scores(37, 37);
        float[] first = src.clone();
        kernel.softmax(first, 0, 37);
        float[] x = new float[37];
        for (int round = 0; round < 30_000; round++) {
            System.arraycopy(src, 0, x, 0, 37);
            kernel.softmax(x, 0, 37);
            if (round % 1000 == 0) {
                assertArrayEquals(first, x, "round " + round);
            }
        }
        assertArrayEquals(first, x);
    }

    static Stream<Integer> widths() {
        return Stream.of(128, 256, 512);
    }

    /** Scores of {@code n} floats from {@code length - n}: spread as a long context's, some far below the maximum. */
    private static float[] scores(int length, int n) {
        float[] x = TestData.gaussian(length, 6.0, 6 + n);
        for (int i = length - n; i < length; i += 11) {
            x[i] -= 120f;
        }
        return x;
    }
}
