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
 * <p>Pages of halves (F16) are widened a chunk of rows at a time into a small float scratch ({@link KvPages#read},
 * at most {@value #CHUNK_VALUES} floats, so it stays in L1 while every query of the tile meets it), and the float
 * kernels run on that: the cache is read from memory at two bytes a value, and the floats are those a float page of
 * the same rounded values would hold. Chunks change no bits: a score does not depend on which keys share its call,
 * and each output column sums its terms in key order across calls ({@link AttentionKernel}).
 *
 * <p>One instance per worker: it owns the score rows of one tile, {@code maxQueries × maxContext} floats, and the
 * widened chunk.
 */
public final class PagedAttention {
    /** Floats of one widened chunk of half rows, about 32 KB. */
    static final int CHUNK_VALUES = 8192;
    /** Keys the vector score kernel takes per step: chunks are a multiple of it. */
    private static final int KEY_STEP = 4;

    private final AttentionKernel kernel;
    private final int maxQueries;
    private final int stride;     // floats per score row: the longest context
    private final float[] scores; // [maxQueries][stride]
    private float[] widened = new float[0]; // one chunk of rows of halves, as floats

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
     * One product over the tile, block by block (chunk by chunk for halves): the scores ({@code values} false) or the
     * weighted values. Rows that see a whole chunk are one kernel call when their queries (and outputs) lie back to
     * back; a row that sees part of it (the diagonal) is a call of its own.
     */
    private void walk(Tile t, int column, boolean values) {
        KvPages kv = t.kv;
        int bs = kv.blockSize();
        int d = values ? t.shape.headDimV() : t.shape.headDimK();
        boolean widen = kv.type().halves();
        int chunk = widen ? Math.max(KEY_STEP, CHUNK_VALUES / d / KEY_STEP * KEY_STEP) : bs;
        float[] rowsOf = widen ? widened(chunk * d) : kv.layer(t.layer);
        int rowStride = widen ? d : kv.width(t.layer);
        boolean packed = t.qRowStride == t.perRow * t.shape.headDimK()
                && t.outRowStride == t.perRow * t.shape.headDimV();
        int last = t.first + t.rows;
        for (int t0 = 0, n; t0 < last; t0 += n) {
            int slot = t0 % bs;
            n = Math.min(Math.min(chunk, bs - slot), last - t0);
            int base = kv.offset(t.layer, t.table[t0 / bs], slot) + column;
            if (widen) {
                kv.read(t.layer, base, n, d, rowsOf, 0);
                base = 0;
            }
            for (int r = Math.max(0, t0 - t.first); r < t.rows; ) {
                int keys = Math.min(n, t.first + r + 1 - t0);
                int end = keys == n && packed ? t.rows : r + 1;
                int queries = (end - r) * t.perRow;
                int s = r * t.perRow * stride + t0;
                if (values) {
                    kernel.accumulate(scores, s, stride, queries, rowsOf, base, rowStride, keys, d, t.out,
                            t.outOffset + r * t.outRowStride);
                } else {
                    kernel.scores(t.q, t.qOffset + r * t.qRowStride, queries, rowsOf, base, rowStride, keys, d,
                            t.shape.scale(), scores, s, stride);
                }
                r = end;
            }
        }
    }

    /** The widened-chunk scratch, at least {@code n} floats. */
    private float[] widened(int n) {
        if (widened.length < n) {
            widened = new float[n];
        }
        return widened;
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
