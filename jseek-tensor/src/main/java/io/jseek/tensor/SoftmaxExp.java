package io.jseek.tensor;

/**
 * The scalar half of the attention softmax ({@link AttentionKernel#softmax}): its exp, a polynomial that
 * {@link F32SoftmaxKernel} evaluates lane by lane with the same operations, and the sum of the weights, so that the
 * scalar and vector widths give the same bits.
 *
 * <p>Why not {@link Math#exp}: it has no vector form, and one call per score was a quarter of a decode step's
 * attention at a 1,024-token context. A vector {@code exp} from a library could round differently in each JIT tier;
 * this one is built from float adds, fused multiply-adds and integer shifts only, which are exact IEEE operations in
 * every tier. Method: {@code exp(x) = 2^n · e^r} with {@code n = round(x · log2 e)} (rounded by adding
 * {@code 1.5 · 2^23}), {@code r = x - n · ln 2} in two parts (Cody-Waite), and {@code e^r} by its Taylor polynomial of
 * degree 7 in Horner form ({@code |r| <= ln 2 / 2}: truncation under {@code 5e-9} relative). Measured against
 * {@code Math.exp} on {@code [-87, 0]}: within 2 ulp (the test's bound). Inputs below {@value #CUTOFF} (where
 * {@code 2^n} would leave the normal range) give 0, which is under {@code 1.7e-38} from the exact value.
 * Defined for {@code x <= 0}, what the softmax feeds it (scores minus their maximum).
 */
final class SoftmaxExp {
    static final float LOG2E = 1.44269504f;
    /** {@code 1.5 · 2^23}: adding it rounds a float of magnitude under {@code 2^22} to an integer in its low bits. */
    static final float ROUND = 12582912f;
    static final float LN2_HI = 0.693145752f;
    static final float LN2_LO = 1.42860677e-6f;
    static final float CUTOFF = -87f;
    static final float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720, C7 = 1f / 5040;

    private SoftmaxExp() {
    }

    /** {@code e^x} for {@code x <= 0}, as every lane of {@link F32SoftmaxKernel} computes it. */
    static float exp(float x) {
        if (x < CUTOFF) {
            return 0f;
        }
        float t = Math.fma(x, LOG2E, ROUND);
        float n = t - ROUND;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(C7, r, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        // t's bits are ROUND's plus n; shifted into the exponent field, ROUND's own bits fall off the top
        return p * Float.intBitsToFloat((Float.floatToRawIntBits(t) + 127) << 23);
    }

    /**
     * The sum of {@code x[offset .. offset + n)} in double, as four running sums (element {@code i} into sum
     * {@code i mod 4}, so the adds do not wait on each other) added as {@code (s0 + s1) + (s2 + s3)}.
     */
    static double sum(float[] x, int offset, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[offset + i];
            s1 += x[offset + i + 1];
            s2 += x[offset + i + 2];
            s3 += x[offset + i + 3];
        }
        for (; i < n; i++) {
            switch (i & 3) {
                case 0 -> s0 += x[offset + i];
                case 1 -> s1 += x[offset + i];
                default -> s2 += x[offset + i];
            }
        }
        return (s0 + s1) + (s2 + s3);
    }
}
