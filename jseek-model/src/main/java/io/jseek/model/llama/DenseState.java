package io.jseek.model.llama;

import io.jseek.model.Checkpoints;
import io.jseek.model.InferenceState;
import io.jseek.model.KvCache;
import io.jseek.model.ModelConfig;
import io.jseek.model.ops.Attention;

/**
 * The per-sequence buffers of a dense decoder, allocated once (llama2.c's {@code RunState}). Sizes use the largest
 * per-layer head counts and FFN width, so one set serves every layer.
 */
final class DenseState implements InferenceState {
    final float[] x;        // [E] residual stream
    final float[] xb;       // [E] normalised input of the current block
    final float[] xb2;      // [E] output of the current block before the residual add
    final float[] q;        // [maxH * d] query heads
    final float[] k;        // [maxHkv * d] key heads of this token
    final float[] v;        // [maxHkv * dv] value heads of this token
    final float[] attnOut;  // [maxH * dv] concatenated head outputs
    final float[] hb;       // [maxF] gate, then silu(gate) * up
    final float[] hb2;      // [maxF] up
    final float[] logits;   // [V]
    final float[] ropeCos;  // [nRot/2] for the current position
    final float[] ropeSin;  // [nRot/2]
    final KvCache cache;
    final Attention attention;
    Checkpoints checkpoints = Checkpoints.NONE;

    DenseState(ModelConfig c, int contextLength, boolean kvCacheF16) {
        if (contextLength < 1) {
            throw new IllegalArgumentException("context length must be positive, got " + contextLength);
        }
        int e = c.embeddingLength();
        int maxH = c.maxHeadCount();
        x = new float[e];
        xb = new float[e];
        xb2 = new float[e];
        q = new float[maxH * c.keyLength()];
        k = new float[c.maxHeadCountKv() * c.keyLength()];
        v = new float[c.maxHeadCountKv() * c.valueLength()];
        attnOut = new float[maxH * c.valueLength()];
        hb = new float[c.maxFeedForwardLength()];
        hb2 = new float[c.maxFeedForwardLength()];
        logits = new float[c.vocabSize()];
        ropeCos = new float[c.rope().dimensionCount() / 2];
        ropeSin = new float[c.rope().dimensionCount() / 2];
        int[] keyWidth = new int[c.blockCount()];
        int[] valueWidth = new int[c.blockCount()];
        for (int l = 0; l < keyWidth.length; l++) {
            keyWidth[l] = c.headCountKv(l) * c.keyLength();
            valueWidth[l] = c.headCountKv(l) * c.valueLength();
        }
        cache = new KvCache(contextLength, keyWidth, valueWidth, kvCacheF16);
        attention = new Attention(maxH, contextLength);
    }

    @Override
    public int contextLength() {
        return cache.contextLength();
    }

    @Override
    public float[] logits() {
        return logits;
    }

    @Override
    public void setCheckpoints(Checkpoints checkpoints) {
        this.checkpoints = checkpoints == null ? Checkpoints.NONE : checkpoints;
    }
}
