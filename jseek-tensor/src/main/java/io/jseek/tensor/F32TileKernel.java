package io.jseek.tensor;

import java.lang.invoke.MethodHandles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The mat-mul micro-kernel: {@value #ROWS} decoded weight rows times four tokens at a time at 512 bits (sixteen
 * accumulators: AVX-512 has 32 vector registers) where the caller passes a {@code partial} buffer, else two (eight
 * accumulators), so that each weight vector loaded from the (L1-resident) decode buffer feeds four (two) FMAs and each activation vector four. Every accumulator
 * sees the same FMAs in the same order whichever group its token falls in, so the bits do not depend on the
 * grouping.
 * The accumulators live on from one column chunk of a row to the next (in a per-thread buffer), so that their lanes
 * are summed once per row and token, in {@link LaneSum}'s fixed order, all of them at once (see {@link #UP}).
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
    /** Per thread: the accumulators' sums, read back from the lanes {@link #slot} names. */
    private static final ThreadLocal<float[]> LANES = new ThreadLocal<>();

    /*
     * The lane sums, a transpose-and-add network: each level takes two vectors c and d whose lanes form blocks of 2h
     * (one accumulator's partial sums per block), adds lane i to lane i + h in each block of both, and packs the
     * results into one vector of blocks of h: c's where lane bit h is clear, d's where it is set
     * (c.blend(d down by h) + (c up by h).blend(d)). Eight accumulators fold into one vector in three levels (two
     * vectors for 4 lanes), a lone vector adds itself rotated. Every partial sum is LaneSum's (lane i + lane i + h,
     * h halving), so the bits equal a LaneSum per accumulator at a fraction of the work (one lane sum through memory
     * was 120 scalar adds per tile), and lanewise adds and rearranges give the same bits in every JIT tier. Level n
     * uses h = L >> n; null where that is below one lane. Written out in pair and single, not in a helper: C2 stops
     * inlining small helpers once a method has inlined this much Vector API code, and then boxes the vectors.
     */
    private static final VectorShuffle<Float>[] UP = shuffles(1);
    private static final VectorShuffle<Float>[] DOWN = shuffles(-1);
    private static final VectorMask<Float>[] HIGH = masks();
    private static final VectorShuffle<Float> UP1 = UP[1], UP2 = UP[2], UP3 = UP[3], UP4 = UP[4];
    private static final VectorShuffle<Float> DOWN1 = DOWN[1], DOWN2 = DOWN[2], DOWN3 = DOWN[3];
    private static final VectorMask<Float> HIGH1 = HIGH[1], HIGH2 = HIGH[2], HIGH3 = HIGH[3];

    @Override
    public void apply(float[] w, int rows, int k, float[] x, int xOffset, int xStride, int tokens,
                      float[] out, int outOffset, int outStride, float[] partial, boolean first, boolean last) {
        float[] lanes = LANES.get();
        if (lanes == null) {
            lanes = new float[Math.max(L, 8)];
            LANES.set(lanes);
        }
        int t = 0;
        // quad needs the partial buffer; the attention scores (one chunk, none) keep to pairs, which keeps their
        // copy's code within C2's inlining budget
        if (L == 16 && partial != null) {
            for (; t + 3 < tokens; t += 4) {
                quad(w, rows, k, x, xOffset + t * xStride, xStride, out, outOffset + t * outStride, outStride, lanes,
                        partial, t * ROWS * MAX_LANES, first, last);
            }
        }
        for (; t + 1 < tokens; t += 2) {
            pair(w, rows, k, x, xOffset + t * xStride, xStride, out, outOffset + t * outStride, outStride, lanes,
                    partial, t * ROWS * MAX_LANES, first, last, 0);
        }
        if (t < tokens) {
            single(w, rows, k, x, xOffset + t * xStride, out, outOffset + t * outStride, lanes, partial,
                    t * ROWS * MAX_LANES, first, last);
        }
    }

    /**
     * Four tokens: the accumulators go through {@code partial}, and on the last chunk two {@link #pair} calls that
     * skip the loop ({@code from} at its end) sum their lanes: one network, not a twin of it.
     */
    private static void quad(float[] w, int rows, int k, float[] x, int x0, int xStride, float[] out, int o0,
                             int outStride, float[] lanes, float[] partial, int p, boolean first, boolean last) {
        int x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        int m = MAX_LANES;
        FloatVector a00 = acc(partial, p, first), a10 = acc(partial, p + m, first);
        FloatVector a20 = acc(partial, p + 2 * m, first), a30 = acc(partial, p + 3 * m, first);
        FloatVector a01 = acc(partial, p + 4 * m, first), a11 = acc(partial, p + 5 * m, first);
        FloatVector a21 = acc(partial, p + 6 * m, first), a31 = acc(partial, p + 7 * m, first);
        FloatVector a02 = acc(partial, p + 8 * m, first), a12 = acc(partial, p + 9 * m, first);
        FloatVector a22 = acc(partial, p + 10 * m, first), a32 = acc(partial, p + 11 * m, first);
        FloatVector a03 = acc(partial, p + 12 * m, first), a13 = acc(partial, p + 13 * m, first);
        FloatVector a23 = acc(partial, p + 14 * m, first), a33 = acc(partial, p + 15 * m, first);
        int bound = F.loopBound(k);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector v0 = FloatVector.fromArray(F, x, x0 + i);
            FloatVector v1 = FloatVector.fromArray(F, x, x1 + i);
            FloatVector v2 = FloatVector.fromArray(F, x, x2 + i);
            FloatVector v3 = FloatVector.fromArray(F, x, x3 + i);
            FloatVector w0 = FloatVector.fromArray(F, w, i);
            a00 = w0.fma(v0, a00);
            a01 = w0.fma(v1, a01);
            a02 = w0.fma(v2, a02);
            a03 = w0.fma(v3, a03);
            FloatVector w1 = FloatVector.fromArray(F, w, k + i);
            a10 = w1.fma(v0, a10);
            a11 = w1.fma(v1, a11);
            a12 = w1.fma(v2, a12);
            a13 = w1.fma(v3, a13);
            FloatVector w2 = FloatVector.fromArray(F, w, 2 * k + i);
            a20 = w2.fma(v0, a20);
            a21 = w2.fma(v1, a21);
            a22 = w2.fma(v2, a22);
            a23 = w2.fma(v3, a23);
            FloatVector w3 = FloatVector.fromArray(F, w, 3 * k + i);
            a30 = w3.fma(v0, a30);
            a31 = w3.fma(v1, a31);
            a32 = w3.fma(v2, a32);
            a33 = w3.fma(v3, a33);
        }
        a00.intoArray(partial, p);
        a10.intoArray(partial, p + m);
        a20.intoArray(partial, p + 2 * m);
        a30.intoArray(partial, p + 3 * m);
        a01.intoArray(partial, p + 4 * m);
        a11.intoArray(partial, p + 5 * m);
        a21.intoArray(partial, p + 6 * m);
        a31.intoArray(partial, p + 7 * m);
        a02.intoArray(partial, p + 8 * m);
        a12.intoArray(partial, p + 9 * m);
        a22.intoArray(partial, p + 10 * m);
        a32.intoArray(partial, p + 11 * m);
        a03.intoArray(partial, p + 12 * m);
        a13.intoArray(partial, p + 13 * m);
        a23.intoArray(partial, p + 14 * m);
        a33.intoArray(partial, p + 15 * m);
        if (last) {
            pair(w, rows, k, x, x0, xStride, out, o0, outStride, lanes, partial, p, false, true, bound);
            pair(w, rows, k, x, x2, xStride, out, o0 + 2 * outStride, outStride, lanes, partial, p + 8 * m, false,
                    true, bound);
        }
    }

    /** Two tokens; the loop starts at column {@code from} (0, or its end when {@link #quad} ran it). */
    private static void pair(float[] w, int rows, int k, float[] x, int x0, int xStride, float[] out, int o0,
                             int outStride, float[] lanes, float[] partial, int p, boolean first, boolean last,
                             int from) {
        int x1 = x0 + xStride;
        // partial: token t0 rows 0..3 at p + i * MAX_LANES, token t0 + 1 at p + (ROWS + i) * MAX_LANES
        FloatVector a00 = acc(partial, p, first), a10 = acc(partial, p + MAX_LANES, first);
        FloatVector a20 = acc(partial, p + 2 * MAX_LANES, first), a30 = acc(partial, p + 3 * MAX_LANES, first);
        FloatVector a01 = acc(partial, p + 4 * MAX_LANES, first), a11 = acc(partial, p + 5 * MAX_LANES, first);
        FloatVector a21 = acc(partial, p + 6 * MAX_LANES, first), a31 = acc(partial, p + 7 * MAX_LANES, first);
        int bound = F.loopBound(k);
        for (int i = from; i < bound; i += F.length()) {
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
        FloatVector b0 = a00.blend(a01.rearrange(DOWN1), HIGH1).add(a00.rearrange(UP1).blend(a01, HIGH1));
        FloatVector b1 = a10.blend(a11.rearrange(DOWN1), HIGH1).add(a10.rearrange(UP1).blend(a11, HIGH1));
        FloatVector b2 = a20.blend(a21.rearrange(DOWN1), HIGH1).add(a20.rearrange(UP1).blend(a21, HIGH1));
        FloatVector b3 = a30.blend(a31.rearrange(DOWN1), HIGH1).add(a30.rearrange(UP1).blend(a31, HIGH1));
        FloatVector c0 = b0.blend(b1.rearrange(DOWN2), HIGH2).add(b0.rearrange(UP2).blend(b1, HIGH2));
        FloatVector c1 = b2.blend(b3.rearrange(DOWN2), HIGH2).add(b2.rearrange(UP2).blend(b3, HIGH2));
        if (L == 4) {
            c0.intoArray(lanes, 0);
            c1.intoArray(lanes, L);
        } else {
            FloatVector d = c0.blend(c1.rearrange(DOWN3), HIGH3).add(c0.rearrange(UP3).blend(c1, HIGH3));
            if (L == 16) {
                d = d.add(d.rearrange(UP4));
            }
            d.intoArray(lanes, 0);
        }
        out[o0] = lanes[slot(0)] + tail(w, 0, x, x0, bound, k);
        out[o1] = lanes[slot(1)] + tail(w, 0, x, x1, bound, k);
        if (rows > 1) {
            out[o0 + 1] = lanes[slot(2)] + tail(w, k, x, x0, bound, k);
            out[o1 + 1] = lanes[slot(3)] + tail(w, k, x, x1, bound, k);
        }
        if (rows > 2) {
            out[o0 + 2] = lanes[slot(4)] + tail(w, 2 * k, x, x0, bound, k);
            out[o1 + 2] = lanes[slot(5)] + tail(w, 2 * k, x, x1, bound, k);
        }
        if (rows > 3) {
            out[o0 + 3] = lanes[slot(6)] + tail(w, 3 * k, x, x0, bound, k);
            out[o1 + 3] = lanes[slot(7)] + tail(w, 3 * k, x, x1, bound, k);
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
        FloatVector b0 = a0.blend(a1.rearrange(DOWN1), HIGH1).add(a0.rearrange(UP1).blend(a1, HIGH1));
        FloatVector b1 = a2.blend(a3.rearrange(DOWN1), HIGH1).add(a2.rearrange(UP1).blend(a3, HIGH1));
        FloatVector c = b0.blend(b1.rearrange(DOWN2), HIGH2).add(b0.rearrange(UP2).blend(b1, HIGH2));
        if (L >= 8) {
            c = c.add(c.rearrange(UP3));
        }
        if (L == 16) {
            c = c.add(c.rearrange(UP4));
        }
        c.intoArray(lanes, 0);
        out[o0] = lanes[slot(0)] + tail(w, 0, x, x0, bound, k);
        if (rows > 1) {
            out[o0 + 1] = lanes[slot(1)] + tail(w, k, x, x0, bound, k);
        }
        if (rows > 2) {
            out[o0 + 2] = lanes[slot(2)] + tail(w, 2 * k, x, x0, bound, k);
        }
        if (rows > 3) {
            out[o0 + 3] = lanes[slot(3)] + tail(w, 3 * k, x, x0, bound, k);
        }
    }

    /**
     * Where the network leaves the sum of accumulator {@code j} (pair's order: a00, a01, a10, ...; single's: a0 to
     * a3): its bit-reversed index, spread over the lanes (with 4 lanes, over two vectors).
     */
    private static int slot(int j) {
        return L == 4 ? (Integer.reverse(j & 3) >>> 30) + 4 * (j >> 2) : (Integer.reverse(j) >>> 29) * (L / 8);
    }

    /** Per level n (1..4): lane i takes lane i + dir * (L >> n), wrapping; null below one lane. */
    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] shuffles(int dir) {
        VectorShuffle<Float>[] s = new VectorShuffle[5];
        for (int n = 1; n <= 4 && L >> n >= 1; n++) {
            s[n] = VectorShuffle.iota(F, dir > 0 ? L >> n : L - (L >> n), 1, true);
        }
        return s;
    }

    /** Per level n (1..4): the lanes whose bit {@code L >> n} is set; null below one lane. */
    @SuppressWarnings("unchecked")
    private static VectorMask<Float>[] masks() {
        VectorMask<Float>[] m = new VectorMask[5];
        for (int n = 1; n <= 4 && L >> n >= 1; n++) {
            long bits = 0;
            for (int i = 0; i < L; i++) {
                bits |= (i & (L >> n)) != 0 ? 1L << i : 0;
            }
            m[n] = VectorMask.fromLong(F, bits);
        }
        return m;
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
