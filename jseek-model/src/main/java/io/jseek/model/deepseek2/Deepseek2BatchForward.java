package io.jseek.model.deepseek2;

import io.jseek.model.Batch;
import io.jseek.model.Checkpoints;
import io.jseek.model.ComputePool;
import io.jseek.model.KvCacheType;
import io.jseek.model.KvPages;
import io.jseek.model.decoder.DecoderForward;
import io.jseek.model.ops.Activations;
import io.jseek.model.ops.BatchMatMul;
import io.jseek.model.ops.RmsNorm;
import io.jseek.model.ops.Rope;
import io.jseek.tensor.FloatTensor;
import java.util.stream.Stream;

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
final class Deepseek2BatchForward extends DecoderForward<Deepseek2BatchState> {
    private final Deepseek2Config config;
    private final Deepseek2Weights weights;
    private final BatchedMoe moe;
    private final MlaHeads mlaHeads;

    Deepseek2BatchForward(Deepseek2Config config, Deepseek2Weights weights, MlaHeads mlaHeads, Rope rope,
                          ComputePool pool, KvCacheType cacheType) {
        super(config.base(), weights.tokenEmbd(), weights.outputNorm(), weights.output(),
                Stream.of(weights.layers()).map(Deepseek2Layer::attnNorm).toArray(FloatTensor[]::new),
                Stream.of(weights.layers()).map(Deepseek2Layer::ffnNorm).toArray(FloatTensor[]::new), rope, pool,
                cacheType);
        this.config = config;
        this.weights = weights;
        this.mlaHeads = mlaHeads;
        this.moe = new BatchedMoe(config, weights, matMul, pool);
    }

    /** The dense FFN of the leading layers, the routed and shared experts of the others. */
    @Override
    protected void feedForward(Deepseek2BatchState s, int l, int n) {
        Deepseek2Layer w = weights.layers()[l];
        if (config.isMoeLayer(l)) {
            moe.apply(s, l, w, n);
        } else {
            swiglu(s, w.ffnGate(), w.ffnUp(), w.ffnDown(), config.base().feedForwardLength(l), n);
        }
    }

    /** MLA of layer {@code l} on {@code xb}: queries, latent cache rows, paged attention, output; X += result. */
    @Override
    protected void attention(Deepseek2BatchState s, Batch batch, KvPages kv, int l) {
        Deepseek2Layer w = weights.layers()[l];
        int n = batch.rows();
        int e = config.base().embeddingLength();
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
            kv.write(l, at, 0, s.kvA, row * width, width);
        }
        s.attention.attend(pool, w, mlaHeads, batch, kv, l, s.q, s.attnOut);
        int o = h * config.valueDim();
        s.checkpoints().accept("kqv_out", l, s.attnOut, n, o);
        matMul.apply(w.wo(), s.attnOut, o, s.xb2, e, n, e, o);     // [N, E]
        s.checkpoints().accept("attn_out", l, s.xb2, n, e);
        Activations.add(s.x, s.xb2, n * e);
    }
}
