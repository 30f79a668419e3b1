package io.jseek.model.llama;

import io.jseek.model.Batch;
import io.jseek.model.Checkpoints;
import io.jseek.model.ComputePool;
import io.jseek.model.KvCacheType;
import io.jseek.model.KvPages;
import io.jseek.model.ModelConfig;
import io.jseek.model.decoder.DecoderForward;
import io.jseek.model.ops.Activations;
import io.jseek.model.ops.BatchMatMul;
import io.jseek.model.ops.RmsNorm;
import io.jseek.model.ops.Rope;
import io.jseek.tensor.FloatTensor;
import java.util.stream.Stream;

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
final class DenseBatchForward extends DecoderForward<DenseBatchState> {
    private final ModelConfig config;
    private final DenseWeights weights;

    DenseBatchForward(ModelConfig config, DenseWeights weights, Rope rope, ComputePool pool, KvCacheType cacheType) {
        super(config, weights.tokenEmbd(), weights.outputNorm(), weights.output(),
                Stream.of(weights.layers()).map(DenseLayer::attnNorm).toArray(FloatTensor[]::new),
                Stream.of(weights.layers()).map(DenseLayer::ffnNorm).toArray(FloatTensor[]::new), rope, pool, cacheType);
        this.config = config;
        this.weights = weights;
    }

    /** Projections, RoPE, cache writes, paged attention and output projection of layer {@code l}; X += result. */
    @Override
    protected void attention(DenseBatchState s, Batch batch, KvPages kv, int l) {
        DenseLayer w = weights.layers()[l];
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
            kv.write(l, row, 0, s.k, r * kw, kw);
            kv.write(l, row, kw, s.v, r * vw, vw);
        }
        float scale = (float) (1.0 / Math.sqrt(d));
        s.attention.attend(pool, batch, kv, l, s.q, heads, kvHeads, d, dv, scale, cacheType, s.attnOut);
        s.checkpoints().accept("kqv_out", l, s.attnOut, n, heads * dv);
        matMul.apply(w.wo(), s.attnOut, heads * dv, s.xb2, e, n, e, heads * dv); // [N, E]
        addBias(w.bo(), s.xb2, n, e);
        s.checkpoints().accept("attn_out", l, s.xb2, n, e);
        Activations.add(s.x, s.xb2, n * e);
    }

    @Override
    protected void feedForward(DenseBatchState s, int l, int n) {
        DenseLayer w = weights.layers()[l];
        swiglu(s, w.ffnGate(), w.ffnUp(), w.ffnDown(), config.feedForwardLength(l), n);
    }

    private static void addBias(FloatTensor bias, float[] out, int n, int width) {
        if (bias != null) {
            for (int r = 0; r < n; r++) {
                Activations.addBias(out, r * width, bias, width);
            }
        }
    }
}
