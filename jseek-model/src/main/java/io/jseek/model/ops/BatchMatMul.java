package io.jseek.model.ops;

import io.jseek.model.ComputePool;
import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Q8Activations;
import io.jseek.tensor.VectorWidth;

/**
 * One weight matrix times a batch of activation rows, split by output rows over a {@link ComputePool}:
 * {@code out[t * outStride + r] = w[r] · x[t * xStride ..]} for {@code t < tokens}, {@code r < rows}. This is what
 * makes batched decode cheaper than one sequence after another: each worker decodes its slice of the weights once
 * and applies it to every token ({@link FloatTensor#matMul}), instead of streaming the whole matrix per token.
 *
 * <p>Activations are first rounded to the weight's dot type as llama.cpp does ({@link ActivationPrecision}), the same
 * rounding the single-token path applies, into a scratch buffer that grows to the largest batch seen; where the native
 * int8 kernels run, quantized to int8 blocks instead ({@link Q8Activations}: the same values).
 *
 * <p>An instance is the reusable pool task (its fields are the job), so a step allocates nothing. One job at a time.
 */
public final class BatchMatMul implements ComputePool.RangeTask {
    /** Below this many multiply-adds the calling thread works alone (pool dispatch would cost more). */
    private static final long PARALLEL_MIN_WORK = 1 << 15;
    /** Row chunks are multiples of this, the row tile of the tensor kernels (4 in Java, 8 in the native ones). */
    private static final int ROW_TILE = 8;

    private final ComputePool pool;
    private float[] rounded = new float[0]; // [tokens, xStride] rounded activations
    private final Q8Activations q8_0 = new Q8Activations(GgmlType.Q8_0); // [tokens, cols] int8 activations
    private final Q8Activations q8K = new Q8Activations(GgmlType.Q8_K);
    private Q8Activations q8;
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
        q8 = null;
        if (ActivationPrecision.int8(w)) {
            q8 = ActivationPrecision.dotType(w.type()) == GgmlType.Q8_K ? q8K : q8_0;
            q8.quantize(x, xStride, tokens, cols);
        } else if (ActivationPrecision.rounds(w.type())) {
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
        if (q8 != null) {
            w.matMul(q8, out, from, outStride, from, to);
        } else {
            w.matMul(x, xStride, out, outStride, tokens, cols, from, to, VectorWidth.DEFAULT);
        }
    }
}
