package io.jseek.model.llama;

import io.jseek.model.Batch;
import io.jseek.model.ComputePool;
import io.jseek.model.KvCacheType;
import io.jseek.model.KvPages;
import io.jseek.model.ops.AttentionJobs;
import io.jseek.model.ops.PagedAttention;
import io.jseek.tensor.AttentionKernel;
import io.jseek.tensor.VectorWidth;

/**
 * Grouped-query attention of a batch over the paged cache, in parallel, in tiles ({@link PagedAttention}): a tile
 * is up to {@link PagedAttention#maxRows} consecutive rows of one sequence times the query heads of one KV group, so
 * each cached key and value row is loaded once for all of them.
 *
 * <p>Scheduling: the (tile, group part) items are dealt round-robin to {@code slots} jobs ({@code 4 × threads}, so
 * long and short sequences mix within each job); a job index is claimed by one thread at a time, so it owns one
 * {@link PagedAttention} and its score scratch. A group is split into parts only when there are fewer items than
 * threads (decode of few sequences), so that every thread has heads to attend: a part packs each key block for its
 * own heads, so parts cost packing work. Which job runs an item changes no number.
 * Cache row layout: the keys of all KV heads, then their values.
 */
final class DenseBatchAttention extends AttentionJobs {
    /** Score floats per job that bound the rows of a tile (1 MB), beyond one row of every head. */
    private static final int SCORE_BUDGET = 1 << 18;
    /** Rows per tile at most: past this the cached block no longer stays in L1 between rows. */
    private static final int MAX_ROWS = 8;

    private final int threads;
    private final int slots;
    private final PagedAttention[] attention; // [slots]
    private final int[] tileStart;            // [maxTokens + 1] first row of each tile, then the row count
    private int tiles;
    private int parts;
    private int heads;
    private int kvHeads;
    private int group;
    private int valueColumn;
    private PagedAttention.Shape shape;

    DenseBatchAttention(int threads, int maxTokens, int maxContext, int maxHeads) {
        this.threads = Math.max(1, threads);
        this.slots = this.threads * 4;
        int queries = maxHeads * PagedAttention.rowsFor(maxHeads, maxContext, SCORE_BUDGET, MAX_ROWS);
        AttentionKernel kernel = AttentionKernel.of(VectorWidth.DEFAULT);
        this.attention = new PagedAttention[slots];
        for (int s = 0; s < slots; s++) {
            attention[s] = new PagedAttention(kernel, queries, maxContext);
        }
        this.tileStart = new int[maxTokens + 1];
    }

    /** Attends rows' queries {@code q [rows, heads * d]} into {@code out [rows, heads * dv]}; see {@link PagedAttention}. */
    void attend(ComputePool pool, Batch batch, KvPages kv, int layer, float[] q, int heads, int kvHeads, int headDimK,
                int headDimV, float scale, KvCacheType cacheType, float[] out) {
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.group = heads / kvHeads;
        this.valueColumn = kvHeads * headDimK;
        this.shape = new PagedAttention.Shape(headDimK, headDimV, scale, cacheType, true);
        int maxRows = Math.min(MAX_ROWS, attention[0].maxRows(group));
        tiles = 0;
        for (int row = 0; row < batch.rows(); row = PagedAttention.tileEnd(batch, row, batch.rows(), maxRows)) {
            tileStart[tiles++] = row;
        }
        tileStart[tiles] = batch.rows();
        int items = tiles * kvHeads;
        parts = Math.min(group, (threads + items - 1) / items);
        dispatch(pool, Math.min(slots, items * parts), batch, kv, layer, q, out);
    }

    @Override
    protected void job(int slot) {
        int items = tiles * kvHeads * parts;
        int stride = Math.min(slots, items);
        int dK = shape.headDimK();
        int dV = shape.headDimV();
        for (int p = slot; p < items; p += stride) {
            int tile = p / (kvHeads * parts);
            int g = p / parts % kvHeads;
            int part = p % parts;
            int h0 = g * group + part * group / parts;
            int h1 = g * group + (part + 1) * group / parts;
            int row = tileStart[tile];
            int rows = tileStart[tile + 1] - row;
            attention[slot].attend(shape, kv, layer, batch.table(row), g * dK, valueColumn + g * dV, q,
                    (row * heads + h0) * dK, heads * dK, h1 - h0, batch.position(row), rows, out,
                    (row * heads + h0) * dV, heads * dV);
        }
    }
}
