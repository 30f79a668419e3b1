package io.jseek.model.deepseek2;

import io.jseek.model.ComputePool;
import io.jseek.model.ops.ActivationPrecision;
import io.jseek.tensor.FloatTensor;

/**
 * A mat-vec over one matrix inside a larger tensor, split over the compute pool: the expert {@code e} of a 3-D
 * expert tensor {@code {n_in, n_out, n_expert}} is the {@code n_out x n_in} matrix starting at element
 * {@code e * n_out * n_in} (spec §1.4). {@code ComputePool.matVec} only handles whole tensors, hence this task.
 *
 * <p>One instance per model, reused for every call (its fields are the job), so dispatch allocates nothing.
 */
final class SlabMatVec implements ComputePool.RangeTask {
    /** Below this many multiply-adds the calling thread does the work alone (as {@code ComputePool.matVec}). */
    private static final long PARALLEL_MIN_WORK = 1 << 15;

    private float[] rounded = new float[0];
    private FloatTensor w;
    private long base;
    private float[] x;
    private float[] out;
    private int cols;

    /** {@code out[r] = w[base + r*cols ..] · x} for {@code r < rows}. */
    void run(ComputePool pool, FloatTensor w, long base, float[] x, float[] out, int rows, int cols) {
        this.w = w;
        this.base = base;
        if (ActivationPrecision.rounds(w.type())) { // llama.cpp's mul_mat_id rounds to the experts' dot type
            if (rounded.length < cols) {
                rounded = new float[cols];
            }
            x = ActivationPrecision.round(w.type(), x, cols, rounded);
        }
        this.x = x;
        this.out = out;
        this.cols = cols;
        if (pool.threads() == 1 || (long) rows * cols < PARALLEL_MIN_WORK) {
            run(0, rows);
        } else {
            pool.forRange(rows, Math.max(1, rows / (pool.threads() * 4)), this);
        }
        this.w = null;
        this.x = null;
        this.out = null;
    }

    @Override
    public void run(int from, int to) {
        for (int r = from; r < to; r++) {
            out[r] = w.dot(base + (long) r * cols, x, 0, cols);
        }
    }
}
