package io.jseek.model.llama;

import io.jseek.model.Batch;
import io.jseek.model.ComputePool;
import io.jseek.model.KvCacheType;
import io.jseek.model.KvPages;
import io.jseek.model.ModelConfig;
import io.jseek.model.ops.Activations;
import io.jseek.model.ops.BatchMatMul;
import io.jseek.model.ops.RmsNorm;
import io.jseek.model.ops.Rope;
import io.jseek.tensor.FloatTensor;

/**
 * The batched, paged forward step of {@link DenseDecoder} ({@code llama}, {@code qwen2} and {@code qwen3} run the
 * same graph; qwen2 differs only in its biases and RoPE pairing, qwen3 in its per-head q/k norm, all carried by the
 * weights and config):
 * <pre>
 *   X = token_embd[tokens]                                   // [N, E], N rows of several sequences
 *   per layer:  Q, K, V = (RMSNorm(X)·attn_norm) · Wq/Wk/Wv (+b)   one matMul each over all N rows
 *               Q, K = RMSNorm per head · q_norm/k_norm      (qwen3 only)
 *               rope(Q, K) per row at its position; KV row of each token -> its sequence's block
 *               A = attention per (row, head) over positions 0..pos of the row's sequence
 *               X += A · Wo;  X += SwiGLU(RMSNorm(X)·ffn_norm)   matMuls over all N rows
 *   logits[slot] = output · RMSNorm(X[row of slot])·output_norm  one matMul over the rows that want logits
 * </pre>
 * Weight-bound work is one {@link BatchMatMul} per matrix per step; the per-row work (norms, RoPE, cache writes) is
 * small next to it and stays on the calling thread.
 */
final class DenseBatchForward {
    private final ModelConfig config;
    private final DenseWeights weights;
    private final Rope rope;
    private final ComputePool pool;
    private final KvCacheType cacheType;
    private final BatchMatMul matMul;

    DenseBatchForward(ModelConfig config, DenseWeights weights, Rope rope, ComputePool pool, KvCacheType cacheType) {
        this.config = config;
        this.weights = weights;
        this.rope = rope;
        this.pool = pool;
        this.cacheType = cacheType;
        this.matMul = new BatchMatMul(pool);
    }

    void forward(DenseBatchState s, Batch batch, KvPages kv) {
        int n = batch.rows();
        if (n > s.maxTokens) {
            throw new IllegalArgumentException(n + " rows exceed the batch state's " + s.maxTokens);
        }
        embed(s, batch);
        for (int l = 0; l < config.blockCount(); l++) {
            DenseLayer w = weights.layers()[l];
            norm(s.xb, s.x, w.attnNorm(), n);
            attention(s, batch, kv, l, w);
            norm(s.xb, s.x, w.ffnNorm(), n);
            feedForward(s, l, w, n);
        }
        logits(s, batch);
    }

    private void embed(DenseBatchState s, Batch batch) {
        int e = config.embeddingLength();
        int pairs = rope.pairs();
        for (int r = 0; r < batch.rows(); r++) {
            int token = batch.token(r);
            if (token < 0 || token >= config.vocabSize()) {
                throw new IllegalArgumentException("token " + token + " is outside the vocabulary of "
                        + config.vocabSize());
            }
            weights.tokenEmbd().dequantize((long) token * e, s.x, r * e, e);
            rope.cache(batch.position(r), s.ropeCos, s.ropeSin, r * pairs);
        }
    }

    private void norm(float[] out, float[] in, FloatTensor w, int rows) {
        int e = config.embeddingLength();
        for (int r = 0; r < rows; r++) {
            RmsNorm.apply(out, r * e, in, r * e, w, e, config.rmsEps());
        }
    }

    /** Projections, RoPE, cache writes, paged attention and output projection of layer {@code l}; X += result. */
    private void attention(DenseBatchState s, Batch batch, KvPages kv, int l, DenseLayer w) {
        int n = batch.rows();
        int e = config.embeddingLength();
        int heads = config.headCount(l);
        int kvHeads = config.headCountKv(l);
        int d = config.keyLength();
        int dv = config.valueLength();
        project(w.wq(), w.bq(), s.xb, s.q, n, heads * d, e);
        project(w.wk(), w.bk(), s.xb, s.k, n, kvHeads * d, e);
        project(w.wv(), w.bv(), s.xb, s.v, n, kvHeads * dv, e);
        int pairs = rope.pairs();
        for (int r = 0; r < n; r++) {
            if (w.qNorm() != null) {
                RmsNorm.heads(s.q, r * heads * d, heads, d, w.qNorm(), config.rmsEps());
                RmsNorm.heads(s.k, r * kvHeads * d, kvHeads, d, w.kNorm(), config.rmsEps());
            }
            for (int h = 0; h < heads; h++) {
                rope.rotate(s.q, (r * heads + h) * d, s.ropeCos, s.ropeSin, r * pairs);
            }
            for (int h = 0; h < kvHeads; h++) {
                rope.rotate(s.k, (r * kvHeads + h) * d, s.ropeCos, s.ropeSin, r * pairs);
            }
            int row = kv.rowOffset(l, batch.table(r), batch.position(r));
            kv.write(l, row, 0, s.k, r * kvHeads * d, kvHeads * d, cacheType);
            kv.write(l, row, kvHeads * d, s.v, r * kvHeads * dv, kvHeads * dv, cacheType);
        }
        float scale = (float) (1.0 / Math.sqrt(d));
        s.attention.attend(pool, batch, kv, l, s.q, heads, kvHeads, d, dv, scale, cacheType, s.attnOut);
        project(w.wo(), w.bo(), s.attnOut, s.xb2, n, e, heads * dv);
        Activations.add(s.x, s.xb2, n * e);
    }

    /** SwiGLU FFN of layer {@code l} on {@code xb}; X += result. */
    private void feedForward(DenseBatchState s, int l, DenseLayer w, int n) {
        int e = config.embeddingLength();
        int f = config.feedForwardLength(l);
        matMul.apply(w.ffnGate(), s.xb, e, s.hb, f, n, f, e);
        matMul.apply(w.ffnUp(), s.xb, e, s.hb2, f, n, f, e);
        Activations.swiglu(s.hb, s.hb2, n * f);
        matMul.apply(w.ffnDown(), s.hb, f, s.xb2, e, n, e, f);
        Activations.add(s.x, s.xb2, n * e);
    }

    /** Normalises the rows that want logits into {@code xb[0 ..]} and projects them straight into the batch. */
    private void logits(DenseBatchState s, Batch batch) {
        int e = config.embeddingLength();
        int slots = batch.logitsCount();
        for (int i = 0; i < slots; i++) {
            RmsNorm.apply(s.xb, i * e, s.x, batch.logitsRow(i) * e, weights.outputNorm(), e, config.rmsEps());
        }
        int v = config.vocabSize();
        matMul.apply(weights.output(), s.xb, e, batch.logits(), v, slots, v, e);
    }

    /** {@code out [n, rows] = in [n, cols] · wᵀ (+ bias)}, rows packed with stride {@code rows}. */
    private void project(FloatTensor w, FloatTensor bias, float[] in, float[] out, int n, int rows, int cols) {
        matMul.apply(w, in, cols, out, rows, n, rows, cols);
        if (bias != null) {
            for (int r = 0; r < n; r++) {
                Activations.addBias(out, r * rows, bias, rows);
            }
        }
    }
}
