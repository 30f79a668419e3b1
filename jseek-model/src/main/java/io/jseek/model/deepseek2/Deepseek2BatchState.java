package io.jseek.model.deepseek2;

import io.jseek.model.KvCacheType;
import io.jseek.model.decoder.DecoderState;

/**
 * The activation buffers of a deepseek2 batched step, allocated once: one row per token ({@code T} rows at most),
 * packed with each buffer's width as row stride; the residual, FFN and RoPE buffers are {@link DecoderState}'s.
 * The routed-expert buffers hold, per expert chosen in a step, the rows gathered for it; they grow to the largest
 * such group seen, so a decode-only state stays small.
 */
final class Deepseek2BatchState extends DecoderState {
    final float[] qa;           // [T, Rq] compressed queries (q-LoRA)
    final float[] q;            // [T, H * (Dn + Dr)]
    final float[] kvA;          // [T, R + Dr] cache rows of the batch's tokens
    final float[] attnOut;      // [T, H * Dv]
    final float[] routerLogits; // [T, N]
    final int[] selected;       // [T, K] routed experts per row, best first
    final float[] expertWeights; // [T, K] their mixing weights
    final int[] expertRows;     // [N + 1 + T·K] per expert: start offsets, then the (row·K + k) picks grouped by expert
    final int[] usedExperts;    // [min(N, T·K)] the experts chosen in this step, in id order
    final float[][] expertIn;   // [j][c_j, E] the c_j rows routed to chosen expert j (grown on demand)
    final float[][] expertHidden; // [j][c_j, Fe] its gate, then silu(gate)·up
    final float[][] expertUp;   // [j][c_j, Fe]
    final float[][] expertOut;  // [j][c_j, E]
    final float[] moeOut;       // [T, E] weighted sum of the routed experts
    final MoeRouter router;
    final PagedMlaAttention attention;
    private final int embd;
    private final int expertFf;

    Deepseek2BatchState(Deepseek2Config c, int maxTokens, int maxContext, int threads, KvCacheType cacheType) {
        super(maxTokens, maxContext, c.base().embeddingLength(), ffnWidth(c), c.ropeDim() / 2);
        int t = maxTokens;
        int e = c.base().embeddingLength();
        int fe = c.expertFeedForwardLength();
        int k = c.expertUsedCount();
        qa = new float[t * c.qLoraRank()];
        q = new float[t * c.heads() * c.keyDim()];
        kvA = new float[t * c.latentCacheWidth()];
        attnOut = new float[t * c.heads() * c.valueDim()];
        routerLogits = new float[t * c.expertCount()];
        selected = new int[t * k];
        expertWeights = new float[t * k];
        expertRows = new int[c.expertCount() + 1 + t * k];
        int chosen = Math.min(c.expertCount(), t * k);
        usedExperts = new int[chosen];
        expertIn = new float[chosen][0];
        expertHidden = new float[chosen][0];
        expertUp = new float[chosen][0];
        expertOut = new float[chosen][0];
        this.embd = e;
        this.expertFf = fe;
        moeOut = new float[t * e];
        router = MoeRouter.of(c);
        attention = new PagedMlaAttention(c, threads, maxTokens, maxContext, cacheType);
    }

    /** The widest FFN hidden row: the dense layers', one routed expert's, or the shared experts' together. */
    private static int ffnWidth(Deepseek2Config c) {
        int fe = c.expertFeedForwardLength();
        return Math.max(c.base().maxFeedForwardLength(), Math.max(fe, fe * c.expertSharedCount()));
    }

    /** Makes the buffers of chosen expert {@code j} hold {@code rows} rows (they only grow, at least doubling). */
    void reserveExpert(int j, int rows) {
        int have = expertIn[j].length / embd;
        if (have < rows) {
            int grown = Math.min(maxTokens(), Math.max(rows, 2 * have));
            expertIn[j] = new float[grown * embd];
            expertOut[j] = new float[grown * embd];
            expertHidden[j] = new float[grown * expertFf];
            expertUp[j] = new float[grown * expertFf];
        }
    }
}
