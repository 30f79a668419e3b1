package io.jseek.model.llama;

import io.jseek.gguf.GgufFile;
import io.jseek.model.ModelConfig;
import io.jseek.model.ModelOptions;
import io.jseek.model.RopeType;
import io.jseek.model.WeightLoader;
import java.io.IOException;

/**
 * Architecture {@code qwen2} (DeepSeek-R1-Distill-Qwen; spec §2.3, llama.cpp {@code build_qwen2}): the llama block
 * with required q/k/v biases and RoPE NEOX (rotate the two halves of each head; Hugging Face layout, no permutation),
 * GQA attention, SwiGLU FFN; output tied to the embedding when {@code output.weight} is absent.
 */
public final class Qwen2 extends DenseDecoder {

    private Qwen2(GgufFile file, boolean ownsFile, ModelConfig config, DenseWeights weights, ModelOptions options) {
        super(file, ownsFile, config, weights, options);
    }

    /** Loads a {@code qwen2} model from an open file. */
    public static Qwen2 load(GgufFile file, ModelOptions options, boolean ownsFile) throws IOException {
        ModelConfig config = ModelConfig.fromGguf(file, Llama.vocabSize(file), RopeType.NEOX);
        DenseWeights weights = DenseWeights.load(new WeightLoader(file, "qwen2"), config, DenseVariant.QWEN2);
        return new Qwen2(file, ownsFile, config, weights, options);
    }
}
