package io.jseek.model.llama;

import io.jseek.model.Batch;
import io.jseek.model.Checkpoints;
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
 * The forward step of {@link DenseDecoder} ({@code llama}, {@code qwen2} and {@code qwen3} run the same graph; qwen2
 * differs only in its biases and RoPE pairing, qwen3 in its per-head q/k norm, all carried by the weights and
 * config) over the N rows of a {@link Batch}: the tokens of several sequences, a prompt chunk, or one decode token.
 * <pre>
 *   X = token_embd[tokens]                                     // [N, E]
 *   per layer:  Q, K, V = (RMSNorm(X)·attn_norm) · Wq/Wk/Wv (+b)   // [N, H·d], [N, Hkv·d], [N, Hkv·dv]
 *               Q, K = RMSNorm per head · q_norm/k_norm        (qwen3 only)
 *               rope(Q, K) per row at its position; KV row of each token -> its sequence's block
 *               A = attention per (row, head) over positions 0..pos of the row's sequence   // [N, H·dv]
 *               X += A · Wo (+bo);  X += SwiGLU(RMSNorm(X)·ffn_norm)
 *   logits[slot] = output · RMSNorm(X[row of slot])·output_norm  // [slots, V]
 * </pre>
 * Weight-bound work is one {@link BatchMatMul} dispatch per group of matrices that read the same input (q/k/v,
 * gate/up); a batch of one token runs the fused mat-vec kernel there. The per-row work (norms, RoPE, cache writes) is
 * small next to it and stays on the calling thread. Intermediates are reported under llama.cpp's names
 * ({@link Checkpoints}).
 */
final class DenseBatchForward {
    private final ModelConfig config;
    private final DenseWeights weights;
    private final Rope rope;
    private static final int GLU_GRAIN = 1 << 14;
    private final ComputePool pool;
    private final KvCacheType cacheType;
    private final BatchMatMul matMul;
    private float[] gluGate;
    private float[] gluUp;
    /** SwiGLU over the pool (a prompt's [N, F] hidden is 1.1M exps per layer for 128 tokens of qwen2-1.5B). */
    private final ComputePool.RangeTask swiglu = (from, to) -> Activations.swiglu(gluGate, gluUp, from, to);

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
        int e = config.embeddingLength();
        Checkpoints cb = s.checkpoints();
        embed(s, batch);
        cb.accept("inp_embd", -1, s.x, n, e);
        for (int l = 0; l < config.blockCount(); l++) {
            DenseLayer w = weights.layers()[l];
            norm(s.xb, s.x, w.attnNorm(), n);
            cb.accept("attn_norm", l, s.xb, n, e);
            attention(s, batch, kv, l, w);
            cb.accept("ffn_inp", l, s.x, n, e);
            norm(s.xb, s.x, w.ffnNorm(), n);
            cb.accept("ffn_norm", l, s.xb, n, e);
            feedForward(s, l, w, n);
            cb.accept("ffn_out", l, s.xb2, n, e);
            Activations.add(s.x, s.xb2, n * e);
            cb.accept("l_out", l, s.x, n, e);
        }
        logits(s, batch);
    }

    /** {@code X[r] = token_embd[token_r]} // [N, E]; the RoPE angles of each row's position. */
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
        int qw = heads * d;
        int kw = kvHeads * d;
        int vw = kvHeads * dv;
        matMul.begin();
        matMul.add(w.wq(), s.xb, e, n, e, s.q, qw, qw);   // Q [N, H·d]
        matMul.add(w.wk(), s.xb, e, n, e, s.k, kw, kw);   // K [N, Hkv·d]
        matMul.add(w.wv(), s.xb, e, n, e, s.v, vw, vw);   // V [N, Hkv·dv]
        matMul.run();
        addBias(w.bq(), s.q, n, qw);
        addBias(w.bk(), s.k, n, kw);
        addBias(w.bv(), s.v, n, vw);
        int pairs = rope.pairs();
        for (int r = 0; r < n; r++) {
            if (w.qNorm() != null) {
                RmsNorm.heads(s.q, r * qw, heads, d, w.qNorm(), config.rmsEps());
                RmsNorm.heads(s.k, r * kw, kvHeads, d, w.kNorm(), config.rmsEps());
            }
            for (int h = 0; h < heads; h++) {
                rope.rotate(s.q, r * qw + h * d, s.ropeCos, s.ropeSin, r * pairs);
            }
            for (int h = 0; h < kvHeads; h++) {
                rope.rotate(s.k, r * kw + h * d, s.ropeCos, s.ropeSin, r * pairs);
            }
        }
        s.checkpoints().accept("Qcur", l, s.q, n, qw);
        s.checkpoints().accept("Kcur", l, s.k, n, kw);
        s.checkpoints().accept("Vcur", l, s.v, n, vw);
        for (int r = 0; r < n; r++) { // cache row of position pos: [K ‖ V] of every KV head
            int row = kv.rowOffset(l, batch.table(r), batch.position(r));
            kv.write(l, row, 0, s.k, r * kw, kw, cacheType);
            kv.write(l, row, kw, s.v, r * vw, vw, cacheType);
        }
        float scale = (float) (1.0 / Math.sqrt(d));
        s.attention.attend(pool, batch, kv, l, s.q, heads, kvHeads, d, dv, scale, cacheType, s.attnOut);
        s.checkpoints().accept("kqv_out", l, s.attnOut, n, heads * dv);
        matMul.apply(w.wo(), s.attnOut, heads * dv, s.xb2, e, n, e, heads * dv); // [N, E]
        addBias(w.bo(), s.xb2, n, e);
        s.checkpoints().accept("attn_out", l, s.xb2, n, e);
        Activations.add(s.x, s.xb2, n * e);
    }

    /** {@code xb2 = down(silu(gate·xb) ⊙ up·xb)} // [N, E], hidden [N, F]. */
    private void feedForward(DenseBatchState s, int l, DenseLayer w, int n) {
        int e = config.embeddingLength();
        int f = config.feedForwardLength(l);
        matMul.begin();
        matMul.add(w.ffnGate(), s.xb, e, n, e, s.hb, f, f);
        matMul.add(w.ffnUp(), s.xb, e, n, e, s.hb2, f, f);
        matMul.run();
        gluGate = s.hb;
        gluUp = s.hb2;
        int count = n * f;
        pool.forRange(count, Math.max(GLU_GRAIN, count / (4 * pool.threads()) + 1), swiglu);
        matMul.apply(w.ffnDown(), s.hb, f, s.xb2, e, n, e, f);
    }

    /** Normalises the rows that want logits into {@code xb[0 ..]} and projects them straight into the batch. */
    private void logits(DenseBatchState s, Batch batch) {
        int e = config.embeddingLength();
        int slots = batch.logitsCount();
        for (int i = 0; i < slots; i++) {
            RmsNorm.apply(s.xb, i * e, s.x, batch.logitsRow(i) * e, weights.outputNorm(), e, config.rmsEps());
        }
        s.checkpoints().accept("result_norm", -1, s.xb, slots, e);
        int v = config.vocabSize();
        matMul.apply(weights.output(), s.xb, e, batch.logits(), v, slots, v, e); // [slots, V]
        s.checkpoints().accept("result_output", -1, batch.logits(), slots, v);
    }

    private static void addBias(FloatTensor bias, float[] out, int n, int width) {
        if (bias != null) {
            for (int r = 0; r < n; r++) {
                Activations.addBias(out, r * width, bias, width);
            }
        }
    }
}
