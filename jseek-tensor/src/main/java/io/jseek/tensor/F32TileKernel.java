package io.jseek.tensor;

import java.lang.invoke.MethodHandles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The mat-mul micro-kernel: {@value #ROWS} decoded weight rows times two tokens at a time, eight accumulators, so
 * that each weight vector loaded from the (L1-resident) decode buffer feeds two FMAs and each activation vector four.
 * Weight rows past {@code rows} are computed from whatever the buffer holds and discarded, which keeps one loop shape
 * for the last, partial row group. Specialised per width by {@link Specializer}.
 */
final class F32TileKernel implements TileKernel {
    /** Weight rows per call. */
    static final int ROWS = 4;

    private static final VectorSpecies<Float> F = Specializer.width(MethodHandles.lookup()).floats();
    private static final int L = F.length();
    /** Per thread: the eight accumulators' lanes, summed from memory (see {@link #tree}). */
    private static final ThreadLocal<float[]> LANES = new ThreadLocal<>();

    @Override
    public void apply(float[] w, int rows, int k, float[] x, int xOffset, int xStride, int tokens,
                      float[] out, int outOffset, int outStride, boolean add) {
        float[] lanes = LANES.get();
        if (lanes == null) {
            lanes = new float[8 * L];
            LANES.set(lanes);
        }
        int t = 0;
        for (; t + 1 < tokens; t += 2) {
            pair(w, rows, k, x, xOffset + t * xStride, xStride, out, outOffset + t * outStride, outStride, add,
                    lanes);
        }
        if (t < tokens) {
            single(w, rows, k, x, xOffset + t * xStride, out, outOffset + t * outStride, add, lanes);
        }
    }

    private static void pair(float[] w, int rows, int k, float[] x, int x0, int xStride, float[] out, int o0,
                             int outStride, boolean add, float[] lanes) {
        int x1 = x0 + xStride;
        FloatVector a00 = FloatVector.zero(F), a10 = a00, a20 = a00, a30 = a00;
        FloatVector a01 = a00, a11 = a00, a21 = a00, a31 = a00;
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
        int o1 = o0 + outStride;
        a00.intoArray(lanes, 0);
        a01.intoArray(lanes, L);
        a10.intoArray(lanes, 2 * L);
        a11.intoArray(lanes, 3 * L);
        a20.intoArray(lanes, 4 * L);
        a21.intoArray(lanes, 5 * L);
        a30.intoArray(lanes, 6 * L);
        a31.intoArray(lanes, 7 * L);
        store(out, o0, add, tree(lanes, 0) + tail(w, 0, x, x0, bound, k));
        store(out, o1, add, tree(lanes, L) + tail(w, 0, x, x1, bound, k));
        if (rows > 1) {
            store(out, o0 + 1, add, tree(lanes, 2 * L) + tail(w, k, x, x0, bound, k));
            store(out, o1 + 1, add, tree(lanes, 3 * L) + tail(w, k, x, x1, bound, k));
        }
        if (rows > 2) {
            store(out, o0 + 2, add, tree(lanes, 4 * L) + tail(w, 2 * k, x, x0, bound, k));
            store(out, o1 + 2, add, tree(lanes, 5 * L) + tail(w, 2 * k, x, x1, bound, k));
        }
        if (rows > 3) {
            store(out, o0 + 3, add, tree(lanes, 6 * L) + tail(w, 3 * k, x, x0, bound, k));
            store(out, o1 + 3, add, tree(lanes, 7 * L) + tail(w, 3 * k, x, x1, bound, k));
        }
    }

    private static void single(float[] w, int rows, int k, float[] x, int x0, float[] out, int o0, boolean add,
                               float[] lanes) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int bound = F.loopBound(k);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, x0 + i);
            a0 = FloatVector.fromArray(F, w, i).fma(v, a0);
            a1 = FloatVector.fromArray(F, w, k + i).fma(v, a1);
            a2 = FloatVector.fromArray(F, w, 2 * k + i).fma(v, a2);
            a3 = FloatVector.fromArray(F, w, 3 * k + i).fma(v, a3);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
        a2.intoArray(lanes, 2 * L);
        a3.intoArray(lanes, 3 * L);
        store(out, o0, add, tree(lanes, 0) + tail(w, 0, x, x0, bound, k));
        if (rows > 1) {
            store(out, o0 + 1, add, tree(lanes, L) + tail(w, k, x, x0, bound, k));
        }
        if (rows > 2) {
            store(out, o0 + 2, add, tree(lanes, 2 * L) + tail(w, 2 * k, x, x0, bound, k));
        }
        if (rows > 3) {
            store(out, o0 + 3, add, tree(lanes, 3 * L) + tail(w, 3 * k, x, x0, bound, k));
        }
    }

    /**
     * The {@code L} lanes at {@code lanes[off ..]} summed in {@link LaneSum}'s order (lane {@code i} plus lane
     * {@code i + L/2} first, then halving), with scalar adds: the same bits in every JIT tier. Why not
     * {@link LaneSum} here: eight of them made this kernel too large for C2 to inline their vector calls, and it boxed
     * the vectors (4 MB of garbage per 2048x1536 mat-mul of 16 tokens).
     */
    private static float tree(float[] lanes, int off) {
        return node(lanes, off, 1);
    }

    /** The sum of lanes {@code off + j·h} over {@code j}, as a tree whose first level pairs lanes {@code L/2} apart. */
    private static float node(float[] lanes, int off, int h) {
        return h == L / 2 ? lanes[off] + lanes[off + h] : node(lanes, off, 2 * h) + node(lanes, off + h, 2 * h);
    }

    /** The columns past the last whole vector (only unblocked formats such as F32 can have any). */
    private static float tail(float[] w, int wRow, float[] x, int xRow, int from, int k) {
        float s = 0f;
        for (int i = from; i < k; i++) {
            s += w[wRow + i] * x[xRow + i];
        }
        return s;
    }

    private static void store(float[] out, int at, boolean add, float v) {
        out[at] = add ? out[at] + v : v;
    }
}
