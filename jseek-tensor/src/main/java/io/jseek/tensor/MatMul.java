package io.jseek.tensor;

/**
 * The batched mat-vec behind {@link FloatTensor#matMul}: weights are decoded to floats once per call and applied to
 * every token.
 *
 * <p>Blocking: {@link F32TileKernel#ROWS} rows at a time, {@value #CHUNK} columns at a time, are decoded into a small
 * buffer (16 KB, L1-resident, one per thread), and the {@link TileKernel} then runs that buffer against all tokens,
 * two at a time, so each decoded weight vector feeds two FMAs and each activation vector four. The activation
 * chunk of all tokens ({@code tokens * 4 KB}) stays in L2 across row groups. One token takes the fused mat-vec
 * instead (nothing to amortise the decode over), and so does the scalar width, which is the per-token reference.
 */
final class MatMul {
    /** Columns decoded per step: a multiple of every block size (32, 256). */
    static final int CHUNK = 1024;

    /** The decoded-weights buffer, one per thread: a call must not allocate (it runs once per matrix per step). */
    private static final ThreadLocal<float[]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[F32TileKernel.ROWS * CHUNK]);
    /** The tile kernel's vector accumulators between chunks, one per thread, grown to the largest batch. */
    private static final ThreadLocal<float[][]> PARTIAL = ThreadLocal.withInitial(() -> new float[1][0]);

    private MatMul() {
    }

    /** Arguments checked by the caller; {@code k} is {@code null} at the scalar width or for formats without one. */
    static void run(FloatTensor t, RowKernel k, float[] x, int xStride, float[] out, int outStride, int tokens,
                    int cols, int fromRow, int toRow, VectorWidth width) {
        if (width.scalar() || tokens == 1) {
            for (int i = 0; i < tokens; i++) {
                perToken(t, k, x, i * xStride, out, i * outStride, cols, fromRow, toRow);
            }
            return;
        }
        TileKernel tile = Specializer.kernel(F32TileKernel.class, width);
        int chunk = Math.min(cols, CHUNK);
        float[] w = SCRATCH.get();
        // also for one chunk: the tile kernel's four-token step keeps its accumulators there
        float[][] holder = PARTIAL.get();
        int need = (tokens + 1) * F32TileKernel.ROWS * F32TileKernel.MAX_LANES;
        if (holder[0].length < need) {
            holder[0] = new float[need];
        }
        float[] partial = holder[0];
        for (int r0 = fromRow; r0 < toRow; r0 += F32TileKernel.ROWS) {
            int rows = Math.min(F32TileKernel.ROWS, toRow - r0);
            for (int c0 = 0; c0 < cols; c0 += chunk) {
                int kc = Math.min(chunk, cols - c0);
                for (int i = 0; i < rows; i++) {
                    long offset = (long) (r0 + i) * cols + c0;
                    if (k == null) {
                        t.dequantize(offset, w, i * kc, kc);
                    } else {
                        k.decode(t.data, offset, w, i * kc, kc);
                    }
                }
                tile.apply(w, rows, kc, x, c0, xStride, tokens, out, r0, outStride, partial, c0 == 0,
                        c0 + kc >= cols);
            }
        }
    }

    private static void perToken(FloatTensor t, RowKernel k, float[] x, int xOffset, float[] out, int outOffset,
                                 int cols, int fromRow, int toRow) {
        float[] sums = k != null && k.usesSums() ? ActivationSums.of(x, xOffset, cols) : null;
        for (int r = fromRow; r < toRow; r++) {
            long offset = (long) r * cols;
            out[outOffset + r] = k == null ? t.dotScalar(offset, x, xOffset, cols)
                    : sums != null ? k.dot(t.data, offset, x, xOffset, cols, sums, 0)
                    : k.dot(t.data, offset, x, xOffset, cols);
        }
    }
}
