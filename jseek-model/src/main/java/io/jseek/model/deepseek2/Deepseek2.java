package io.jseek.model.deepseek2;

import io.jseek.gguf.GgufFile;
import io.jseek.model.Batch;
import io.jseek.model.BatchState;
import io.jseek.model.KvPages;
import io.jseek.model.ModelConfig;
import io.jseek.model.ModelOptions;
import io.jseek.model.PagedModelBase;
import io.jseek.model.WeightLoader;
import io.jseek.model.ops.Rope;
import java.io.IOException;

/**
 * Architecture {@code deepseek2} (DeepSeek-V2, V2-Lite, V2.5, Coder-V2, V3, R1; spec §2.4): loads and checks the
 * weights; the forward step is {@link Deepseek2BatchForward}, over a paged latent cache of {@code kvLoraRank + ropeDim}
 * floats per position and layer.
 */
public final class Deepseek2 extends PagedModelBase<Deepseek2BatchState> {
    private final Deepseek2Config config;
    private final Deepseek2Weights weights;
    private final Deepseek2BatchForward batchForward;

    private Deepseek2(GgufFile file, boolean ownsFile, Deepseek2Config config, Deepseek2Weights weights,
                      ModelOptions options) {
        options.cacheType().checkRow("kv latent (kv_lora_rank)", config.kvLoraRank());
        options.cacheType().checkRow("rope key", config.ropeDim());
        if (!config.splitMla()) { // the unabsorbed query meets the cache
            options.cacheType().checkRow("key head", config.nopeDim() + config.ropeDim());
        }
        super(file, ownsFile, options, Deepseek2BatchState.class);
        this.config = config;
        this.weights = weights;
        Rope rope = new Rope(config.attentionScale().ropeFor(config.base().rope()), null);
        this.batchForward = new Deepseek2BatchForward(config, weights, new MlaHeads(config, weights.layers()), rope,
                pool, options.cacheType());
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
    public int kvWidth(int layer) {
        return config.latentCacheWidth();
    }

    @Override
    public BatchState newBatchState(int maxTokens, int maxContext) {
        return new Deepseek2BatchState(config, maxTokens, maxContext, pool.threads(), options.cacheType());
    }

    @Override
    protected void step(Deepseek2BatchState state, Batch batch, KvPages kv) {
        batchForward.forward(state, batch, kv);
    }
}
