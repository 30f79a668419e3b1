package io.jseek.model.decoder;

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
 * The batched step every pre-norm decoder runs (llama.cpp's {@code build_*} graphs share it), over the N rows of a
 * {@link Batch}; the architecture supplies its attention and its FFN.
 * <pre>
 *   X = token_embd[tokens]                               // [N, E]; RoPE angles of each row's position
 *   per layer:  X += attention(RMSNorm(X)·attn_norm)
 *               X += FFN(RMSNorm(X)·ffn_norm)
 *   logits[slot] = output · RMSNorm(X[row of slot])·output_norm   // [slots, V]
 * </pre>
 * Intermediates are reported under llama.cpp's names ({@link Checkpoints}).
 *
 * @param <S> the architecture's batch state
 */
public abstract class DecoderForward<S extends DecoderState> {
    /**
     * Fewest SwiGLU elements per pool chunk: about 10 us of exps on one thread, above a dispatch's cost, so a decode
     * row's hidden (8,960 on qwen2-1.5B) is split across the threads instead of running on the caller alone.
     */
    private static final int GLU_GRAIN = 2048;
    private final ModelConfig base;
    private final FloatTensor tokenEmbd;
    private final FloatTensor outputNorm;
    private final FloatTensor output;
    private final FloatTensor[] attnNorms;
    private final FloatTensor[] ffnNorms;
    protected final Rope rope;
    protected final ComputePool pool;
    protected final KvCacheType cacheType;
    protected final BatchMatMul matMul;
    private float[] gluGate;
    private float[] gluUp;
    /** SwiGLU over the pool (element-wise, so the split changes no bits); [N, F] is 1.1M exps for 128 tokens. */
    private final ComputePool.RangeTask gluTask = (from, to) -> Activations.swiglu(gluGate, gluUp, from, to);

    /**
     * @param attnNorms every layer's {@code attn_norm} weight
     * @param ffnNorms every layer's {@code ffn_norm} weight
     */
    protected DecoderForward(ModelConfig base, FloatTensor tokenEmbd, FloatTensor outputNorm, FloatTensor output,
                             FloatTensor[] attnNorms, FloatTensor[] ffnNorms, Rope rope, ComputePool pool,
                             KvCacheType cacheType) {
        this.base = base;
        this.tokenEmbd = tokenEmbd;
        this.outputNorm = outputNorm;
        this.output = output;
        this.attnNorms = attnNorms.clone();
        this.ffnNorms = ffnNorms.clone();
        this.rope = rope;
        this.pool = pool;
        this.cacheType = cacheType;
        this.matMul = new BatchMatMul(pool);
    }

    /** Attention of layer {@code l} on {@code xb} (cache rows written for every row of the batch); X += result. */
    protected abstract void attention(S s, Batch batch, KvPages kv, int l);

    /** {@code xb2 = FFN(xb)} of layer {@code l} over {@code n} rows. */
    protected abstract void feedForward(S s, int l, int n);

    /** Runs {@code batch}: the rows' KV into {@code kv}, the logits of the rows that ask into the batch. */
    public final void forward(S s, Batch batch, KvPages kv) {
        int n = batch.rows();
        int e = base.embeddingLength();
        Checkpoints cb = s.checkpoints();
        embed(s, batch);
        cb.accept("inp_embd", -1, s.x, n, e);
        for (int l = 0; l < base.blockCount(); l++) {
            norm(s.xb, s.x, attnNorms[l], n);
            cb.accept("attn_norm", l, s.xb, n, e);
            attention(s, batch, kv, l);
            cb.accept("ffn_inp", l, s.x, n, e);
            norm(s.xb, s.x, ffnNorms[l], n);
            cb.accept("ffn_norm", l, s.xb, n, e);
            feedForward(s, l, n);
            cb.accept("ffn_out", l, s.xb2, n, e);
            Activations.add(s.x, s.xb2, n * e);
            cb.accept("l_out", l, s.x, n, e);
        }
        logits(s, batch);
    }

    /** {@code xb2 = down(silu(gate·xb) ⊙ up·xb)} // [N, E] over all rows, hidden width {@code f}. */
    protected final void swiglu(S s, FloatTensor gate, FloatTensor up, FloatTensor down, int f, int n) {
        int e = base.embeddingLength();
        matMul.begin();
        matMul.add(gate, s.xb, e, n, e, s.hb, f, f);
        matMul.add(up, s.xb, e, n, e, s.hb2, f, f);
        matMul.run();
        gluGate = s.hb;
        gluUp = s.hb2;
        int count = n * f;
        pool.forRange(count, Math.max(GLU_GRAIN, count / (4 * pool.threads()) + 1), gluTask);
        matMul.apply(down, s.hb, f, s.xb2, e, n, e, f);
    }

    /** {@code X[r] = token_embd[token_r]} // [N, E]; the RoPE angles of each row's position. */
    private void embed(S s, Batch batch) {
        int e = base.embeddingLength();
        int pairs = rope.pairs();
        for (int r = 0; r < batch.rows(); r++) {
            int token = batch.token(r);
            if (token < 0 || token >= base.vocabSize()) {
                throw new IllegalArgumentException("token " + token + " is outside the vocabulary of "
                        + base.vocabSize());
            }
            tokenEmbd.dequantize((long) token * e, s.x, r * e, e);
            rope.cache(batch.position(r), s.ropeCos, s.ropeSin, r * pairs);
        }
    }

    private void norm(float[] out, float[] in, FloatTensor w, int rows) {
        int e = base.embeddingLength();
        for (int r = 0; r < rows; r++) {
            RmsNorm.apply(out, r * e, in, r * e, w, e, base.rmsEps());
        }
    }

    /** Normalises the rows that want logits into {@code xb[0 ..]} and projects them straight into the batch. */
    private void logits(S s, Batch batch) {
        int e = base.embeddingLength();
        int slots = batch.logitsCount();
        for (int i = 0; i < slots; i++) {
            RmsNorm.apply(s.xb, i * e, s.x, batch.logitsRow(i) * e, outputNorm, e, base.rmsEps());
        }
        s.checkpoints().accept("result_norm", -1, s.xb, slots, e);
        int v = base.vocabSize();
        matMul.apply(output, s.xb, e, batch.logits(), v, slots, v, e); // [slots, V]
        s.checkpoints().accept("result_output", -1, batch.logits(), slots, v);
    }
}
