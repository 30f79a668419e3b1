package io.jseek.model;

import io.jseek.model.ops.ActivationPrecision;
import io.jseek.tensor.ActivationSums;
import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Q8Activations;
import io.jseek.tensor.VectorWidth;

/**
 * The mat-vec job of a {@link ComputePool}: up to three matrices applied to one activation row, their rows laid end to
 * end and split into chunks over the pool's threads in a single dispatch.
 *
 * <p>Why one job for several matrices: a decode step is ~200 small mat-vecs, and each dispatch ends with a wait for
 * the slowest thread; q/k/v (and gate/up) read the same input, so they can share that wait. The work that depends on
 * the input only is done once per job, on the caller, before the split: rounding {@code x} to the weights' dot type
 * as llama.cpp does ({@link ActivationPrecision}) and the {@link ActivationSums} that Q4_K's kernel reads (workers used
 * to recompute those per chunk), or, where the native int8 kernels run, the activation quantized to int8 blocks once
 * ({@link Q8Activations}: the same values). Matrices whose dot types differ cannot share a rounded input; they run as separate
 * jobs, in order.
 *
 * <p>Chunks: {@link ComputePool#forRows}. Not thread-safe: the pool calls it under its own lock.
 */
final class PoolMatVec implements ComputePool.RangeTask {
    private final ComputePool pool;
    private final FloatTensor[] w = new FloatTensor[3];
    private final float[][] out = new float[3][];
    private final int[] rows = new int[3];
    private final boolean[] int8 = new boolean[3];
    private final Q8Activations q8_0 = new Q8Activations(GgmlType.Q8_0);
    private final Q8Activations q8K = new Q8Activations(GgmlType.Q8_K);
    private Q8Activations q8;
    private float[] rounded = new float[0];
    private float[] sums = new float[0];
    private float[] x;
    private float[] xSums;
    private int parts;
    private int cols;

    PoolMatVec(ComputePool pool) {
        this.pool = pool;
    }

    /** {@code out_i = w_i · x} for the non-null matrices, in as few dispatches as their dot types allow. */
    void run(float[] x, int cols, FloatTensor w1, float[] out1, int rows1, FloatTensor w2, float[] out2, int rows2,
             FloatTensor w3, float[] out3, int rows3) {
        boolean share2 = w2 != null && sameDotType(w1, w2);
        boolean share3 = w3 != null && share2 && sameDotType(w1, w3);
        parts = 0;
        add(w1, out1, rows1);
        if (share2) {
            add(w2, out2, rows2);
            if (share3) {
                add(w3, out3, rows3);
            }
        }
        dispatch(x, cols);
        if (w2 != null && !share2) {
            run(x, cols, w2, out2, rows2, w3, out3, rows3, null, null, 0);
        } else if (w3 != null && !share3) {
            run(x, cols, w3, out3, rows3, null, null, 0, null, null, 0);
        }
    }

    private static boolean sameDotType(FloatTensor a, FloatTensor b) {
        return ActivationPrecision.rounds(a.type()) == ActivationPrecision.rounds(b.type())
                && ActivationPrecision.dotType(a.type()) == ActivationPrecision.dotType(b.type());
    }

    private void add(FloatTensor t, float[] o, int r) {
        int8[parts] = ActivationPrecision.int8(t);
        w[parts] = t;
        out[parts] = o;
        rows[parts++] = r;
    }

    private void dispatch(float[] input, int n) {
        q8 = null;
        for (int p = 0; p < parts; p++) {
            if (int8[p] && q8 == null) {
                q8 = ActivationPrecision.dotType(w[p].type()) == GgmlType.Q8_K ? q8K : q8_0;
                q8.quantize(input, n, 1, n);
            }
        }
        if (ActivationPrecision.rounds(w[0].type())) {
            if (rounded.length < n) {
                rounded = new float[n];
            }
            input = ActivationPrecision.round(w[0].type(), input, n, rounded);
        }
        this.x = input;
        this.cols = n;
        this.xSums = null;
        int total = 0;
        for (int p = 0; p < parts; p++) {
            total += rows[p];
            if (xSums == null && !int8[p] && w[p].usesActivationSums(VectorWidth.DEFAULT)) {
                if (sums.length < n / ActivationSums.GROUP) {
                    sums = new float[n / ActivationSums.GROUP];
                }
                ActivationSums.compute(input, 0, n, sums, 0);
                xSums = sums;
            }
        }
        pool.forRows(total, (long) total * n, this);
        for (int p = 0; p < parts; p++) {
            w[p] = null;
            out[p] = null;
        }
        this.x = null;
    }

    /** Rows {@code [from, to)} of the matrices laid end to end. */
    @Override
    public void run(int from, int to) {
        int base = 0;
        for (int p = 0; p < parts && base < to; p++) {
            int a = Math.max(from, base);
            int b = Math.min(to, base + rows[p]);
            if (a < b && int8[p]) {
                w[p].matMul(q8, out[p], a - base, 0, a - base, b - base);
            } else if (a < b) {
                w[p].matVec(x, xSums, out[p], cols, a - base, b - base, VectorWidth.DEFAULT);
            }
            base += rows[p];
        }
    }
}
