package io.jseek.model.deepseek2;

import io.jseek.model.Batch;
import io.jseek.model.Checkpoints;
import io.jseek.model.HeapKvPages;
import io.jseek.model.InferenceState;
import io.jseek.model.KvCacheType;

/**
 * The per-sequence buffers of a deepseek2 model, allocated once. The cache is the compressed MLA cache: per layer and
 * position one row {@code [c ‖ k_pe]} of {@code R + Dr} floats, instead of {@code H·(Dn + Dr + Dv)} for a
 * decompressed cache.
 *
 * <p>The cache is one {@link HeapKvPages} block spanning the whole context (its rows allocated as positions are
 * reached), the layout of the batched paged step. So
 * the single-token step and the chunked prefill ({@link Deepseek2#prefill}, which runs {@link Deepseek2BatchForward}
 * over {@link #TABLE}) share one cache, and attention is {@link PagedMlaAttention} for both. The prefill buffers are
 * allocated on first use: a state that only decodes does not pay for them.
 */
final class Deepseek2State implements InferenceState {
    /** The block table of the single block. */
    static final int[] TABLE = {0};

    final float[] x;            // [E] residual stream
    final float[] xb;           // [E] normalized input of the current block
    final float[] xb2;          // [E] block output before the residual add
    final float[] qa;           // [Rq] compressed query (non-lite)
    final float[] q;            // [H][Dn + Dr] query heads
    final float[] kvA;          // [R + Dr] latent c ‖ k_pe of this token: the cache row
    final float[] attnOut;      // [H][Dv] concatenated head outputs
    final float[] hb;           // [max(F, Fe·S)] gate, then silu(gate)·up
    final float[] hb2;          // [max(F, Fe·S)] up
    final float[] routerLogits; // [N]
    final float[][] expertGate; // [K][Fe] gate, then silu(gate)·up, of each selected expert
    final float[][] expertUp;   // [K][Fe] up of each selected expert
    final float[][] expertOut;  // [K][E] output of each selected expert
    final float[] moeOut;       // [E] weighted sum of the routed experts
    final float[] logits;       // [V]
    final float[] ropeCos;      // [Dr/2] for the current position
    final float[] ropeSin;      // [Dr/2]
    final HeapKvPages kv;       // one block of up to contextLength rows [c ‖ k_pe] per layer
    final Batch batch;          // the current token (its position for attention), or a prefill chunk
    final PagedMlaAttention attention;
    final MoeRouter router;
    final int contextLength;
    Deepseek2BatchState prefill;
    Checkpoints checkpoints = Checkpoints.NONE;

    Deepseek2State(Deepseek2Config c, int contextLength, int threads, KvCacheType cacheType, int prefillChunk) {
        if (contextLength < 1) {
            throw new IllegalArgumentException("context length must be positive, got " + contextLength);
        }
        this.contextLength = contextLength;
        int e = c.base().embeddingLength();
        int ff = Math.max(c.base().maxFeedForwardLength(),
                Math.max(c.expertFeedForwardLength(), c.expertFeedForwardLength() * c.expertSharedCount()));
        x = new float[e];
        xb = new float[e];
        xb2 = new float[e];
        qa = new float[c.qLoraRank()];
        q = new float[c.heads() * c.keyDim()];
        kvA = new float[c.latentCacheWidth()];
        attnOut = new float[c.heads() * c.valueDim()];
        hb = new float[ff];
        hb2 = new float[ff];
        routerLogits = new float[c.expertCount()];
        expertGate = new float[c.expertUsedCount()][c.expertFeedForwardLength()];
        expertUp = new float[c.expertUsedCount()][c.expertFeedForwardLength()];
        expertOut = new float[c.expertUsedCount()][e];
        moeOut = new float[e];
        logits = new float[c.base().vocabSize()];
        ropeCos = new float[c.ropeDim() / 2];
        ropeSin = new float[c.ropeDim() / 2];
        int[] widths = new int[c.base().blockCount()];
        java.util.Arrays.fill(widths, c.latentCacheWidth());
        kv = HeapKvPages.sequence(contextLength, widths);
        batch = new Batch(prefillChunk, 1, c.base().vocabSize());
        attention = new PagedMlaAttention(c, threads, 1, contextLength, cacheType);
        router = MoeRouter.of(c);
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
