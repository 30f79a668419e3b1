package io.jseek.model.ops;

import io.jseek.model.ComputePool;
import io.jseek.tensor.ActivationSums;
import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Q8Activations;
import io.jseek.tensor.VectorWidth;
import java.util.Arrays;

/**
 * Weight matrices times batches of activation rows, in ONE dispatch over a {@link ComputePool}: each part is
 * {@code out[t * outStride + r] = w[r] · x[t * xStride ..]} for {@code t < tokens}, {@code r < rows}; the parts' rows
 * are laid end to end and split into chunks over the threads ({@link ComputePool#forRows}).
 *
 * <p>Why several matrices per dispatch: each dispatch ends waiting for the slowest thread, and a decode step is
 * hundreds of small products; q/k/v (and gate/up, and every selected expert's gate/up) can share that wait. Why
 * batches: each worker decodes its slice of the weights once and applies it to every token
 * ({@link FloatTensor#matMul}), instead of streaming the whole matrix per token.
 *
 * <p>Per part, before the split and on the caller: the activations are rounded to the weight's dot type as llama.cpp
 * does ({@link ActivationPrecision}) or, where the native int8 kernels run, quantized to int8 blocks
 * ({@link Q8Activations}: the same values). A part whose input, shape and dot type equal the previous part's reuses
 * its prepared input. Kernel choice for one token (a decode step): the fused mat-vec, with the
 * {@link ActivationSums} that Q4_K's dot reads computed once here rather than per chunk; the result is the same bits
 * as the batched kernel's one-token case.
 *
 * <p>An instance is the reusable pool task (its fields are the job), so a step allocates nothing once the buffers
 * have grown to the largest job. One job at a time.
 */
public final class BatchMatMul implements ComputePool.RangeTask {
    private final ComputePool pool;
    private FloatTensor[] w = new FloatTensor[4];
    private float[][] x = new float[4][];           // [parts] the prepared (rounded) input, when not int8
    private float[][] out = new float[4][];
    private int[] xStride = new int[4];
    private int[] outStride = new int[4];
    private int[] tokens = new int[4];
    private int[] rows = new int[4];
    private int[] cols = new int[4];
    private float[][] sums = new float[4][];        // [parts] activation sums of a one-token input, or null
    private Q8Activations[] q8 = new Q8Activations[4]; // [parts] int8 input, or null
    private float[][] rounded = new float[4][0];    // per-part buffers, grown
    private float[][] sumBuffers = new float[4][0];
    private Q8Activations[] q8Buffers = new Q8Activations[4];
    private float[] source;                         // the previous part's raw input, to share its preparation
    private int parts;
    private long work;

    public BatchMatMul(ComputePool pool) {
        this.pool = pool;
    }

    /** One matrix: rows {@code [0, rows)} of {@code w}, a {@code rows x cols} matrix (only those rows are read). */
    public void apply(FloatTensor w, float[] x, int xStride, float[] out, int outStride, int tokens, int rows,
                      int cols) {
        begin();
        add(w, x, xStride, tokens, cols, out, outStride, rows);
        run();
    }

    /** Starts a job. */
    public void begin() {
        parts = 0;
        work = 0;
        source = null;
    }

    /**
     * Adds {@code out[t * outStride + r] = w[r] · in[t * xStride .. + cols)} for {@code t < tokens}, {@code r < rows}
     * to the job.
     */
    public void add(FloatTensor weights, float[] in, int inStride, int n, int width, float[] output, int stride,
                    int rowCount) {
        int p = parts++;
        if (p == w.length) {
            grow();
        }
        w[p] = weights;
        out[p] = output;
        xStride[p] = inStride;
        outStride[p] = stride;
        tokens[p] = n;
        rows[p] = rowCount;
        cols[p] = width;
        if (p > 0 && in == source && sameInput(p - 1, p)) {
            x[p] = x[p - 1];
            sums[p] = sums[p - 1];
            q8[p] = q8[p - 1];
        } else {
            prepare(p, in);
        }
        source = in;
        work += (long) rowCount * width * n;
    }

    /** Runs the job's parts; returns when every output is written. */
    public void run() {
        int total = 0;
        for (int p = 0; p < parts; p++) {
            total += rows[p];
        }
        pool.forRows(total, work, this);
        for (int p = 0; p < parts; p++) {
            w[p] = null;
            x[p] = null;
            out[p] = null;
            q8[p] = null;
            sums[p] = null;
        }
        source = null;
        parts = 0;
    }

    private boolean sameInput(int a, int b) {
        GgmlType ta = w[a].type();
        GgmlType tb = w[b].type();
        return xStride[a] == xStride[b] && tokens[a] == tokens[b] && cols[a] == cols[b]
                && ActivationPrecision.int8(w[a]) == ActivationPrecision.int8(w[b])
                && ActivationPrecision.rounds(ta) == ActivationPrecision.rounds(tb)
                && ActivationPrecision.dotType(ta) == ActivationPrecision.dotType(tb)
                && w[a].usesActivationSums(VectorWidth.DEFAULT) == w[b].usesActivationSums(VectorWidth.DEFAULT);
    }

    /** Rounds or quantizes part {@code p}'s input once, and for one token computes its activation sums. */
    private void prepare(int p, float[] in) {
        FloatTensor t = w[p];
        int n = tokens[p];
        q8[p] = null;
        sums[p] = null;
        if (ActivationPrecision.int8(t)) {
            GgmlType dot = ActivationPrecision.dotType(t.type());
            if (q8Buffers[p] == null || q8Buffers[p].format() != dot) {
                q8Buffers[p] = new Q8Activations(dot);
            }
            q8[p] = q8Buffers[p];
            q8[p].quantize(in, xStride[p], n, cols[p]);
            x[p] = in;
            return;
        }
        if (ActivationPrecision.rounds(t.type())) {
            int size = n * xStride[p];
            if (rounded[p].length < size) {
                rounded[p] = new float[size];
            }
            in = ActivationPrecision.roundRows(t.type(), in, xStride[p], n, cols[p], rounded[p]);
        }
        x[p] = in;
        if (n == 1 && t.usesActivationSums(VectorWidth.DEFAULT)) {
            int groups = cols[p] / ActivationSums.GROUP;
            if (sumBuffers[p].length < groups) {
                sumBuffers[p] = new float[groups];
            }
            ActivationSums.compute(in, 0, cols[p], sumBuffers[p], 0);
            sums[p] = sumBuffers[p];
        }
    }

    private void grow() {
        int size = w.length * 2;
        w = Arrays.copyOf(w, size);
        x = Arrays.copyOf(x, size);
        out = Arrays.copyOf(out, size);
        xStride = Arrays.copyOf(xStride, size);
        outStride = Arrays.copyOf(outStride, size);
        tokens = Arrays.copyOf(tokens, size);
        rows = Arrays.copyOf(rows, size);
        cols = Arrays.copyOf(cols, size);
        sums = Arrays.copyOf(sums, size);
        q8 = Arrays.copyOf(q8, size);
        q8Buffers = Arrays.copyOf(q8Buffers, size);
        rounded = Arrays.copyOf(rounded, size);
        sumBuffers = Arrays.copyOf(sumBuffers, size);
        for (int p = size / 2; p < size; p++) {
            rounded[p] = new float[0];
            sumBuffers[p] = new float[0];
        }
    }

    /** Rows {@code [from, to)} of the parts laid end to end. */
    @Override
    public void run(int from, int to) {
        int base = 0;
        for (int p = 0; p < parts && base < to; p++) {
            int a = Math.max(from, base) - base;
            int b = Math.min(to, base + rows[p]) - base;
            if (a < b) {
                if (q8[p] != null) {
                    w[p].matMul(q8[p], out[p], a, outStride[p], a, b);
                } else if (tokens[p] == 1) {
                    w[p].matVec(x[p], sums[p], out[p], cols[p], a, b, VectorWidth.DEFAULT);
                } else {
                    w[p].matMul(x[p], xStride[p], out[p], outStride[p], tokens[p], cols[p], a, b,
                            VectorWidth.DEFAULT);
                }
            }
            base += rows[p];
        }
    }
}
