package io.jseek.model.llama;

import io.jseek.model.Batch;
import io.jseek.model.Checkpoints;
import io.jseek.model.HeapKvPages;
import io.jseek.model.InferenceState;
import io.jseek.model.ModelConfig;

/**
 * The per-sequence buffers of a dense decoder, allocated once (llama2.c's {@code RunState}). Sizes use the largest
 * per-layer head counts and FFN width, so one set serves every layer.
 *
 * <p>The KV cache is one {@link HeapKvPages} block spanning the whole context, its rows allocated as positions are
 * reached (row per position: the keys, then the
 * values of every KV head), the layout of the batched paged step. So the single-token step and the chunked prefill
 * ({@link DenseDecoder#prefill}, which runs {@link DenseBatchForward} over {@link #TABLE}) share one cache, and
 * attention is the paged code for both. The prefill buffers are allocated on first use: a state that only decodes
 * does not pay for them.
 */
final class DenseState implements InferenceState {
    /** The block table of the single block. */
    static final int[] TABLE = {0};

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
    final HeapKvPages kv;
    final Batch batch;      // the current token (its position for attention), or a prefill chunk
    final DenseBatchAttention attention;
    final int contextLength;
    DenseBatchState prefill;
    Checkpoints checkpoints = Checkpoints.NONE;

    DenseState(ModelConfig c, int contextLength, int threads, int prefillChunk) {
        if (contextLength < 1) {
            throw new IllegalArgumentException("context length must be positive, got " + contextLength);
        }
        this.contextLength = contextLength;
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
        int[] widths = new int[c.blockCount()];
        for (int l = 0; l < widths.length; l++) {
            widths[l] = c.headCountKv(l) * (c.keyLength() + c.valueLength());
        }
        kv = HeapKvPages.sequence(contextLength, widths);
        batch = new Batch(prefillChunk, 1, c.vocabSize());
        attention = new DenseBatchAttention(threads, contextLength);
    }

    @Override
    public int contextLength() {
        return contextLength;
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
