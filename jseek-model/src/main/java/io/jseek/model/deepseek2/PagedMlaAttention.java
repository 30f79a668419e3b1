package io.jseek.model.deepseek2;

import io.jseek.model.Batch;
import io.jseek.model.ComputePool;
import io.jseek.model.KvPages;
import io.jseek.model.ops.ActivationPrecision;
import io.jseek.model.ops.PagedAttention;

/**
 * Absorbed multi-head latent attention (see {@link MlaAttention} for the algebra) for every (row, head) pair of a
 * batch, over the paged latent cache: per position and layer one row {@code [c ‖ k_pe]} of {@code R + Dr} floats,
 * which serves as the key ({@code R + Dr} wide) and, its first {@code R} floats, as the value.
 *
 * <p>Scheduling as in the dense batch attention: pairs are dealt round-robin to {@code 4 × threads} jobs, and each
 * job owns one row of each scratch buffer, so scratch does not grow with the batch.
 */
final class PagedMlaAttention implements ComputePool.RangeTask {
    private final int heads;
    private final int rank;     // R
    private final int nope;     // Dn
    private final int ropeDim;  // Dr
    private final int valueDim; // Dv
    private final int width;    // R + Dr
    private final float kqScale;
    private final int slots;
    private final int maxContext;
    private final boolean f16Cache;
    private final float[] qAbs;   // [slots][R + Dr] absorbed query of the current pair
    private final float[] scores; // [slots][maxContext]
    private final float[] u;      // [slots][R] attention-weighted latent
    private final float[] rows;   // [slots][R] one dequantized kv_b row (legacy files)
    private Deepseek2Layer w;
    private Batch batch;
    private KvPages kv;
    private int layer;
    private float[] q;
    private float[] out;

    PagedMlaAttention(Deepseek2Config c, int threads, int maxContext, boolean f16Cache) {
        this.f16Cache = f16Cache;
        this.heads = c.heads();
        this.rank = c.kvLoraRank();
        this.nope = c.nopeDim();
        this.ropeDim = c.ropeDim();
        this.valueDim = c.valueDim();
        this.width = rank + ropeDim;
        this.kqScale = c.attentionScale().kqScale();
        this.slots = Math.max(1, threads * 4);
        this.maxContext = maxContext;
        this.qAbs = new float[slots * width];
        this.scores = new float[Math.multiplyExact(slots, maxContext)];
        this.u = new float[slots * rank];
        this.rows = new float[slots * rank];
    }

    /** Attends {@code q [rows, H * (Dn + Dr)]} (rope parts rotated) into {@code out [rows, H * Dv]}. */
    void attend(ComputePool pool, Deepseek2Layer w, Batch batch, KvPages kv, int layer, float[] q, float[] out) {
        this.w = w;
        this.batch = batch;
        this.kv = kv;
        this.layer = layer;
        this.q = q;
        this.out = out;
        pool.forRange(Math.min(slots, batch.rows() * heads), 1, this);
        this.w = null;
        this.batch = null;
        this.kv = null;
        this.q = null;
        this.out = null;
    }

    @Override
    public void run(int fromSlot, int toSlot) {
        int pairs = batch.rows() * heads;
        int stride = Math.min(slots, pairs);
        for (int slot = fromSlot; slot < toSlot; slot++) {
            for (int p = slot; p < pairs; p += stride) {
                int row = p / heads;
                int h = p % heads;
                int positions = batch.position(row) + 1;
                if (positions > maxContext) {
                    throw new IllegalArgumentException("position " + (positions - 1) + " exceeds the batch context "
                            + maxContext);
                }
                boolean split = w.wkB() != null;
                // llama.cpp's rounding, exactly as MlaAttention.run (see there)
                if (split) {
                    ActivationPrecision.roundInPlace(w.wkB().type(), q, p * (nope + ropeDim), nope);
                } else if (f16Cache) {
                    ActivationPrecision.roundForF16Cache(q, p * (nope + ropeDim), nope + ropeDim);
                }
                MlaAttention.absorbQuery(w, h, rank, nope, ropeDim, valueDim, q, p * (nope + ropeDim), qAbs,
                        slot * width, rows, slot * rank);
                PagedAttention.attendHead(qAbs, slot * width, kv, layer, batch.table(row), 0, 0, width, rank,
                        positions, kqScale, scores, slot * maxContext, u, slot * rank, split && f16Cache, f16Cache);
                if (split) {
                    ActivationPrecision.roundInPlace(w.wvB().type(), u, slot * rank, rank);
                }
                MlaAttention.expandValue(w, h, rank, nope, valueDim, u, slot * rank, out, p * valueDim);
            }
        }
    }
}
