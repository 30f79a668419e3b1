package io.jseek.model.deepseek2;

import io.jseek.model.Batch;
import io.jseek.model.Checkpoints;
import io.jseek.model.ComputePool;
import io.jseek.model.KvCacheType;
import io.jseek.model.KvPages;
import io.jseek.model.ops.Activations;
import io.jseek.model.ops.BatchMatMul;
import io.jseek.model.ops.RmsNorm;
import io.jseek.model.ops.Rope;
import io.jseek.tensor.FloatTensor;

/**
 * The forward step of {@link Deepseek2} (DeepSeek-V2, V2-Lite, V2.5, Coder-V2, V3, R1; spec §2.4; llama.cpp
 * {@code src/models/deepseek2.cpp}) over the N rows of a {@link Batch}: the tokens of several sequences, a prompt
 * chunk, or one decode token.
 * <pre>
 *   X = token_embd[tokens]                                          // [N, E]
 *   per layer:
 *     xb  = RMSNorm(X)·attn_norm
 *     Q   = q-LoRA ? Wq_b (RMSNorm(Wq_a xb)·q_a_norm) : Wq xb       // [N, H·(Dn + Dr)]
 *     kvA = Wkv_a_mqa xb = [c ‖ k_pe]                               // [N, R + Dr]
 *     rope(q_pe[h]), rope(k_pe)      NORM pairs, YaRN; c = RMSNorm(c)·kv_a_norm
 *     cache[pos] = [c ‖ k_pe];  X += Wo · MLA(Q, cache)              // absorbed, see PagedMlaAttention
 *     xb  = RMSNorm(X)·ffn_norm
 *     X  += layer < n_dense ? SwiGLU(xb) : routed experts + shared experts   // BatchedMoe
 *   logits[slot] = output · (RMSNorm(X[row of slot])·output_norm)   // [slots, V]
 * </pre>
 * Projections are {@link BatchMatMul} dispatches over all rows, those that read the same input grouped in one; a
 * batch of one token runs the fused mat-vec kernel there. Each row's latent cache row is written into its sequence's
 * block; routed experts run once per step over the rows that picked them. Intermediates are reported under
 * llama.cpp's names ({@link io.jseek.model.Checkpoints}).
 */
final class Deepseek2BatchForward {
    private final Deepseek2Config config;
    private final Deepseek2Weights weights;
    private final Rope rope;
    private final ComputePool pool;
    private final KvCacheType cacheType;
    private final BatchMatMul matMul;
    private final BatchedMoe moe;
    private final MlaHeads mlaHeads;

    Deepseek2BatchForward(Deepseek2Config config, Deepseek2Weights weights, MlaHeads mlaHeads, Rope rope,
                          ComputePool pool, KvCacheType cacheType) {
        this.config = config;
        this.weights = weights;
        this.mlaHeads = mlaHeads;
        this.rope = rope;
        this.pool = pool;
        this.cacheType = cacheType;
        this.matMul = new BatchMatMul(pool);
        this.moe = new BatchedMoe(config, weights, matMul);
    }

    void forward(Deepseek2BatchState s, Batch batch, KvPages kv) {
        int n = batch.rows();
        int e = embd();
        Checkpoints cb = s.checkpoints();
        embed(s, batch);
        cb.accept("inp_embd", -1, s.x, n, e);
        for (int l = 0; l < weights.layers().length; l++) {
            Deepseek2Layer w = weights.layers()[l];
            norm(s.xb, s.x, w.attnNorm(), n);
            cb.accept("attn_norm", l, s.xb, n, e);
            attention(s, batch, kv, l, w);
            cb.accept("ffn_inp", l, s.x, n, e);
            norm(s.xb, s.x, w.ffnNorm(), n);
            cb.accept("ffn_norm", l, s.xb, n, e);
            if (config.isMoeLayer(l)) {
                moe.apply(s, l, w, n);
            } else {
                swiglu(s, w.ffnGate(), w.ffnUp(), w.ffnDown(), config.base().feedForwardLength(l), n);
            }
            cb.accept("ffn_out", l, s.xb2, n, e);
            Activations.add(s.x, s.xb2, n * e);
            cb.accept("l_out", l, s.x, n, e);
        }
        int slots = batch.logitsCount();
        for (int i = 0; i < slots; i++) {
            RmsNorm.apply(s.xb, i * e, s.x, batch.logitsRow(i) * e, weights.outputNorm(), e, config.base().rmsEps());
        }
        cb.accept("result_norm", -1, s.xb, slots, e);
        int v = config.base().vocabSize();
        matMul.apply(weights.output(), s.xb, e, batch.logits(), v, slots, v, e); // [slots, V]
        cb.accept("result_output", -1, batch.logits(), slots, v);
    }

    private int embd() {
        return config.base().embeddingLength();
    }

    private void embed(Deepseek2BatchState s, Batch batch) {
        int e = embd();
        int pairs = rope.pairs();
        int vocab = config.base().vocabSize();
        for (int r = 0; r < batch.rows(); r++) {
            int token = batch.token(r);
            if (token < 0 || token >= vocab) {
                throw new IllegalArgumentException("token " + token + " is outside the vocabulary of " + vocab);
            }
            weights.tokenEmbd().dequantize((long) token * e, s.x, r * e, e);
            rope.cache(batch.position(r), s.ropeCos, s.ropeSin, r * pairs);
        }
    }

    private void norm(float[] out, float[] in, FloatTensor w, int rows) {
        int e = embd();
        for (int r = 0; r < rows; r++) {
            RmsNorm.apply(out, r * e, in, r * e, w, e, config.base().rmsEps());
        }
    }

    /** MLA of layer {@code l} on {@code xb}: queries, latent cache rows, paged attention, output; X += result. */
    private void attention(Deepseek2BatchState s, Batch batch, KvPages kv, int l, Deepseek2Layer w) {
        int n = batch.rows();
        int e = embd();
        int h = config.heads();
        int dk = config.keyDim();
        int r = config.kvLoraRank();
        int rq = config.qLoraRank();
        int width = config.latentCacheWidth();
        float eps = config.base().rmsEps();
        int qw = h * dk;
        matMul.begin();
        if (config.hasQueryLora()) {
            matMul.add(w.wqA(), s.xb, e, n, e, s.qa, rq, rq);        // [N, Rq]
        } else {
            matMul.add(w.wq(), s.xb, e, n, e, s.q, qw, qw);          // Q [N, H·(Dn + Dr)]
        }
        matMul.add(w.wkvAMqa(), s.xb, e, n, e, s.kvA, width, width); // kvA [N, R + Dr]
        matMul.run();
        if (config.hasQueryLora()) {
            for (int row = 0; row < n; row++) {
                RmsNorm.apply(s.qa, row * rq, s.qa, row * rq, w.qANorm(), rq, eps);
            }
            matMul.apply(w.wqB(), s.qa, rq, s.q, qw, n, qw, rq);
        }
        int pairs = rope.pairs();
        for (int row = 0; row < n; row++) {
            for (int head = 0; head < h; head++) {
                rope.rotate(s.q, (row * h + head) * dk + config.nopeDim(), s.ropeCos, s.ropeSin, row * pairs);
            }
            rope.rotate(s.kvA, row * width + r, s.ropeCos, s.ropeSin, row * pairs);
            RmsNorm.apply(s.kvA, row * width, s.kvA, row * width, w.kvANorm(), r, eps);
        }
        s.checkpoints().accept("Qcur", l, s.q, n, qw);
        s.checkpoints().accept("Kcur", l, s.kvA, n, width);
        for (int row = 0; row < n; row++) { // cache row of position pos: [c ‖ k_pe]
            int at = kv.rowOffset(l, batch.table(row), batch.position(row));
            kv.write(l, at, 0, s.kvA, row * width, width, cacheType);
        }
        s.attention.attend(pool, w, mlaHeads, batch, kv, l, s.q, s.attnOut);
        int o = h * config.valueDim();
        s.checkpoints().accept("kqv_out", l, s.attnOut, n, o);
        matMul.apply(w.wo(), s.attnOut, o, s.xb2, e, n, e, o);     // [N, E]
        s.checkpoints().accept("attn_out", l, s.xb2, n, e);
        Activations.add(s.x, s.xb2, n * e);
    }

    /** {@code xb2 = down(silu(gate·xb) ⊙ up·xb)} over all rows, hidden width {@code f}. */
    private void swiglu(Deepseek2BatchState s, FloatTensor gate, FloatTensor up, FloatTensor down, int f, int n) {
        int e = embd();
        matMul.begin();
        matMul.add(gate, s.xb, e, n, e, s.hb, f, f);
        matMul.add(up, s.xb, e, n, e, s.hb2, f, f);
        matMul.run();
        Activations.swiglu(s.hb, s.hb2, n * f);
        matMul.apply(down, s.hb, f, s.xb2, e, n, e, f);
    }
}
