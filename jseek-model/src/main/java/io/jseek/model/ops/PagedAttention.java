package io.jseek.model.ops;

import io.jseek.model.KvCacheType;
import io.jseek.model.KvPages;

/**
 * Causal attention of one query head over a sequence's positions {@code 0..pos} read through a block table
 * ({@link KvPages}), whatever the blocks' order: the numbers depend on the positions only. Keys of a position start at
 * column {@code keyColumn} of its row, values at {@code valueColumn}; GQA heads and MLA latents only differ in those
 * columns and widths.
 *
 * <p>The cache's type rounds the query ({@code roundQuery}; in place) and the softmax weights as llama.cpp does
 * ({@link KvCacheType#roundQuery}, {@link KvCacheType#roundWeights}).
 *
 * <p>Rows are visited block by block, so the inner loops see consecutive rows and no division per position.
 */
public final class PagedAttention {
    private PagedAttention() {
    }

    /**
     * {@code out[outOffset + j] = Σ_t softmax_t(q · k_t · scale) v_t[j]} over {@code t < positions}; {@code att} is
     * scratch of at least {@code positions} floats from {@code attOffset}.
     */
    public static void attendHead(float[] q, int qOffset, KvPages kv, int layer, int[] table, int keyColumn,
                                  int valueColumn, int headDimK, int headDimV, int positions, float scale,
                                  float[] att, int attOffset, float[] out, int outOffset, KvCacheType cache,
                                  boolean roundQuery) {
        if (roundQuery) {
            cache.roundQuery(q, qOffset, headDimK);
        }
        float[] rows = kv.layer(layer);
        int width = kv.width(layer);
        int bs = kv.blockSize();
        for (int t0 = 0; t0 < positions; t0 += bs) {
            int base = kv.offset(layer, table[t0 / bs], 0) + keyColumn;
            int n = Math.min(bs, positions - t0);
            for (int s = 0; s < n; s++) {
                int k = base + s * width;
                float dot = 0f;
                for (int i = 0; i < headDimK; i++) {
                    dot += q[qOffset + i] * rows[k + i];
                }
                att[attOffset + t0 + s] = dot * scale;
            }
        }
        Activations.softmax(att, attOffset, positions);
        cache.roundWeights(att, attOffset, positions);
        for (int j = 0; j < headDimV; j++) {
            out[outOffset + j] = 0f;
        }
        for (int t0 = 0; t0 < positions; t0 += bs) {
            int base = kv.offset(layer, table[t0 / bs], 0) + valueColumn;
            int n = Math.min(bs, positions - t0);
            for (int s = 0; s < n; s++) {
                float a = att[attOffset + t0 + s];
                int v = base + s * width;
                for (int j = 0; j < headDimV; j++) {
                    out[outOffset + j] += a * rows[v + j];
                }
            }
        }
    }
}
