package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The vector kernels of one weight format at one width (a {@link Specializer} copy): the fused dot product that
 * mat-vecs use, and block decoding to floats that mat-muls use. Offsets and lengths are in elements and
 * block-aligned; callers have checked all bounds.
 *
 * <p>Formats whose weights carry a per-group additive term ({@link #usesSums}) split their dots with the
 * {@link ActivationSums} of {@code x}; a mat-vec computes those once for all its rows. The plain {@link #dot}
 * computes them itself, so both give the same bits.
 */
interface RowKernel {
    /** {@code Σ w[offset + i] * x[xOffset + i]} for {@code i < n}. */
    float dot(MemorySegment data, long offset, float[] x, int xOffset, int n);

    /**
     * As {@link #dot(MemorySegment, long, float[], int, int)}, given {@code sums[sumOffset + g]}, the
     * {@link ActivationSums} of {@code x[xOffset ..]}; used only where {@link #usesSums} holds.
     */
    default float dot(MemorySegment data, long offset, float[] x, int xOffset, int n, float[] sums, int sumOffset) {
        return dot(data, offset, x, xOffset, n);
    }

    /** Whether {@link #dot(MemorySegment, long, float[], int, int, float[], int)} reads the activation sums. */
    default boolean usesSums() {
        return false;
    }

    /** {@code out[outOffset + i] = w[offset + i]} for {@code i < n}. */
    void decode(MemorySegment data, long offset, float[] out, int outOffset, int n);

    /**
     * {@code out[outOffset + c] += coef[coefOffset + r] * w[offset + r * cols + c]} for {@code c < cols}, row after
     * row for {@code r < rows}: each product rounded to float, then added (no FMA), so every width gives the bits of
     * the scalar loop over the dequantized rows. This default decodes each row into {@code scratch} (at least
     * {@code cols} floats) first; a format may fuse the decode into the sum.
     */
    default void accumulate(MemorySegment data, long offset, int rows, int cols, float[] coef, int coefOffset,
                            float[] out, int outOffset, float[] scratch) {
        for (int r = 0; r < rows; r++) {
            decode(data, offset + (long) r * cols, scratch, 0, cols);
            FloatTensor.addScaled(coef[coefOffset + r], scratch, out, outOffset, cols);
        }
    }
}
