package io.jseek.model.llama;

import io.jseek.model.Batch;
import io.jseek.model.ComputePool;
import io.jseek.model.KvCacheType;
import io.jseek.model.KvPages;
import io.jseek.model.ops.PagedAttention;

/**
 * Grouped-query attention of every (row, head) pair of a batch over the paged cache, in parallel.
 *
 * <p>Scheduling: the pairs are dealt round-robin to {@code slots} jobs ({@code 4 × threads}, so long and short
 * sequences mix within each job); a job index is claimed by one thread at a time, so it can own a row of the scores
 * scratch: {@code [slots][maxContext]} floats in all, instead of one row per pair. Cache row layout: the keys of
 * all KV heads, then their values.
 */
final class DenseBatchAttention implements ComputePool.RangeTask {
    private final int slots;
    private final int maxContext;
    private final float[] scores; // [slots][maxContext]
    private Batch batch;
    private KvPages kv;
    private int layer;
    private float[] q;
    private float[] out;
    private int heads;
    private int group;
    private int headDimK;
    private int headDimV;
    private int valueColumn;
    private float scale;
    private KvCacheType cacheType;

    DenseBatchAttention(int threads, int maxContext) {
        this.slots = Math.max(1, threads * 4);
        this.maxContext = maxContext;
        this.scores = new float[Math.multiplyExact(slots, maxContext)];
    }

    /** Attends rows' queries {@code q [rows, heads * d]} into {@code out [rows, heads * dv]}; see {@link PagedAttention}. */
    void attend(ComputePool pool, Batch batch, KvPages kv, int layer, float[] q, int heads, int kvHeads, int headDimK,
                int headDimV, float scale, KvCacheType cacheType, float[] out) {
        this.cacheType = cacheType;
        this.batch = batch;
        this.kv = kv;
        this.layer = layer;
        this.q = q;
        this.out = out;
        this.heads = heads;
        this.group = heads / kvHeads;
        this.headDimK = headDimK;
        this.headDimV = headDimV;
        this.valueColumn = kvHeads * headDimK;
        this.scale = scale;
        int pairs = batch.rows() * heads;
        pool.forRange(Math.min(slots, pairs), 1, this);
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
                int g = h / group;
                int positions = batch.position(row) + 1;
                if (positions > maxContext) {
                    throw new IllegalArgumentException("position " + (positions - 1) + " exceeds the batch context "
                            + maxContext);
                }
                PagedAttention.attendHead(q, (row * heads + h) * headDimK, kv, layer, batch.table(row),
                        g * headDimK, valueColumn + g * headDimV, headDimK, headDimV, positions, scale, scores,
                        slot * maxContext, out, (row * heads + h) * headDimV, cacheType, true);
            }
        }
    }
}
