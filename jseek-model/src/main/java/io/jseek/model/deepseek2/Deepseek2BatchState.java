package io.jseek.model.deepseek2;

import io.jseek.model.BatchState;
import io.jseek.model.KvCacheType;

/**
 * The activation buffers of a deepseek2 batched step, allocated once: one row per token ({@code T} rows at most),
 * packed with each buffer's width as row stride. The routed-expert buffers hold, per expert chosen in a step, the
 * rows gathered for it; they grow to the largest such group seen, so a decode-only state stays small.
 */
final class Deepseek2BatchState extends BatchState {
    final float[] x;            // [T, E] residual streams
    final float[] xb;           // [T, E] normalized block inputs; finally the normalized logits rows
    final float[] xb2;          // [T, E] block outputs before the residual add
    final float[] qa;           // [T, Rq] compressed queries (q-LoRA)
    final float[] q;            // [T, H * (Dn + Dr)]
    final float[] kvA;          // [T, R + Dr] cache rows of the batch's tokens
    final float[] attnOut;      // [T, H * Dv]
    final float[] hb;           // [T, max(F, Fe·S)] gate, then silu(gate)·up
    final float[] hb2;          // [T, max(F, Fe·S)] up
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
    final float[] ropeCos;      // [T, Dr/2] per row's position
    final float[] ropeSin;      // [T, Dr/2]
    final MoeRouter router;
    final PagedMlaAttention attention;
    private final int embd;
    private final int expertFf;

    Deepseek2BatchState(Deepseek2Config c, int maxTokens, int maxContext, int threads, KvCacheType cacheType) {
        super(maxTokens, maxContext);
        int t = maxTokens;
        int e = c.base().embeddingLength();
        int fe = c.expertFeedForwardLength();
        int ff = Math.max(c.base().maxFeedForwardLength(), Math.max(fe, fe * c.expertSharedCount()));
        int k = c.expertUsedCount();
        x = new float[t * e];
        xb = new float[t * e];
        xb2 = new float[t * e];
        qa = new float[t * c.qLoraRank()];
        q = new float[t * c.heads() * c.keyDim()];
        kvA = new float[t * c.latentCacheWidth()];
        attnOut = new float[t * c.heads() * c.valueDim()];
        hb = new float[t * ff];
        hb2 = new float[t * ff];
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
        ropeCos = new float[t * (c.ropeDim() / 2)];
        ropeSin = new float[t * (c.ropeDim() / 2)];
        router = MoeRouter.of(c);
        attention = new PagedMlaAttention(c, threads, maxTokens, maxContext, cacheType);
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
