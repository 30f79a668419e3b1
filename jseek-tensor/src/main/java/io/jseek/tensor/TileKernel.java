package io.jseek.tensor;

/** The float micro-kernel of the mat-muls at one width (a {@link Specializer} copy of {@link F32TileKernel}). */
interface TileKernel {
    /**
     * For rows {@code i < rows} (at most {@link F32TileKernel#ROWS}) of the decoded weights {@code w} (row {@code i}
     * at {@code w[i * k]}, {@code k} columns) and tokens {@code t < tokens} (token {@code t} at
     * {@code x[xOffset + t * xStride]}): {@code out[outOffset + t * outStride + i]} is set to, or with {@code add}
     * increased by, their dot product.
     */
    void apply(float[] w, int rows, int k, float[] x, int xOffset, int xStride, int tokens,
               float[] out, int outOffset, int outStride, boolean add);
}
