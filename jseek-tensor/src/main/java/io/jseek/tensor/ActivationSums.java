package io.jseek.tensor;

import java.util.Objects;

/**
 * Sums of an activation row over consecutive groups of {@value #GROUP} elements.
 *
 * <p>Why: a quantized weight is often {@code a*q + b} with {@code b} shared by a group (the mins of Q4_K and
 * Q4_1), and {@code Σ (a*q + b) x = a Σ q x + b Σ x}. Kernels that split a dot this way need
 * {@code Σ x} per group; computed once per activation and shared by every row of a mat-vec (and every worker that
 * splits its rows), the {@code b} term costs a few scalar operations per block instead of vector work per element.
 *
 * <p>Each group is summed as four interleaved partial sums (not one latency chain) in a fixed order, so the sums,
 * and the dots built on them, are the same whichever width or thread computes them.
 */
public final class ActivationSums {
    /** Elements per sum: a divisor of every block size that kernels split this way. */
    public static final int GROUP = 32;

    private ActivationSums() {
    }

    /** The sums of {@code x[offset .. offset + n)}; {@code n} is a multiple of {@link #GROUP}. */
    public static float[] of(float[] x, int offset, int n) {
        float[] out = new float[n / GROUP];
        compute(x, offset, n, out, 0);
        return out;
    }

    /** {@code out[outOffset + g] = Σ x[offset + GROUP*g + i]} for {@code i < GROUP}, {@code g < n / GROUP}. */
    public static void compute(float[] x, int offset, int n, float[] out, int outOffset) {
        if (n % GROUP != 0) {
            throw new IllegalArgumentException("n " + n + " is not a multiple of " + GROUP);
        }
        Objects.checkFromIndexSize(offset, n, x.length);
        Objects.checkFromIndexSize(outOffset, n / GROUP, out.length);
        for (int g = 0; g < n / GROUP; g++) {
            int i = offset + GROUP * g;
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int j = i; j < i + GROUP; j += 4) {
                s0 += x[j];
                s1 += x[j + 1];
                s2 += x[j + 2];
                s3 += x[j + 3];
            }
            out[outOffset + g] = (s0 + s1) + (s2 + s3);
        }
    }
}
