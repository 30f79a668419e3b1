package io.jseek.tensor;

/** The float micro-kernel of the mat-muls at one width (a {@link Specializer} copy of {@link F32TileKernel}). */
interface TileKernel {
    /**
     * For rows {@code i < rows} (at most {@link F32TileKernel#ROWS}) of the decoded weights {@code w} (row {@code i}
     * at {@code w[i * k]}, {@code k} columns) and tokens {@code t < tokens} (token {@code t} at
     * {@code x[xOffset + t * xStride]}): their dot product over these {@code k} columns, one chunk of a row. The
     * vector accumulators carry over from chunk to chunk in {@code partial} (token {@code t}, row {@code i} at
     * {@code (t * ROWS + i) * 16}): read unless {@code first}, written unless {@code last} (null where both hold:
     * then tokens go two at a time); the last chunk sums their lanes in a fixed order into
     * {@code out[outOffset + t * outStride + i]}. One lane sum per row and token, not one per chunk.
     */
    void apply(float[] w, int rows, int k, float[] x, int xOffset, int xStride, int tokens,
               float[] out, int outOffset, int outStride, float[] partial, boolean first, boolean last);
}
