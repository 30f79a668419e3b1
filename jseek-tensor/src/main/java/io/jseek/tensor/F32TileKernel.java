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
    private static final LaneSum SUM = LaneSum.of(F);

    @Override
    public void apply(float[] w, int rows, int k, float[] x, int xOffset, int xStride, int tokens,
                      float[] out, int outOffset, int outStride, boolean add) {
        int t = 0;
        for (; t + 1 < tokens; t += 2) {
            pair(w, rows, k, x, xOffset + t * xStride, xStride, out, outOffset + t * outStride, outStride, add);
        }
        if (t < tokens) {
            single(w, rows, k, x, xOffset + t * xStride, out, outOffset + t * outStride, add);
        }
    }

    private static void pair(float[] w, int rows, int k, float[] x, int x0, int xStride, float[] out, int o0,
                             int outStride, boolean add) {
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
        store(out, o0, add, SUM.sum(a00) + tail(w, 0, x, x0, bound, k));
        store(out, o1, add, SUM.sum(a01) + tail(w, 0, x, x1, bound, k));
        if (rows > 1) {
            store(out, o0 + 1, add, SUM.sum(a10) + tail(w, k, x, x0, bound, k));
            store(out, o1 + 1, add, SUM.sum(a11) + tail(w, k, x, x1, bound, k));
        }
        if (rows > 2) {
            store(out, o0 + 2, add, SUM.sum(a20) + tail(w, 2 * k, x, x0, bound, k));
            store(out, o1 + 2, add, SUM.sum(a21) + tail(w, 2 * k, x, x1, bound, k));
        }
        if (rows > 3) {
            store(out, o0 + 3, add, SUM.sum(a30) + tail(w, 3 * k, x, x0, bound, k));
            store(out, o1 + 3, add, SUM.sum(a31) + tail(w, 3 * k, x, x1, bound, k));
        }
    }

    private static void single(float[] w, int rows, int k, float[] x, int x0, float[] out, int o0, boolean add) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int bound = F.loopBound(k);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, x0 + i);
            a0 = FloatVector.fromArray(F, w, i).fma(v, a0);
            a1 = FloatVector.fromArray(F, w, k + i).fma(v, a1);
            a2 = FloatVector.fromArray(F, w, 2 * k + i).fma(v, a2);
            a3 = FloatVector.fromArray(F, w, 3 * k + i).fma(v, a3);
        }
        store(out, o0, add, SUM.sum(a0) + tail(w, 0, x, x0, bound, k));
        if (rows > 1) {
            store(out, o0 + 1, add, SUM.sum(a1) + tail(w, k, x, x0, bound, k));
        }
        if (rows > 2) {
            store(out, o0 + 2, add, SUM.sum(a2) + tail(w, 2 * k, x, x0, bound, k));
        }
        if (rows > 3) {
            store(out, o0 + 3, add, SUM.sum(a3) + tail(w, 3 * k, x, x0, bound, k));
        }
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
