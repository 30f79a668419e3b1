package io.jseek.model.llama;

import io.jseek.gguf.GgufFile;
import io.jseek.model.Batch;
import io.jseek.model.BatchState;
import io.jseek.model.KvPages;
import io.jseek.model.ModelConfig;
import io.jseek.model.ModelOptions;
import io.jseek.model.PagedModelBase;
import io.jseek.model.ops.Rope;

/**
 * A pre-norm decoder with GQA attention and a SwiGLU FFN, shared by {@link Llama}, {@link Qwen2} and {@link Qwen3}
 * (llama.cpp's {@code build_llama}, {@code build_qwen2}, {@code build_qwen3}): the three graphs are the same but for
 * what the weights carry ({@link DenseVariant}: q/k/v biases, per-head q/k norms) and the RoPE pairing in the config,
 * so the forward step lives once, in {@link DenseBatchForward}, and each architecture file only loads and checks its
 * tensors. The paged cache's row per position is the keys then the values of every KV head.
 */
abstract class DenseDecoder extends PagedModelBase<DenseBatchState> {
    private final ModelConfig config;
    private final DenseBatchForward batchForward;

    DenseDecoder(GgufFile file, boolean ownsFile, ModelConfig config, DenseWeights weights, ModelOptions options) {
        options.cacheType().checkRow("key head", config.keyLength());
        options.cacheType().checkRow("value head", config.valueLength());
        super(file, ownsFile, options, DenseBatchState.class);
        this.config = config;
        Rope rope = new Rope(config.rope(), weights.ropeFreqs());
        this.batchForward = new DenseBatchForward(config, weights, rope, pool, options.cacheType());
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public int kvWidth(int layer) {
        return config.headCountKv(layer) * (config.keyLength() + config.valueLength());
    }

    @Override
    public BatchState newBatchState(int maxTokens, int maxContext) {
        return new DenseBatchState(config, maxTokens, maxContext, pool.threads());
    }

    @Override
    protected void step(DenseBatchState state, Batch batch, KvPages kv) {
        batchForward.forward(state, batch, kv);
    }
}
