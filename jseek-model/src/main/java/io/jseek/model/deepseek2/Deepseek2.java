package io.jseek.model.deepseek2;

import io.jseek.gguf.GgufFile;
import io.jseek.model.Batch;
import io.jseek.model.BatchState;
import io.jseek.model.Checkpoints;
import io.jseek.model.ComputePool;
import io.jseek.model.InferenceState;
import io.jseek.model.KvCacheType;
import io.jseek.model.KvPages;
import io.jseek.model.ModelConfig;
import io.jseek.model.ModelOptions;
import io.jseek.model.PagedModel;
import io.jseek.model.PagedModels;
import io.jseek.model.WeightLoader;
import io.jseek.model.ops.Activations;
import io.jseek.model.ops.RmsNorm;
import io.jseek.model.ops.Rope;
import io.jseek.tensor.FloatTensor;
import java.io.IOException;

/**
 * Architecture {@code deepseek2} (DeepSeek-V2, V2-Lite, V2.5, Coder-V2, V3, R1; spec §2.4; llama.cpp
 * {@code src/models/deepseek2.cpp}), one token at a time:
 * <pre>
 *   x = token_embd[token]
 *   per layer:
 *     xb  = RMSNorm(x)·attn_norm
 *     q   = lite ? Wq xb : Wq_b (RMSNorm(Wq_a xb)·q_a_norm)        // [H][Dn + Dr]
 *     kvA = Wkv_a_mqa xb = [c ‖ k_pe]                              // [R + Dr]
 *     rope(q_pe[h]), rope(k_pe)      NORM pairs, YaRN; c = RMSNorm(c)·kv_a_norm
 *     cache[pos] = [c ‖ k_pe];  x += Wo · MLA(q, cache)             // absorbed, see PagedMlaAttention
 *     xb  = RMSNorm(x)·ffn_norm
 *     x  += layer < n_dense ? SwiGLU(xb) : Σ_k w_k·Expert_{sel_k}(xb) + SwiGLU_shared(xb)
 *   logits = output · (RMSNorm(x)·output_norm)
 * </pre>
 * Mat-vecs run on the model's {@link ComputePool}; nothing allocates per token. The batched, paged step
 * ({@link PagedModel}) runs the same graph in {@link Deepseek2BatchForward} over the latent cache
 * ({@code kvLoraRank + ropeDim} floats per position and layer). {@link #prefill} runs that batched step too, in
 * chunks of {@value #PREFILL_CHUNK} tokens over the state's own cache (one block spanning the context), so each weight
 * is read once per chunk instead of once per token; the single-token step is kept for decode and for checkpoints.
 */
public final class Deepseek2 implements PagedModel {
    /** Prompt tokens per batched prefill step, as for the dense models. */
    static final int PREFILL_CHUNK = 64;

    private final GgufFile file;
    private final boolean ownsFile;
    private final Deepseek2Config config;
    private final Deepseek2Weights weights;
    private final ModelOptions options;
    private final Rope rope;
    private final ComputePool pool;
    private final SlabMatVec slab;
    private final MlaHeads mlaHeads;
    private final Deepseek2BatchForward batchForward;

    private Deepseek2(GgufFile file, boolean ownsFile, Deepseek2Config config, Deepseek2Weights weights,
                      ModelOptions options) {
        options.cacheType().checkRow("kv latent (kv_lora_rank)", config.kvLoraRank());
        options.cacheType().checkRow("rope key", config.ropeDim());
        if (!config.splitMla()) { // the unabsorbed query meets the cache
            options.cacheType().checkRow("key head", config.nopeDim() + config.ropeDim());
        }
        this.file = file;
        this.ownsFile = ownsFile;
        this.config = config;
        this.weights = weights;
        this.options = options;
        this.rope = new Rope(config.attentionScale().ropeFor(config.base().rope()), null);
        this.pool = new ComputePool(options.threads());
        this.slab = new SlabMatVec(2 * config.expertUsedCount() + 2);
        this.mlaHeads = new MlaHeads(config, weights.layers());
        this.batchForward = new Deepseek2BatchForward(config, weights, mlaHeads, rope, pool, options.cacheType());
    }

    /** Loads a {@code deepseek2} model from an open file (signature of {@code Models.Loader}). */
    public static Deepseek2 load(GgufFile file, ModelOptions options, boolean ownsFile) throws IOException {
        Deepseek2Config config = Deepseek2Config.fromGguf(file);
        Deepseek2Weights weights = Deepseek2Weights.load(new WeightLoader(file, Deepseek2Config.ARCH), config);
        return new Deepseek2(file, ownsFile, config, weights, options);
    }

    @Override
    public ModelConfig config() {
        return config.base();
    }

    public Deepseek2Config deepseek2Config() {
        return config;
    }

    public Deepseek2Weights weights() {
        return weights;
    }

    @Override
    public GgufFile gguf() {
        return file;
    }

    @Override
    public InferenceState newState(int contextLength) {
        return new Deepseek2State(config, contextLength, pool.threads(), options.cacheType(), PREFILL_CHUNK);
    }

    private static Deepseek2State state(InferenceState s) {
        if (s instanceof Deepseek2State d) {
            return d;
        }
        throw new IllegalArgumentException("state was not created by this model");
    }

    @Override
    public float[] forward(InferenceState state, int token, int pos) {
        Deepseek2State s = state(state);
        embed(s, token, pos);
        for (int l = 0; l < weights.layers().length; l++) {
            Deepseek2Layer w = weights.layers()[l];
            norm(s, s.x, "attn_norm", l, w.attnNorm());
            attention(s, l, w, pos);
            norm(s, s.x, "ffn_norm", l, w.ffnNorm());
            if (config.isMoeLayer(l)) {
                moe(s, l, w);
            } else {
                swiglu(s, w.ffnGate(), w.ffnUp(), w.ffnDown(), config.base().feedForwardLength(l), s.xb2);
            }
            s.checkpoints.accept("ffn_out", l, s.xb2, embd());
            Activations.add(s.x, s.xb2, embd());
            s.checkpoints.accept("l_out", l, s.x, embd());
        }
        norm(s, s.x, "result_norm", -1, weights.outputNorm());
        pool.matVec(weights.output(), s.xb, s.logits, config.base().vocabSize(), embd());
        s.checkpoints.accept("result_output", -1, s.logits, config.base().vocabSize());
        return s.logits;
    }

    /**
     * Feeds the prompt through the batched step, {@value #PREFILL_CHUNK} tokens at a time, into the state's cache;
     * the logits are those of the last token. Token by token instead when checkpoints are being reported (they are
     * defined per token) or for a single token.
     */
    @Override
    public float[] prefill(InferenceState state, int[] tokens, int startPos) {
        Deepseek2State s = state(state);
        if (tokens.length < 2 || s.checkpoints != Checkpoints.NONE) {
            return PagedModel.super.prefill(state, tokens, startPos);
        }
        if (s.prefill == null) {
            s.prefill = new Deepseek2BatchState(config, PREFILL_CHUNK, s.contextLength, pool.threads(),
                    options.cacheType());
        }
        PagedModels.checkPosition(startPos + tokens.length - 1, s.contextLength);
        s.kv.reserve(startPos + tokens.length);
        PagedModels.prefillChunks(this, s.prefill, s.batch, s.kv, Deepseek2State.TABLE, s.contextLength,
                PREFILL_CHUNK, tokens, startPos);
        System.arraycopy(s.batch.logits(), 0, s.logits, 0, config.base().vocabSize());
        return s.logits;
    }

    private int embd() {
        return config.base().embeddingLength();
    }

    private static void checkPosition(Deepseek2State s, int pos) {
        if (pos < 0 || pos >= s.contextLength) {
            throw new IndexOutOfBoundsException("position " + pos + " is outside the context of " + s.contextLength);
        }
    }

    /** {@code s.x = token_embd[token]}; the batch holds the token at {@code pos}; prepares its RoPE angles. */
    private void embed(Deepseek2State s, int token, int pos) {
        if (token < 0 || token >= config.base().vocabSize()) {
            throw new IllegalArgumentException("token " + token + " is outside the vocabulary of "
                    + config.base().vocabSize());
        }
        PagedModels.checkPosition(pos, s.contextLength);
        s.kv.reserve(pos + 1);
        s.batch.clear();
        s.batch.add(token, pos, Deepseek2State.TABLE, false);
        weights.tokenEmbd().dequantize((long) token * embd(), s.x, 0, embd());
        s.checkpoints.accept("inp_embd", -1, s.x, embd());
        rope.cache(pos, s.ropeCos, s.ropeSin);
    }

    private void norm(Deepseek2State s, float[] in, String name, int layer, FloatTensor w) {
        RmsNorm.apply(s.xb, in, w, embd(), config.base().rmsEps());
        s.checkpoints.accept(name, layer, s.xb, embd());
    }

    /** MLA self-attention of layer {@code l} on {@code s.xb}, added to the residual {@code s.x}. */
    private void attention(Deepseek2State s, int l, Deepseek2Layer w, int pos) {
        int e = embd();
        int h = config.heads();
        int dk = config.keyDim();
        int r = config.kvLoraRank();
        float eps = config.base().rmsEps();
        if (config.lite()) {
            pool.matVec(w.wq(), s.xb, s.q, h * dk, e);
        } else {
            pool.matVec(w.wqA(), s.xb, s.qa, config.qLoraRank(), e);
            RmsNorm.apply(s.qa, s.qa, w.qANorm(), config.qLoraRank(), eps);
            pool.matVec(w.wqB(), s.qa, s.q, h * dk, config.qLoraRank());
        }
        pool.matVec(w.wkvAMqa(), s.xb, s.kvA, config.latentCacheWidth(), e);
        for (int head = 0; head < h; head++) {
            rope.rotate(s.q, head * dk + config.nopeDim(), s.ropeCos, s.ropeSin);
        }
        rope.rotate(s.kvA, r, s.ropeCos, s.ropeSin);
        RmsNorm.apply(s.kvA, 0, s.kvA, 0, w.kvANorm(), r, eps);
        s.checkpoints.accept("Qcur", l, s.q, h * dk);
        s.checkpoints.accept("Kcur", l, s.kvA, config.latentCacheWidth());
        s.kv.write(l, s.kv.offset(l, 0, pos), 0, s.kvA, 0, config.latentCacheWidth(), options.cacheType());
        s.attention.attend(pool, w, mlaHeads, s.batch, s.kv, l, s.q, s.attnOut);
        s.checkpoints.accept("kqv_out", l, s.attnOut, h * config.valueDim());
        pool.matVec(w.wo(), s.attnOut, s.xb2, e, h * config.valueDim());
        s.checkpoints.accept("attn_out", l, s.xb2, e);
        Activations.add(s.x, s.xb2, e);
        s.checkpoints.accept("ffn_inp", l, s.x, e);
    }

    /** {@code out = down(silu(gate·xb) ⊙ up·xb)} with hidden width {@code f}. */
    private void swiglu(Deepseek2State s, FloatTensor gate, FloatTensor up, FloatTensor down, int f, float[] out) {
        pool.matVec(s.xb, embd(), gate, s.hb, f, up, s.hb2, f);
        Activations.swiglu(s.hb, s.hb2, f);
        pool.matVec(down, s.hb, out, embd(), f);
    }

    /**
     * Routed experts plus shared experts on {@code s.xb}, into {@code s.xb2}, in two dispatches: the gate and up
     * projections of every selected expert and of the shared experts (they read the same input), then all their down
     * projections ({@link SlabMatVec}).
     */
    private void moe(Deepseek2State s, int l, Deepseek2Layer w) {
        int e = embd();
        int fe = config.expertFeedForwardLength();
        int fs = fe * config.expertSharedCount();
        boolean shared = w.gateShexp() != null;
        pool.matVec(w.gateInp(), s.xb, s.routerLogits, config.expertCount(), e);
        s.router.route(s.routerLogits, w.expProbsBias());
        int used = s.router.usedCount();
        int[] selected = s.router.selected();
        slab.clear();
        for (int k = 0; k < used; k++) {
            slab.add(w.gateExps(), selected[k] * fe, fe, e, s.xb, s.expertGate[k]);
            slab.add(w.upExps(), selected[k] * fe, fe, e, s.xb, s.expertUp[k]);
        }
        if (shared) {
            slab.add(w.gateShexp(), 0, fs, e, s.xb, s.hb);
            slab.add(w.upShexp(), 0, fs, e, s.xb, s.hb2);
        }
        slab.run(pool);
        slab.clear();
        for (int k = 0; k < used; k++) {
            Activations.swiglu(s.expertGate[k], s.expertUp[k], fe);
            slab.add(w.downExps(), selected[k] * e, e, fe, s.expertGate[k], s.expertOut[k]);
        }
        if (shared) {
            Activations.swiglu(s.hb, s.hb2, fs);
            slab.add(w.downShexp(), 0, e, fs, s.hb, s.xb2);
        } else {
            java.util.Arrays.fill(s.xb2, 0, e, 0f);
        }
        slab.run(pool);
        java.util.Arrays.fill(s.moeOut, 0f);
        for (int k = 0; k < used; k++) {
            float weight = s.router.weights()[k];
            float[] o = s.expertOut[k];
            for (int i = 0; i < e; i++) {
                s.moeOut[i] += o[i] * weight;
            }
        }
        s.checkpoints.accept("ffn_moe_out", l, s.moeOut, e);
        s.checkpoints.accept("ffn_shexp", l, s.xb2, e);
        Activations.add(s.xb2, s.moeOut, e);
    }

    @Override
    public int kvWidth(int layer) {
        return config.latentCacheWidth();
    }

    @Override
    public KvCacheType kvCacheType() {
        return options.cacheType();
    }

    @Override
    public BatchState newBatchState(int maxTokens, int maxContext) {
        return new Deepseek2BatchState(config, maxTokens, maxContext, pool.threads(), options.cacheType());
    }

    @Override
    public void forward(BatchState state, Batch batch, KvPages kv) {
        if (!(state instanceof Deepseek2BatchState s)) {
            throw new IllegalArgumentException("batch state was not created by this model");
        }
        PagedModels.check(this, batch, kv);
        batchForward.forward(s, batch, kv);
    }

    @Override
    public void close() {
        pool.close();
        if (ownsFile) {
            file.close();
        }
    }
}
