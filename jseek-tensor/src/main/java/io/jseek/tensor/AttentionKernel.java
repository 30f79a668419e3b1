package io.jseek.tensor;

/**
 * The two products of attention over cached rows, at one {@link VectorWidth}: the scores of several queries
 * against a block of keys (a small {@code Q · Kᵀ}), and the softmax weights times the values ({@code P · V}); and
 * the softmax between them ({@link #softmax}). Both
 * take their keys and values in place, rows {@code stride} floats apart, so a cache block is read where it lies.
 *
 * <p>The scalar width runs plain loops, the reference the vector widths are tested against. The vector scores run
 * the mat-mul tile kernel ({@link F32TileKernel}: four keys, packed, times two queries per step, lanes summed in
 * {@link LaneSum}'s order), in a copy of its own whose code the JIT compiles for the scores' calls alone (one call
 * per row, no partial sums; see {@link Specializer#kernel(Class, VectorWidth, String)}); the vector weighted sum is
 * {@link F32AccumulateKernel}. Either way each score is one dot
 * summed in an order fixed by the head dimension alone, and each output column sums its terms in key order, so the
 * results do not depend on how a caller groups queries and keys into calls, nor on threads.
 */
public final class AttentionKernel {
    private static final AttentionKernel SCALAR = new AttentionKernel(null, null, null);
    /** Four keys packed back to back for the tile kernel, one buffer per thread, grown to the widest head. */
    private static final ThreadLocal<float[][]> PACK = ThreadLocal.withInitial(() -> new float[1][0]);

    private final TileKernel tile;
    private final AccumulateKernel accumulate;
    private final SoftmaxKernel softmax;

    private AttentionKernel(TileKernel tile, AccumulateKernel accumulate, SoftmaxKernel softmax) {
        this.tile = tile;
        this.accumulate = accumulate;
        this.softmax = softmax;
    }

    /** The kernel for {@code width}; the specialised copies it runs are made once per width. */
    public static AttentionKernel of(VectorWidth width) {
        if (width.scalar()) {
            return SCALAR;
        }
        return new AttentionKernel(Specializer.kernel(F32TileKernel.class, width, "attention scores"),
                Specializer.kernel(F32AccumulateKernel.class, width),
                Specializer.kernel(F32SoftmaxKernel.class, width));
    }

    /**
     * {@code s[sOffset + i * sStride + j] = scale · (q_i · k_j)} for queries {@code i < queries} at
     * {@code q[qOffset + i * d]} and keys {@code j < keys} at {@code k[kOffset + j * kStride]}, {@code d} floats each.
     */
    public void scores(float[] q, int qOffset, int queries, float[] k, int kOffset, int kStride, int keys, int d,
                       float scale, float[] s, int sOffset, int sStride) {
        if (tile == null) {
            for (int i = 0; i < queries; i++) {
                int qi = qOffset + i * d;
                for (int j = 0; j < keys; j++) {
                    int kj = kOffset + j * kStride;
                    float dot = 0f;
                    for (int c = 0; c < d; c++) {
                        dot += q[qi + c] * k[kj + c];
                    }
                    s[sOffset + i * sStride + j] = dot * scale;
                }
            }
            return;
        }
        float[] pack = pack(d);
        int rows = F32TileKernel.ROWS;
        for (int j0 = 0; j0 < keys; j0 += rows) {
            int n = Math.min(rows, keys - j0);
            for (int r = 0; r < n; r++) {
                System.arraycopy(k, kOffset + (j0 + r) * kStride, pack, r * d, d);
            }
            tile.apply(pack, n, d, q, qOffset, d, queries, s, sOffset + j0, sStride, null, true, true);
        }
        for (int i = 0; i < queries; i++) {
            int si = sOffset + i * sStride;
            for (int j = 0; j < keys; j++) {
                s[si + j] *= scale;
            }
        }
    }

    /**
     * {@code out_i[c] += Σ_j p_i[j] · v_j[c]} for queries {@code i < queries} (weights at
     * {@code p[pOffset + i * pStride]}, outputs at {@code out[outOffset + i * dv]}) over keys {@code j < keys} in
     * order (values at {@code v[vOffset + j * vStride]}, {@code dv} floats each). The scalar width multiplies, then
     * adds; the vector widths fuse the two.
     */
    public void accumulate(float[] p, int pOffset, int pStride, int queries, float[] v, int vOffset, int vStride,
                           int keys, int dv, float[] out, int outOffset) {
        if (accumulate != null) {
            accumulate.apply(p, pOffset, pStride, queries, v, vOffset, vStride, keys, dv, out, outOffset);
            return;
        }
        for (int i = 0; i < queries; i++) {
            int pi = pOffset + i * pStride;
            int oi = outOffset + i * dv;
            for (int j = 0; j < keys; j++) {
                float a = p[pi + j];
                int vj = vOffset + j * vStride;
                for (int c = 0; c < dv; c++) {
                    out[oi + c] += a * v[vj + c];
                }
            }
        }
    }

    /**
     * Softmax in place over the scores {@code x[offset .. offset + n)}: subtract their maximum, take
     * {@link SoftmaxExp#exp} (a polynomial within 2 ulp of {@code Math.exp}), sum in double
     * ({@link SoftmaxExp#sum}), scale by the float inverse of the sum. Every width gives the same bits.
     */
    public void softmax(float[] x, int offset, int n) {
        if (softmax != null) {
            softmax.apply(x, offset, n);
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[offset + i]);
        }
        for (int i = 0; i < n; i++) {
            x[offset + i] = SoftmaxExp.exp(x[offset + i] - max);
        }
        float inv = (float) (1.0 / SoftmaxExp.sum(x, offset, n));
        for (int i = 0; i < n; i++) {
            x[offset + i] *= inv;
        }
    }

    /** This thread's pack buffer, at least {@code ROWS × d} floats (the tile kernel reads all four rows). */
    private static float[] pack(int d) {
        float[][] holder = PACK.get();
        int need = F32TileKernel.ROWS * d;
        if (holder[0].length < need) {
            holder[0] = new float[need];
        }
        return holder[0];
    }
}
