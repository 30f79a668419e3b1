package io.jseek.model.ops;

import io.jseek.model.ComputePool;
import io.jseek.model.KvCache;
import io.jseek.model.KvCacheType;

/**
 * Causal scaled dot-product attention of one token over the cached positions {@code 0..pos} (spec §2.0):
 * per query head {@code h}, {@code softmax(q_h · K_g^T * scale) · V_g} with {@code g = h / (nHeads / nKvHeads)}
 * (grouped-query attention); head outputs are concatenated head-major.
 *
 * <p>An instance is the reusable parallel task over heads: {@link #attend(ComputePool, KvCache, int, float[], int, int,
 * int, int, int, float, float[])} configures it for one layer and splits the heads over the pool. Scores live in a
 * {@code [nHeads][contextLength]} scratch buffer so heads never share memory.
 */
public final class Attention implements ComputePool.RangeTask {
    private final float[] scores; // [maxHeads][contextLength]
    private final int contextLength;
    private KvCache cache;
    private int layer;
    private float[] q;
    private float[] out;
    private int headDimK;
    private int headDimV;
    private int group;
    private int positions;
    private float scale;

    /** Scratch for up to {@code maxHeads} heads over {@code contextLength} positions. */
    public Attention(int maxHeads, int contextLength) {
        this.scores = new float[Math.multiplyExact(maxHeads, contextLength)];
        this.contextLength = contextLength;
    }

    /**
     * Attends {@code nHeads} query heads ({@code q[h * headDimK ..]}) at position {@code pos} over layer
     * {@code layer} of {@code cache}, writing {@code out[h * headDimV ..]}.
     */
    public void attend(ComputePool pool, KvCache cache, int layer, float[] q, int nHeads, int nKvHeads, int headDimK,
                    int headDimV, int pos, float scale, float[] out) {
        this.cache = cache;
        this.layer = layer;
        this.q = q;
        this.out = out;
        this.headDimK = headDimK;
        this.headDimV = headDimV;
        this.group = nHeads / nKvHeads;
        this.positions = pos + 1;
        this.scale = scale;
        pool.forRange(nHeads, 1, this);
        this.cache = null;
        this.q = null;
        this.out = null;
    }

    @Override
    public void run(int fromHead, int toHead) {
        float[] keys = cache.keys(layer);
        float[] values = cache.values(layer);
        int keyStride = cache.keyWidth(layer);
        int valueStride = cache.valueWidth(layer);
        for (int h = fromHead; h < toHead; h++) {
            int g = h / group;
            attendHead(q, h * headDimK, keys, keyStride, g * headDimK, values, valueStride, g * headDimV,
                    headDimK, headDimV, positions, scale, scores, h * contextLength, out, h * headDimV,
                    cache.roundsToF16(), cache.roundsToF16());
        }
    }

    /**
     * One head: {@code att[t] = softmax_t(q · k_t * scale)} for {@code t < positions}, then
     * {@code out[j] = Σ_t att[t] v_t[j]}. Key {@code t} is at {@code keys[t * keyStride + keyOffset ..]}.
     */
    public static void attendHead(float[] q, int qOffset, float[] keys, int keyStride, int keyOffset,
                                  float[] values, int valueStride, int valueOffset, int headDimK, int headDimV,
                                  int positions, float scale, float[] att, int attOffset, float[] out, int outOffset) {
        attendHead(q, qOffset, keys, keyStride, keyOffset, values, valueStride, valueOffset, headDimK, headDimV,
                positions, scale, att, attOffset, out, outOffset, false, false);
    }

    /**
     * As above, for an F16 KV cache: in llama.cpp mode ({@link ActivationPrecision}) {@code roundQuery} rounds the
     * query head to F16 in place and {@code roundWeights} rounds the softmax weights to F16 before they weight the
     * values, because ggml's (non-flash) attention multiplies both with the F16 cache, converting them to F16 first.
     */
    public static void attendHead(float[] q, int qOffset, float[] keys, int keyStride, int keyOffset,
                                  float[] values, int valueStride, int valueOffset, int headDimK, int headDimV,
                                  int positions, float scale, float[] att, int attOffset, float[] out, int outOffset,
                                  boolean roundQuery, boolean roundWeights) {
        if (roundQuery) {
            KvCacheType.F16.roundQuery(q, qOffset, headDimK);
        }
        for (int t = 0; t < positions; t++) {
            int k = t * keyStride + keyOffset;
            float dot = 0f;
            for (int i = 0; i < headDimK; i++) {
                dot += q[qOffset + i] * keys[k + i];
            }
            att[attOffset + t] = dot * scale;
        }
        Activations.softmax(att, attOffset, positions);
        if (roundWeights) {
            KvCacheType.F16.roundWeights(att, attOffset, positions);
        }
        for (int j = 0; j < headDimV; j++) {
            out[outOffset + j] = 0f;
        }
        for (int t = 0; t < positions; t++) {
            float a = att[attOffset + t];
            int v = t * valueStride + valueOffset;
            for (int j = 0; j < headDimV; j++) {
                out[outOffset + j] += a * values[v + j];
            }
        }
    }
}
