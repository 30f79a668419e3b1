package io.jseek.tensor;

import java.lang.invoke.MethodHandles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The mat-mul micro-kernel: {@value #ROWS} decoded weight rows times two tokens at a time, eight accumulators, so
 * that each weight vector loaded from the (L1-resident) decode buffer feeds two FMAs and each activation vector four.
 * The accumulators live on from one column chunk of a row to the next (in a per-thread buffer), so that their lanes
 * are summed once per row and token, in {@link #tree}'s fixed order.
 * Weight rows past {@code rows} are computed from whatever the buffer holds and discarded, which keeps one loop shape
 * for the last, partial row group. Specialised per width by {@link Specializer}.
 */
final class F32TileKernel implements TileKernel {
    /** Weight rows per call. */
    static final int ROWS = 4;
    /** The widest vector's float lanes: the stride of one accumulator in the {@code partial} buffer. */
    static final int MAX_LANES = 16;

    private static final VectorSpecies<Float> F = Specializer.width(MethodHandles.lookup()).floats();
    private static final int L = F.length();
    /** Per thread: the eight accumulators' lanes, summed from memory (see {@link #tree}). */
    private static final ThreadLocal<float[]> LANES = new ThreadLocal<>();

    @Override
    public void apply(float[] w, int rows, int k, float[] x, int xOffset, int xStride, int tokens,
                      float[] out, int outOffset, int outStride, float[] partial, boolean first, boolean last) {
        float[] lanes = LANES.get();
        if (lanes == null) {
            lanes = new float[8 * L];
            LANES.set(lanes);
        }
        int t = 0;
        for (; t + 1 < tokens; t += 2) {
            pair(w, rows, k, x, xOffset + t * xStride, xStride, out, outOffset + t * outStride, outStride, lanes,
                    partial, t * ROWS * MAX_LANES, first, last);
        }
        if (t < tokens) {
            single(w, rows, k, x, xOffset + t * xStride, out, outOffset + t * outStride, lanes, partial,
                    t * ROWS * MAX_LANES, first, last);
        }
    }

    private static void pair(float[] w, int rows, int k, float[] x, int x0, int xStride, float[] out, int o0,
                             int outStride, float[] lanes, float[] partial, int p, boolean first, boolean last) {
        int x1 = x0 + xStride;
        // partial: token t0 rows 0..3 at p + i * MAX_LANES, token t0 + 1 at p + (ROWS + i) * MAX_LANES
        FloatVector a00 = acc(partial, p, first), a10 = acc(partial, p + MAX_LANES, first);
        FloatVector a20 = acc(partial, p + 2 * MAX_LANES, first), a30 = acc(partial, p + 3 * MAX_LANES, first);
        FloatVector a01 = acc(partial, p + 4 * MAX_LANES, first), a11 = acc(partial, p + 5 * MAX_LANES, first);
        FloatVector a21 = acc(partial, p + 6 * MAX_LANES, first), a31 = acc(partial, p + 7 * MAX_LANES, first);
        int bound = F.loopBound(k);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector v0 = FloatVector.fromArray(F, x, x0 + i);
            FloatVector v1 = FloatVector.fromArray(F, x, x1 + i);
            FloatVector w0 = FloatVector.fromArray(F, w, i);
            FloatVector w1 = FloatVector.fromArray(F, w, k + i);
            FloatVector w2 = FloatVector.fromArray(F, w, 2 * k + i);
            FloatVector w3 = FloatVector.fromArray(F, w, 3 * k + i);
            a00 = w0.fma(v0, a00);
            a01 = w0.fma(v1, a01);
            a10 = w1.fma(v0, a10);
            a11 = w1.fma(v1, a11);
            a20 = w2.fma(v0, a20);
            a21 = w2.fma(v1, a21);
            a30 = w3.fma(v0, a30);
            a31 = w3.fma(v1, a31);
        }
        if (!last) {
            a00.intoArray(partial, p);
            a10.intoArray(partial, p + MAX_LANES);
            a20.intoArray(partial, p + 2 * MAX_LANES);
            a30.intoArray(partial, p + 3 * MAX_LANES);
            a01.intoArray(partial, p + 4 * MAX_LANES);
            a11.intoArray(partial, p + 5 * MAX_LANES);
            a21.intoArray(partial, p + 6 * MAX_LANES);
            a31.intoArray(partial, p + 7 * MAX_LANES);
            return;
        }
        int o1 = o0 + outStride;
        a00.intoArray(lanes, 0);
        a01.intoArray(lanes, L);
        a10.intoArray(lanes, 2 * L);
        a11.intoArray(lanes, 3 * L);
        a20.intoArray(lanes, 4 * L);
        a21.intoArray(lanes, 5 * L);
        a30.intoArray(lanes, 6 * L);
        a31.intoArray(lanes, 7 * L);
        out[o0] = tree(lanes, 0) + tail(w, 0, x, x0, bound, k);
        out[o1] = tree(lanes, L) + tail(w, 0, x, x1, bound, k);
        if (rows > 1) {
            out[o0 + 1] = tree(lanes, 2 * L) + tail(w, k, x, x0, bound, k);
            out[o1 + 1] = tree(lanes, 3 * L) + tail(w, k, x, x1, bound, k);
        }
        if (rows > 2) {
            out[o0 + 2] = tree(lanes, 4 * L) + tail(w, 2 * k, x, x0, bound, k);
            out[o1 + 2] = tree(lanes, 5 * L) + tail(w, 2 * k, x, x1, bound, k);
        }
        if (rows > 3) {
            out[o0 + 3] = tree(lanes, 6 * L) + tail(w, 3 * k, x, x0, bound, k);
            out[o1 + 3] = tree(lanes, 7 * L) + tail(w, 3 * k, x, x1, bound, k);
        }
    }

    private static void single(float[] w, int rows, int k, float[] x, int x0, float[] out, int o0, float[] lanes,
                               float[] partial, int p, boolean first, boolean last) {
        FloatVector a0 = acc(partial, p, first), a1 = acc(partial, p + MAX_LANES, first);
        FloatVector a2 = acc(partial, p + 2 * MAX_LANES, first), a3 = acc(partial, p + 3 * MAX_LANES, first);
        int bound = F.loopBound(k);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, x0 + i);
            a0 = FloatVector.fromArray(F, w, i).fma(v, a0);
            a1 = FloatVector.fromArray(F, w, k + i).fma(v, a1);
            a2 = FloatVector.fromArray(F, w, 2 * k + i).fma(v, a2);
            a3 = FloatVector.fromArray(F, w, 3 * k + i).fma(v, a3);
        }
        if (!last) {
            a0.intoArray(partial, p);
            a1.intoArray(partial, p + MAX_LANES);
            a2.intoArray(partial, p + 2 * MAX_LANES);
            a3.intoArray(partial, p + 3 * MAX_LANES);
            return;
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
        a2.intoArray(lanes, 2 * L);
        a3.intoArray(lanes, 3 * L);
        out[o0] = tree(lanes, 0) + tail(w, 0, x, x0, bound, k);
        if (rows > 1) {
            out[o0 + 1] = tree(lanes, L) + tail(w, k, x, x0, bound, k);
        }
        if (rows > 2) {
            out[o0 + 2] = tree(lanes, 2 * L) + tail(w, 2 * k, x, x0, bound, k);
        }
        if (rows > 3) {
            out[o0 + 3] = tree(lanes, 3 * L) + tail(w, 3 * k, x, x0, bound, k);
        }
    }

    /**
     * The {@code L} lanes at {@code lanes[off ..]} summed in {@link LaneSum}'s order (lane {@code i} plus lane
     * {@code i + L/2} first, then halving), with scalar adds: the same bits in every JIT tier. Why not
     * {@link LaneSum} here: eight of them made this kernel too large for C2 to inline their vector calls, and it boxed
     * the vectors (4 MB of garbage per 2048x1536 mat-mul of 16 tokens).
     */
    private static float tree(float[] l, int o) {
        // written out (C2 inlines recursion one level deep only); L is a constant in each specialised copy
        return switch (L) {
            case 16 -> (((l[o] + l[o + 8]) + (l[o + 4] + l[o + 12]))
                    + ((l[o + 2] + l[o + 10]) + (l[o + 6] + l[o + 14])))
                    + (((l[o + 1] + l[o + 9]) + (l[o + 5] + l[o + 13]))
                    + ((l[o + 3] + l[o + 11]) + (l[o + 7] + l[o + 15])));
            case 8 -> ((l[o] + l[o + 4]) + (l[o + 2] + l[o + 6])) + ((l[o + 1] + l[o + 5]) + (l[o + 3] + l[o + 7]));
            case 4 -> (l[o] + l[o + 2]) + (l[o + 1] + l[o + 3]);
            default -> throw new IllegalStateException("no lane tree for " + L + " lanes");
        };
    }

    /** The columns past the last whole vector (only unblocked formats such as F32 can have any). */
    private static float tail(float[] w, int wRow, float[] x, int xRow, int from, int k) {
        float s = 0f;
        for (int i = from; i < k; i++) {
            s += w[wRow + i] * x[xRow + i];
        }
        return s;
    }

    /** An accumulator: zero for a row's first chunk, else where the previous chunk left it. */
    private static FloatVector acc(float[] partial, int at, boolean first) {
        return first ? FloatVector.zero(F) : FloatVector.fromArray(F, partial, at);
    }
}
