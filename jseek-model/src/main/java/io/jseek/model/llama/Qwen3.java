package io.jseek.model.llama;

import io.jseek.gguf.GgufFile;
import io.jseek.model.ModelConfig;
import io.jseek.model.ModelLoadException;
import io.jseek.model.ModelOptions;
import io.jseek.model.RopeType;
import io.jseek.model.WeightLoader;
import java.io.IOException;

/**
 * Architecture {@code qwen3} (DeepSeek-R1-0528-Qwen3-8B; llama.cpp {@code src/models/qwen3.cpp}): the qwen2 block
 * without q/k/v biases and with an RMSNorm on every q and k head ({@code attn_q_norm}, {@code attn_k_norm}, one
 * weight of the head width shared by all heads) before RoPE NEOX. The head width comes from
 * {@code attention.key_length} and need not be {@code n_embd / n_head} (Qwen3-0.6B: 1024 / 16 heads of 128); like
 * llama.cpp, RoPE must span the whole head and keys and values must have the same width.
 */
public final class Qwen3 extends DenseDecoder {

    private Qwen3(GgufFile file, boolean ownsFile, ModelConfig config, DenseWeights weights, ModelOptions options) {
        super(file, ownsFile, config, weights, options);
    }

    /** Loads a {@code qwen3} model from an open file. */
    public static Qwen3 load(GgufFile file, ModelOptions options, boolean ownsFile) throws IOException {
        ModelConfig config = ModelConfig.fromGguf(file, Llama.vocabSize(file), RopeType.NEOX);
        if (config.valueLength() != config.keyLength() || config.rope().dimensionCount() != config.keyLength()) {
            throw new ModelLoadException(file.path() + ": qwen3 requires attention.key_length ("
                    + config.keyLength() + ") == attention.value_length (" + config.valueLength()
                    + ") == rope.dimension_count (" + config.rope().dimensionCount() + ")");
        }
        DenseWeights weights = DenseWeights.load(new WeightLoader(file, "qwen3"), config, DenseVariant.QWEN3);
        return new Qwen3(file, ownsFile, config, weights, options);
    }
}
