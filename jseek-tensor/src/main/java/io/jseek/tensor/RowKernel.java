package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The vector kernels of one weight format at one width (a {@link Specializer} copy): the fused dot product that
 * mat-vecs use, and block decoding to floats that mat-muls use. Offsets and lengths are in elements and
 * block-aligned; callers have checked all bounds.
 */
interface RowKernel {
    /** {@code Σ w[offset + i] * x[xOffset + i]} for {@code i < n}. */
    float dot(MemorySegment data, long offset, float[] x, int xOffset, int n);

    /** {@code out[outOffset + i] = w[offset + i]} for {@code i < n}. */
    void decode(MemorySegment data, long offset, float[] out, int outOffset, int n);
}
