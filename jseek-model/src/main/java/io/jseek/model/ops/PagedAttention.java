package io.jseek.model.ops;

import io.jseek.model.Batch;
import io.jseek.model.KvCacheType;
import io.jseek.model.KvPages;
import io.jseek.tensor.AttentionKernel;
import java.util.Arrays;

/**
 * Causal attention of a tile of queries over a sequence's cached positions, read through its block table
 * ({@link KvPages}), whatever the blocks' order: the numbers depend on the positions only. A tile is {@code rows}
 * consecutive positions of one sequence with {@code perRow} query heads each that share one cached key/value head
 * (a GQA group, or one MLA head whose latent all heads share); row {@code r} sees positions {@code 0 .. first + r}.
 * Keys of a position start at column {@code keyColumn} of its row, values at {@code valueColumn}.
 *
 * <p>Why tiles: each cached block is loaded once per tile and multiplied with every query of it (a small
 * {@code Q · Kᵀ}, then {@code P · V}, {@link AttentionKernel}), not once per query. The softmax runs between the two
 * products over each query's whole score row, so there is no rescaling: a query's numbers are those of attending it
 * alone, whatever tile it is in and whichever thread runs it.
 *
 * <p>The cache's type rounds the query (in place, when {@code roundQuery}) and the softmax weights as llama.cpp does
 * ({@link KvCacheType#roundQuery}, {@link KvCacheType#roundWeights}).
 *
 * <p>One instance per worker: it owns the score rows of one tile, {@code maxQueries × maxContext} floats.
 */
public final class PagedAttention {
    private final AttentionKernel kernel;
    private final int maxQueries;
    private final int stride;     // floats per score row: the longest context
    private final float[] scores; // [maxQueries][stride]

    /** Scratch for tiles of up to {@code maxQueries} queries over up to {@code maxContext} positions. */
    public PagedAttention(AttentionKernel kernel, int maxQueries, int maxContext) {
        this.kernel = kernel;
        this.maxQueries = maxQueries;
        this.stride = maxContext;
        this.scores = new float[Math.multiplyExact(maxQueries, maxContext)];
    }

    /** The query heads, per row, and rows that one tile may hold: how many of {@code perRow} fit the scratch. */
    public int maxRows(int perRow) {
        return Math.max(1, maxQueries / perRow);
    }

    /**
     * Rows per tile that keep the score scratch of a tile of {@code perRow} heads near {@code budget} floats, at
     * least 1 and at most {@code cap}.
     */
    public static int rowsFor(int perRow, int maxContext, int budget, int cap) {
        return Math.max(1, Math.min(cap, budget / Math.max(1, perRow * maxContext)));
    }

    /**
     * The end of the tile of batch rows that starts at {@code from}: rows up to {@code to} of the same sequence at
     * consecutive positions, at most {@code maxRows}.
     */
    public static int tileEnd(Batch batch, int from, int to, int maxRows) {
        int end = from + 1;
        int[] table = batch.table(from);
        while (end < to && end - from < maxRows && batch.table(end) == table
                && batch.position(end) == batch.position(end - 1) + 1) {
            end++;
        }
        return end;
    }

    /**
     * {@code out_r,h = Σ_t softmax_t(q_r,h · k_t · scale) v_t} over {@code t <= first + r}, for rows {@code r < rows}
     * and heads {@code h < perRow}: query {@code (r, h)} at {@code q[qOffset + r * qRowStride + h * headDimK]}, its
     * output at {@code out[outOffset + r * outRowStride + h * headDimV]}.
     *
     * @throws IllegalArgumentException when the tile exceeds the scratch
     */
    public void attend(Shape shape, KvPages kv, int layer, int[] table, int keyColumn, int valueColumn, float[] q,
                       int qOffset, int qRowStride, int perRow, int first, int rows, float[] out, int outOffset,
                       int outRowStride) {
        if (rows * perRow > maxQueries || first + rows > stride) {
            throw new IllegalArgumentException("attention tile of " + rows + " x " + perRow + " queries to position "
                    + (first + rows - 1) + " exceeds " + maxQueries + " queries, context " + stride);
        }
        int dK = shape.headDimK();
        int dV = shape.headDimV();
        for (int r = 0; r < rows; r++) {
            for (int h = 0; h < perRow; h++) {
                if (shape.roundQuery()) {
                    shape.cache().roundQuery(q, qOffset + r * qRowStride + h * dK, dK);
                }
                Arrays.fill(out, outOffset + r * outRowStride + h * dV,
                        outOffset + r * outRowStride + (h + 1) * dV, 0f);
            }
        }
        Tile tile = new Tile(shape, kv, layer, table, q, qOffset, qRowStride, perRow, first, rows, out, outOffset,
                outRowStride);
        walk(tile, keyColumn, false);
        for (int r = 0; r < rows; r++) {
            for (int h = 0; h < perRow; h++) {
                int at = (r * perRow + h) * stride;
                kernel.softmax(scores, at, first + r + 1);
                shape.cache().roundWeights(scores, at, first + r + 1);
            }
        }
        walk(tile, valueColumn, true);
    }

    /**
     * One product over the tile, block by block: the scores ({@code values} false) or the weighted values. Rows that
     * see a whole block are one kernel call when their queries (and outputs) lie back to back; a row that sees part
     * of it (the diagonal) is a call of its own.
     */
    private void walk(Tile t, int column, boolean values) {
        float[] rowsOf = t.kv.layer(t.layer);
        int width = t.kv.width(t.layer);
        int bs = t.kv.blockSize();
        int dK = t.shape.headDimK();
        int dV = t.shape.headDimV();
        boolean packed = t.qRowStride == t.perRow * dK && t.outRowStride == t.perRow * dV;
        int last = t.first + t.rows;
        for (int t0 = 0; t0 < last; t0 += bs) {
            int base = t.kv.offset(t.layer, t.table[t0 / bs], 0) + column;
            int n = Math.min(bs, last - t0);
            for (int r = Math.max(0, t0 - t.first); r < t.rows; ) {
                int keys = Math.min(n, t.first + r + 1 - t0);
                int end = keys == n && packed ? t.rows : r + 1;
                int queries = (end - r) * t.perRow;
                int s = r * t.perRow * stride + t0;
                if (values) {
                    kernel.accumulate(scores, s, stride, queries, rowsOf, base, width, keys, dV, t.out,
                            t.outOffset + r * t.outRowStride);
                } else {
                    kernel.scores(t.q, t.qOffset + r * t.qRowStride, queries, rowsOf, base, width, keys, dK,
                            t.shape.scale(), scores, s, stride);
                }
                r = end;
            }
        }
    }

    /**
     * What a layer's attention fixes for all its tiles: head widths, the score scale, the cache type and whether
     * the query is rounded to it here.
     */
    public record Shape(int headDimK, int headDimV, float scale, KvCacheType cache, boolean roundQuery) {
    }

    /** The arguments of one {@link #attend} call, as {@link #walk} reads them. */
    private record Tile(Shape shape, KvPages kv, int layer, int[] table, float[] q, int qOffset, int qRowStride,
                        int perRow, int first, int rows, float[] out, int outOffset, int outRowStride) {
    }
}
