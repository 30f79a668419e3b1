package io.jseek.tensor;

import java.lang.invoke.MethodHandles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link AccumulateKernel} in vectors: four queries' output chunks stay in registers while the keys stream past, so
 * each value vector loaded feeds four FMAs and no output is reloaded per key; the queries left over take two (or
 * four) column chunks at a time, so that there are always four independent FMA chains (a decode step's GQA group of 6
 * heads is a quad and a pair; MLA attends one head per call). Each output lane sums its terms in key
 * order, so a column's bits do not depend on how queries or keys are grouped into calls; columns past the last whole
 * vector take the same fused steps in scalar ({@link Math#fma}). Specialised per width by {@link Specializer}.
 */
final class F32AccumulateKernel implements AccumulateKernel {
    private static final VectorSpecies<Float> F = Specializer.width(MethodHandles.lookup()).floats();

    @Override
    public void apply(float[] p, int pOffset, int pStride, int queries, float[] v, int vOffset, int vStride, int keys,
                      int dv, float[] out, int outOffset) {
        int i = 0;
        for (; i + 3 < queries; i += 4) {
            quad(p, pOffset + i * pStride, pStride, v, vOffset, vStride, keys, dv, out, outOffset + i * dv);
        }
        for (; i + 1 < queries; i += 2) {
            pair(p, pOffset + i * pStride, pStride, v, vOffset, vStride, keys, dv, out, outOffset + i * dv);
        }
        if (i < queries) {
            single(p, pOffset + i * pStride, v, vOffset, vStride, keys, dv, out, outOffset + i * dv);
        }
    }

    private static void quad(float[] p, int p0, int pStride, float[] v, int vOffset, int vStride, int keys, int dv,
                             float[] out, int o0) {
        int p1 = p0 + pStride, p2 = p1 + pStride, p3 = p2 + pStride;
        int o1 = o0 + dv, o2 = o1 + dv, o3 = o2 + dv;
        int bound = F.loopBound(dv);
        for (int c = 0; c < bound; c += F.length()) {
            FloatVector a0 = FloatVector.fromArray(F, out, o0 + c);
            FloatVector a1 = FloatVector.fromArray(F, out, o1 + c);
            FloatVector a2 = FloatVector.fromArray(F, out, o2 + c);
            FloatVector a3 = FloatVector.fromArray(F, out, o3 + c);
            for (int j = 0, at = vOffset + c; j < keys; j++, at += vStride) {
                FloatVector x = FloatVector.fromArray(F, v, at);
                a0 = x.fma(FloatVector.broadcast(F, p[p0 + j]), a0);
                a1 = x.fma(FloatVector.broadcast(F, p[p1 + j]), a1);
                a2 = x.fma(FloatVector.broadcast(F, p[p2 + j]), a2);
                a3 = x.fma(FloatVector.broadcast(F, p[p3 + j]), a3);
            }
            a0.intoArray(out, o0 + c);
            a1.intoArray(out, o1 + c);
            a2.intoArray(out, o2 + c);
            a3.intoArray(out, o3 + c);
        }
        if (bound < dv) {
            tail(p, p0, v, vOffset, vStride, keys, bound, dv, out, o0);
            tail(p, p1, v, vOffset, vStride, keys, bound, dv, out, o1);
            tail(p, p2, v, vOffset, vStride, keys, bound, dv, out, o2);
            tail(p, p3, v, vOffset, vStride, keys, bound, dv, out, o3);
        }
    }

    /** Two queries, two column chunks at a time: four independent chains, as in {@link #quad}. */
    private static void pair(float[] p, int p0, int pStride, float[] v, int vOffset, int vStride, int keys, int dv,
                             float[] out, int o0) {
        int p1 = p0 + pStride;
        int o1 = o0 + dv;
        int l = F.length();
        int bound = F.loopBound(dv);
        int c = 0;
        for (; c + l < bound; c += 2 * l) {
            FloatVector a0 = FloatVector.fromArray(F, out, o0 + c);
            FloatVector b0 = FloatVector.fromArray(F, out, o0 + c + l);
            FloatVector a1 = FloatVector.fromArray(F, out, o1 + c);
            FloatVector b1 = FloatVector.fromArray(F, out, o1 + c + l);
            for (int j = 0, at = vOffset + c; j < keys; j++, at += vStride) {
                FloatVector x = FloatVector.fromArray(F, v, at);
                FloatVector y = FloatVector.fromArray(F, v, at + l);
                FloatVector w0 = FloatVector.broadcast(F, p[p0 + j]);
                FloatVector w1 = FloatVector.broadcast(F, p[p1 + j]);
                a0 = x.fma(w0, a0);
                b0 = y.fma(w0, b0);
                a1 = x.fma(w1, a1);
                b1 = y.fma(w1, b1);
            }
            a0.intoArray(out, o0 + c);
            b0.intoArray(out, o0 + c + l);
            a1.intoArray(out, o1 + c);
            b1.intoArray(out, o1 + c + l);
        }
        single(p, p0, v, vOffset, vStride, keys, c, dv, out, o0);
        single(p, p1, v, vOffset, vStride, keys, c, dv, out, o1);
    }

    /** One query, four column chunks at a time (one chain per chunk would wait on the FMA's latency at every key). */
    private static void single(float[] p, int p0, float[] v, int vOffset, int vStride, int keys, int dv, float[] out,
                               int o0) {
        int l = F.length();
        int bound = F.loopBound(dv);
        int c = 0;
        for (; c + 3 * l < bound; c += 4 * l) {
            FloatVector a0 = FloatVector.fromArray(F, out, o0 + c);
            FloatVector a1 = FloatVector.fromArray(F, out, o0 + c + l);
            FloatVector a2 = FloatVector.fromArray(F, out, o0 + c + 2 * l);
            FloatVector a3 = FloatVector.fromArray(F, out, o0 + c + 3 * l);
            for (int j = 0, at = vOffset + c; j < keys; j++, at += vStride) {
                FloatVector w = FloatVector.broadcast(F, p[p0 + j]);
                a0 = FloatVector.fromArray(F, v, at).fma(w, a0);
                a1 = FloatVector.fromArray(F, v, at + l).fma(w, a1);
                a2 = FloatVector.fromArray(F, v, at + 2 * l).fma(w, a2);
                a3 = FloatVector.fromArray(F, v, at + 3 * l).fma(w, a3);
            }
            a0.intoArray(out, o0 + c);
            a1.intoArray(out, o0 + c + l);
            a2.intoArray(out, o0 + c + 2 * l);
            a3.intoArray(out, o0 + c + 3 * l);
        }
        single(p, p0, v, vOffset, vStride, keys, c, dv, out, o0);
    }

    /** One query, columns {@code from .. dv}: a chunk at a time, then the {@link #tail}. */
    private static void single(float[] p, int p0, float[] v, int vOffset, int vStride, int keys, int from, int dv,
                               float[] out, int o0) {
        int bound = F.loopBound(dv);
        int c = from;
        for (; c < bound; c += F.length()) {
            FloatVector a = FloatVector.fromArray(F, out, o0 + c);
            for (int j = 0, at = vOffset + c; j < keys; j++, at += vStride) {
                a = FloatVector.fromArray(F, v, at).fma(FloatVector.broadcast(F, p[p0 + j]), a);
            }
            a.intoArray(out, o0 + c);
        }
        tail(p, p0, v, vOffset, vStride, keys, c, dv, out, o0);
    }

    /** Columns {@code from .. dv}: the same fused steps, one lane at a time. */
    private static void tail(float[] p, int p0, float[] v, int vOffset, int vStride, int keys, int from, int dv,
                             float[] out, int o0) {
        for (int c = from; c < dv; c++) {
            float a = out[o0 + c];
            for (int j = 0; j < keys; j++) {
                a = Math.fma(v[vOffset + j * vStride + c], p[p0 + j], a);
            }
            out[o0 + c] = a;
        }
    }
}
