package io.jseek.model.llama;

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
import io.jseek.model.ops.Activations;
import io.jseek.model.ops.RmsNorm;
import io.jseek.model.ops.Rope;
import io.jseek.tensor.FloatTensor;

/**
 * A pre-norm decoder with GQA attention and a SwiGLU FFN, shared by {@link Llama}, {@link Qwen2} and {@link Qwen3}
 * (llama.cpp's {@code build_llama}, {@code build_qwen2}, {@code build_qwen3}): the three graphs are the same but for
 * what the weights carry ({@link DenseVariant}: q/k/v biases, per-head q/k norms) and the RoPE pairing in the config,
 * so the forward pass lives here once and each architecture file only loads and checks its tensors.
 *
 * <p>Every block reads and writes the preallocated buffers of a {@link DenseState}; nothing allocates per token.
 * Mat-vecs are split over the model's {@link ComputePool}; those that read the same input (q/k/v, gate/up) share one
 * dispatch. The batched, paged step ({@link PagedModel}) runs the same graph in {@link DenseBatchForward}; its cache
 * row per position is the keys then the values of every KV head. {@link #prefill} runs that batched step too, in
 * chunks of {@value #PREFILL_CHUNK} tokens over the state's own cache (one block spanning the context), so each weight
 * is read once per chunk instead of once per token; the single-token step is kept for decode and for checkpoints.
 */
abstract class DenseDecoder implements PagedModel {
    /** Prompt tokens per batched prefill step: enough to amortise the weight decode, activations stay in L2. */
    static final int PREFILL_CHUNK = 64;

    protected final ModelConfig config;
    protected final DenseWeights weights;
    protected final Rope rope;
    protected final ComputePool pool;
    private final GgufFile file;
    private final boolean ownsFile;
    private final ModelOptions options;
    private final DenseBatchForward batchForward;

    DenseDecoder(GgufFile file, boolean ownsFile, ModelConfig config, DenseWeights weights, ModelOptions options) {
        options.cacheType().checkRow("key head", config.keyLength());
        options.cacheType().checkRow("value head", config.valueLength());
        this.file = file;
        this.ownsFile = ownsFile;
        this.config = config;
        this.weights = weights;
        this.options = options;
        this.rope = new Rope(config.rope(), weights.ropeFreqs());
        this.pool = new ComputePool(options.threads());
        this.batchForward = new DenseBatchForward(config, weights, rope, pool, options.cacheType());
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public GgufFile gguf() {
        return file;
    }

    @Override
    public InferenceState newState(int contextLength) {
        return new DenseState(config, contextLength, pool.threads(), PREFILL_CHUNK);
    }

    @Override
    public int kvWidth(int layer) {
        return config.headCountKv(layer) * (config.keyLength() + config.valueLength());
    }

    @Override
    public KvCacheType kvCacheType() {
        return options.cacheType();
    }

    @Override
    public BatchState newBatchState(int maxTokens, int maxContext) {
        return new DenseBatchState(config, maxTokens, maxContext, pool.threads());
    }

    @Override
    public void forward(BatchState state, Batch batch, KvPages kv) {
        if (!(state instanceof DenseBatchState s)) {
            throw new IllegalArgumentException("batch state was not created by this model");
        }
        PagedModels.check(this, batch, kv);
        batchForward.forward(s, batch, kv);
    }

    /**
     * Feeds the prompt through the batched step, {@value #PREFILL_CHUNK} tokens at a time, into the state's cache;
     * the logits are those of the last token. Token by token instead when checkpoints are being reported (they are
     * defined per token) or for a single token.
     */
    @Override
    public float[] prefill(InferenceState state, int[] tokens, int startPos) {
        DenseState s = state(state);
        if (tokens.length < 2 || s.checkpoints != Checkpoints.NONE) {
            return PagedModel.super.prefill(state, tokens, startPos);
        }
        if (s.prefill == null) {
            s.prefill = new DenseBatchState(config, PREFILL_CHUNK, s.contextLength, pool.threads());
        }
        PagedModels.checkPosition(startPos + tokens.length - 1, s.contextLength);
        s.kv.reserve(startPos + tokens.length);
        PagedModels.prefillChunks(this, s.prefill, s.batch, s.kv, DenseState.TABLE, s.contextLength, PREFILL_CHUNK,
                tokens, startPos);
        System.arraycopy(s.batch.logits(), 0, s.logits, 0, config.vocabSize());
        return s.logits;
    }

    @Override
    public void close() {
        pool.close();
        if (ownsFile) {
            file.close();
        }
    }

    @Override
    public float[] forward(InferenceState state, int token, int pos) {
        DenseState s = state(state);
        embed(s, token, pos);
        for (int l = 0; l < config.blockCount(); l++) {
            DenseLayer w = weights.layers()[l];
            norm(s, "attn_norm", l, w.attnNorm());
            selfAttention(s, l, w, pos);
            norm(s, "ffn_norm", l, w.ffnNorm());
            feedForward(s, l, w);
        }
        return logits(s);
    }

    static DenseState state(InferenceState s) {
        if (s instanceof DenseState d) {
            return d;
        }
        throw new IllegalArgumentException("state was not created by this model");
    }

    /** {@code s.x = token_embd[token]}; prepares the RoPE angles of {@code pos}. */
    void embed(DenseState s, int token, int pos) {
        int e = config.embeddingLength();
        if (token < 0 || token >= config.vocabSize()) {
            throw new IllegalArgumentException("token " + token + " is outside the vocabulary of " + config.vocabSize());
        }
        PagedModels.checkPosition(pos, s.contextLength);
        s.kv.reserve(pos + 1);
        weights.tokenEmbd().dequantize((long) token * e, s.x, 0, e);
        s.batch.clear();
        s.batch.add(token, pos, DenseState.TABLE, false);
        s.checkpoints.accept("inp_embd", -1, s.x, e);
        rope.cache(pos, s.ropeCos, s.ropeSin);
    }

    private static void checkPosition(DenseState s, int pos) {
        if (pos < 0 || pos >= s.contextLength) {
            throw new IndexOutOfBoundsException("position " + pos + " is outside the context of " + s.contextLength);
        }
    }

    /** {@code s.xb = RMSNorm(s.x) * w}, reported as checkpoint {@code name}. */
    void norm(DenseState s, String name, int layer, FloatTensor w) {
        int e = config.embeddingLength();
        RmsNorm.apply(s.xb, s.x, w, e, config.rmsEps());
        s.checkpoints.accept(name, layer, s.xb, e);
    }

    /**
     * Self-attention of layer {@code l} on {@code s.xb}, added to the residual {@code s.x}: q/k/v projections with
     * optional biases, optional per-head q/k RMSNorm (qwen3), RoPE on q and k, cache store, attention over positions
     * {@code 0..pos}, output projection.
     */
    void selfAttention(DenseState s, int l, DenseLayer w, int pos) {
        int e = config.embeddingLength();
        int heads = config.headCount(l);
        int kvHeads = config.headCountKv(l);
        int d = config.keyLength();
        int dv = config.valueLength();
        pool.matVec(s.xb, e, w.wq(), s.q, heads * d, w.wk(), s.k, kvHeads * d, w.wv(), s.v, kvHeads * dv);
        addBias(w.bq(), s.q, heads * d);
        addBias(w.bk(), s.k, kvHeads * d);
        addBias(w.bv(), s.v, kvHeads * dv);
        if (w.qNorm() != null) {
            RmsNorm.heads(s.q, 0, heads, d, w.qNorm(), config.rmsEps());
            RmsNorm.heads(s.k, 0, kvHeads, d, w.kNorm(), config.rmsEps());
        }
        rope.rotateHeads(s.q, heads, d, s.ropeCos, s.ropeSin);
        rope.rotateHeads(s.k, kvHeads, d, s.ropeCos, s.ropeSin);
        s.checkpoints.accept("Qcur", l, s.q, heads * d);
        s.checkpoints.accept("Kcur", l, s.k, kvHeads * d);
        s.checkpoints.accept("Vcur", l, s.v, kvHeads * dv);
        KvCacheType cacheType = options.cacheType();
        int row = s.kv.offset(l, 0, pos);
        s.kv.write(l, row, 0, s.k, 0, kvHeads * d, cacheType);
        s.kv.write(l, row, kvHeads * d, s.v, 0, kvHeads * dv, cacheType);
        float scale = (float) (1.0 / Math.sqrt(d));
        s.attention.attend(pool, s.batch, s.kv, l, s.q, heads, kvHeads, d, dv, scale, cacheType, s.attnOut);
        s.checkpoints.accept("kqv_out", l, s.attnOut, heads * dv);
        pool.matVec(w.wo(), s.attnOut, s.xb2, e, heads * dv);
        addBias(w.bo(), s.xb2, e);
        s.checkpoints.accept("attn_out", l, s.xb2, e);
        Activations.add(s.x, s.xb2, e);
        s.checkpoints.accept("ffn_inp", l, s.x, e);
    }

    /** SwiGLU FFN of layer {@code l} on {@code s.xb}, added to the residual {@code s.x}. */
    void feedForward(DenseState s, int l, DenseLayer w) {
        int e = config.embeddingLength();
        int f = config.feedForwardLength(l);
        pool.matVec(s.xb, e, w.ffnGate(), s.hb, f, w.ffnUp(), s.hb2, f);
        Activations.swiglu(s.hb, s.hb2, f);
        pool.matVec(w.ffnDown(), s.hb, s.xb2, e, f);
        s.checkpoints.accept("ffn_out", l, s.xb2, e);
        Activations.add(s.x, s.xb2, e);
        s.checkpoints.accept("l_out", l, s.x, e);
    }

    /** Final norm and the output projection into {@code s.logits}. */
    float[] logits(DenseState s) {
        int e = config.embeddingLength();
        RmsNorm.apply(s.xb, s.x, weights.outputNorm(), e, config.rmsEps());
        s.checkpoints.accept("result_norm", -1, s.xb, e);
        pool.matVec(weights.output(), s.xb, s.logits, config.vocabSize(), e);
        s.checkpoints.accept("result_output", -1, s.logits, config.vocabSize());
        return s.logits;
    }

    private static void addBias(FloatTensor bias, float[] out, int rows) {
        if (bias != null) {
            Activations.addBias(out, 0, bias, rows);
        }
    }
}
