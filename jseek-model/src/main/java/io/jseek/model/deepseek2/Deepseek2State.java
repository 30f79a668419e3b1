package io.jseek.model.deepseek2;

import io.jseek.model.Checkpoints;
import io.jseek.model.InferenceState;
import io.jseek.model.KvCache;

/**
 * The per-sequence buffers of a deepseek2 model, allocated once. The cache is the compressed MLA cache: per layer and
 * position one row {@code [c ‖ k_pe]} of {@code R + Dr} floats ({@link KvCache} keys; values unused, width 0),
 * instead of {@code H·(Dn + Dr + Dv)} for a decompressed cache.
 */
final class Deepseek2State implements InferenceState {
    static final float[] NO_VALUES = new float[0];

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
    final float[] expertOut;    // [E] one expert's output
    final float[] moeOut;       // [E] weighted sum of the routed experts
    final float[] logits;       // [V]
    final float[] ropeCos;      // [Dr/2] for the current position
    final float[] ropeSin;      // [Dr/2]
    final KvCache cache;
    final MlaAttention attention;
    final MoeRouter router;
    Checkpoints checkpoints = Checkpoints.NONE;

    Deepseek2State(Deepseek2Config c, int contextLength, boolean kvCacheF16) {
        if (contextLength < 1) {
            throw new IllegalArgumentException("context length must be positive, got " + contextLength);
        }
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
        expertOut = new float[e];
        moeOut = new float[e];
        logits = new float[c.base().vocabSize()];
        ropeCos = new float[c.ropeDim() / 2];
        ropeSin = new float[c.ropeDim() / 2];
        int[] keyWidth = new int[c.base().blockCount()];
        java.util.Arrays.fill(keyWidth, c.latentCacheWidth());
        cache = new KvCache(contextLength, keyWidth, new int[keyWidth.length], kvCacheF16);
        attention = new MlaAttention(c, contextLength);
        router = MoeRouter.of(c);
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
