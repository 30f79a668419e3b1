package io.jseek.model.ops;

import io.jseek.model.ComputePool;
import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.VectorWidth;

/**
 * One weight matrix times a batch of activation rows, split by output rows over a {@link ComputePool}:
 * {@code out[t * outStride + r] = w[r] · x[t * xStride ..]} for {@code t < tokens}, {@code r < rows}. This is what
 * makes batched decode cheaper than one sequence after another: each worker decodes its slice of the weights once
 * and applies it to every token ({@link FloatTensor#matMul}), instead of streaming the whole matrix per token.
 *
 * <p>Activations are first rounded to the weight's dot type as llama.cpp does ({@link ActivationPrecision}), the same
 * rounding the single-token path applies, into a scratch buffer that grows to the largest batch seen.
 *
 * <p>An instance is the reusable pool task (its fields are the job), so a step allocates nothing. One job at a time.
 */
public final class BatchMatMul implements ComputePool.RangeTask {
    /** Below this many multiply-adds the calling thread works alone (pool dispatch would cost more). */
    private static final long PARALLEL_MIN_WORK = 1 << 15;
    /** Row chunks are multiples of this, the row tile of the tensor kernels. */
    private static final int ROW_TILE = 4;

    private final ComputePool pool;
    private float[] rounded = new float[0]; // [tokens, xStride] rounded activations
    private FloatTensor w;
    private float[] x;
    private float[] out;
    private int xStride;
    private int outStride;
    private int tokens;
    private int cols;

    public BatchMatMul(ComputePool pool) {
        this.pool = pool;
    }

    /** Rows {@code [0, rows)} of {@code w}, a {@code rows x cols} matrix (or a larger one: only those rows are read). */
    public void apply(FloatTensor w, float[] x, int xStride, float[] out, int outStride, int tokens, int rows,
                      int cols) {
        if (ActivationPrecision.rounds(w.type())) {
            int n = tokens * xStride;
            if (rounded.length < n) {
                rounded = new float[n];
            }
            x = ActivationPrecision.roundRows(w.type(), x, xStride, tokens, cols, rounded);
        }
        this.w = w;
        this.x = x;
        this.out = out;
        this.xStride = xStride;
        this.outStride = outStride;
        this.tokens = tokens;
        this.cols = cols;
        long work = (long) rows * cols * tokens;
        if (pool.threads() == 1 || work < PARALLEL_MIN_WORK) {
            run(0, rows);
        } else {
            int grain = Math.max(ROW_TILE, rows / (pool.threads() * 4) / ROW_TILE * ROW_TILE);
            pool.forRange(rows, grain, this);
        }
        this.w = null;
        this.x = null;
        this.out = null;
    }

    @Override
    public void run(int from, int to) {
        w.matMul(x, xStride, out, outStride, tokens, cols, from, to, VectorWidth.DEFAULT);
    }
}
