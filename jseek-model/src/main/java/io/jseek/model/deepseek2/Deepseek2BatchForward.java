package io.jseek.model.deepseek2;

import io.jseek.model.Batch;
import io.jseek.model.ComputePool;
import io.jseek.model.KvCacheType;
import io.jseek.model.KvPages;
import io.jseek.model.ops.Activations;
import io.jseek.model.ops.BatchMatMul;
import io.jseek.model.ops.RmsNorm;
import io.jseek.model.ops.Rope;
import io.jseek.tensor.FloatTensor;

/**
 * The batched, paged step of {@link Deepseek2}: the graph of {@link Deepseek2#forward} (see there) over the rows of
 * a {@link Batch}, every projection one {@link BatchMatMul} over all rows, each row's latent cache row
 * {@code [c ‖ k_pe]} written into its sequence's block, the absorbed attention by {@link PagedMlaAttention} (each
 * head's up-projections one matMul over all rows), and routed experts run once per step over the rows that picked
 * them ({@link BatchedMoe}).
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
        if (n > s.maxTokens) {
            throw new IllegalArgumentException(n + " rows exceed the batch state's " + s.maxTokens);
        }
        int e = embd();
        embed(s, batch);
        for (int l = 0; l < weights.layers().length; l++) {
            Deepseek2Layer w = weights.layers()[l];
            norm(s.xb, s.x, w.attnNorm(), n);
            attention(s, batch, kv, l, w);
            norm(s.xb, s.x, w.ffnNorm(), n);
            if (config.isMoeLayer(l)) {
                moe.apply(s, l, w, n);
                swiglu(s, w.gateShexp(), w.upShexp(), w.downShexp(), config.expertFeedForwardLength()
                        * config.expertSharedCount(), n);
                Activations.add(s.xb2, s.moeOut, n * e);
            } else {
                swiglu(s, w.ffnGate(), w.ffnUp(), w.ffnDown(), config.base().feedForwardLength(l), n);
            }
            Activations.add(s.x, s.xb2, n * e);
        }
        int slots = batch.logitsCount();
        for (int i = 0; i < slots; i++) {
            RmsNorm.apply(s.xb, i * e, s.x, batch.logitsRow(i) * e, weights.outputNorm(), e, config.base().rmsEps());
        }
        int v = config.base().vocabSize();
        matMul.apply(weights.output(), s.xb, e, batch.logits(), v, slots, v, e);
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
        if (config.lite()) {
            matMul.apply(w.wq(), s.xb, e, s.q, h * dk, n, h * dk, e);
        } else {
            matMul.apply(w.wqA(), s.xb, e, s.qa, rq, n, rq, e);
            for (int row = 0; row < n; row++) {
                RmsNorm.apply(s.qa, row * rq, s.qa, row * rq, w.qANorm(), rq, eps);
            }
            matMul.apply(w.wqB(), s.qa, rq, s.q, h * dk, n, h * dk, rq);
        }
        matMul.apply(w.wkvAMqa(), s.xb, e, s.kvA, width, n, width, e);
        int pairs = rope.pairs();
        for (int row = 0; row < n; row++) {
            for (int head = 0; head < h; head++) {
                rope.rotate(s.q, (row * h + head) * dk + config.nopeDim(), s.ropeCos, s.ropeSin, row * pairs);
            }
            rope.rotate(s.kvA, row * width + r, s.ropeCos, s.ropeSin, row * pairs);
            RmsNorm.apply(s.kvA, row * width, s.kvA, row * width, w.kvANorm(), r, eps);
            int at = kv.rowOffset(l, batch.table(row), batch.position(row));
            kv.write(l, at, 0, s.kvA, row * width, width, cacheType);
        }
        s.attention.attend(pool, w, mlaHeads, batch, kv, l, s.q, s.attnOut);
        int o = h * config.valueDim();
        matMul.apply(w.wo(), s.attnOut, o, s.xb2, e, n, e, o);
        Activations.add(s.x, s.xb2, n * e);
    }

    /** {@code xb2 = down(silu(gate·xb) ⊙ up·xb)} over all rows, hidden width {@code f}. */
    private void swiglu(Deepseek2BatchState s, FloatTensor gate, FloatTensor up, FloatTensor down, int f, int n) {
        int e = embd();
        matMul.apply(gate, s.xb, e, s.hb, f, n, f, e);
        matMul.apply(up, s.xb, e, s.hb2, f, n, f, e);
        Activations.swiglu(s.hb, s.hb2, n * f);
        matMul.apply(down, s.hb, f, s.xb2, e, n, e, f);
    }
}
