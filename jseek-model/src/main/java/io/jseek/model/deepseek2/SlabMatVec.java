package io.jseek.model.deepseek2;

import io.jseek.model.ComputePool;
import io.jseek.model.ops.ActivationPrecision;
import io.jseek.tensor.ActivationSums;
import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Q8Activations;
import io.jseek.tensor.VectorWidth;

/**
 * Several mat-vecs over slabs of rows, each with its own input and output, in one dispatch over the compute pool. A
 * slab is a run of rows inside a tensor: the expert {@code e} of a 3-D expert tensor {@code {n_in, n_out, n_expert}}
 * is the {@code n_out x n_in} matrix starting at row {@code e * n_out} (spec §1.4), and a whole 2-D tensor is a slab
 * from row 0.
 *
 * <p>Why one job: a MoE layer in decode is many small mat-vecs (gate and up of every selected expert and of the shared
 * experts, then their down projections), and each dispatch ends waiting for the slowest thread. Laying all their rows
 * end to end makes it two dispatches per layer instead of {@code 3·k + 2}. Each slab's input is rounded to its
 * weights' dot type as llama.cpp's {@code mul_mat_id} does ({@link ActivationPrecision}), and its
 * {@link ActivationSums} (or its int8 blocks, {@link Q8Activations}, for the native kernels) are computed once,
 * before the split; every output equals the plain per-row dot.
 *
 * <p>One instance per model, reused for every call (its fields are the job), so dispatch allocates nothing once the
 * per-slab buffers have grown to the widest input.
 */
final class SlabMatVec implements ComputePool.RangeTask {
    private final FloatTensor[] w;
    private final int[] firstRow;   // [slabs] the slab's first row in its tensor
    private final int[] rows;       // [slabs]
    private final int[] cols;       // [slabs]
    private final float[][] x;      // [slabs][cols] rounded input
    private final float[][] sums;   // [slabs][cols / 32] activation sums, or null where the format needs none
    private final float[][] out;    // [slabs][rows]
    private final float[][] rounded;
    private final float[][] sumBuffers;
    private final Q8Activations[] q8;  // [slabs] the quantized input where the slab runs on the int8 kernels, or null
    private final Q8Activations[] q8Buffers;
    private int slabs;
    private long work;

    /** A job of at most {@code maxSlabs} slabs. */
    SlabMatVec(int maxSlabs) {
        w = new FloatTensor[maxSlabs];
        firstRow = new int[maxSlabs];
        rows = new int[maxSlabs];
        cols = new int[maxSlabs];
        x = new float[maxSlabs][];
        sums = new float[maxSlabs][];
        out = new float[maxSlabs][];
        rounded = new float[maxSlabs][0];
        sumBuffers = new float[maxSlabs][0];
        q8 = new Q8Activations[maxSlabs];
        q8Buffers = new Q8Activations[maxSlabs];
    }

    /** Starts a new job. */
    void clear() {
        slabs = 0;
        work = 0;
    }

    /** Adds {@code out[r] = w[firstRow + r] · input} for {@code r < rowCount}, rows of {@code width} elements. */
    void add(FloatTensor weights, int first, int rowCount, int width, float[] input, float[] output) {
        int i = slabs++;
        float[] in = input;
        q8[i] = null;
        if (ActivationPrecision.int8(weights)) {
            GgmlType dot = ActivationPrecision.dotType(weights.type());
            if (q8Buffers[i] == null || q8Buffers[i].format() != dot) {
                q8Buffers[i] = new Q8Activations(dot);
            }
            q8[i] = q8Buffers[i];
            q8[i].quantize(input, width, 1, width);
        } else if (ActivationPrecision.rounds(weights.type())) {
            if (rounded[i].length < width) {
                rounded[i] = new float[width];
            }
            in = ActivationPrecision.round(weights.type(), input, width, rounded[i]);
        }
        float[] s = null;
        if (q8[i] == null && weights.usesActivationSums(VectorWidth.DEFAULT)) {
            if (sumBuffers[i].length < width / ActivationSums.GROUP) {
                sumBuffers[i] = new float[width / ActivationSums.GROUP];
            }
            s = sumBuffers[i];
            ActivationSums.compute(in, 0, width, s, 0);
        }
        w[i] = weights;
        firstRow[i] = first;
        rows[i] = rowCount;
        cols[i] = width;
        x[i] = in;
        sums[i] = s;
        out[i] = output;
        work += (long) rowCount * width;
    }

    /** Runs the job's slabs over the pool; returns when every output is written. */
    void run(ComputePool pool) {
        int total = 0;
        for (int i = 0; i < slabs; i++) {
            total += rows[i];
        }
        pool.forRows(total, work, this);
        for (int i = 0; i < slabs; i++) {
            w[i] = null;
            x[i] = null;
            out[i] = null;
            q8[i] = null;
        }
    }

    /** Rows {@code [from, to)} of the slabs laid end to end. */
    @Override
    public void run(int from, int to) {
        int base = 0;
        for (int i = 0; i < slabs && base < to; i++) {
            int a = Math.max(from, base);
            int b = Math.min(to, base + rows[i]);
            if (a < b) {
                int r0 = firstRow[i] + a - base;
                if (q8[i] != null) {
                    w[i].matMul(q8[i], out[i], a - base, 0, r0, r0 + b - a);
                } else {
                    w[i].matVec(x[i], sums[i], out[i], a - base, cols[i], r0, r0 + b - a, VectorWidth.DEFAULT);
                }
            }
            base += rows[i];
        }
    }
}
