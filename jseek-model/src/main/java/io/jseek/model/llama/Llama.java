package io.jseek.model.llama;

import io.jseek.gguf.GgufFile;
import io.jseek.model.ModelConfig;
import io.jseek.model.ModelLoadException;
import io.jseek.model.ModelOptions;
import io.jseek.model.RopeType;
import io.jseek.model.WeightLoader;
import java.io.IOException;

/**
 * Architecture {@code llama} (deepseek-llm, deepseek-coder, DeepSeek-R1-Distill-Llama; spec §2.2, llama.cpp
 * {@code build_llama}): pre-norm blocks, RoPE NORM (adjacent pairs, because the converter permuted the q/k rows) over
 * the whole head, optional linear RoPE scaling or Llama-3 {@code rope_freqs}, optional q/k/v/o biases, GQA attention
 * with scale {@code 1/sqrt(d)}, SwiGLU FFN, output tied to the embedding when {@code output.weight} is absent.
 */
public final class Llama extends DenseDecoder {

    private Llama(GgufFile file, boolean ownsFile, ModelConfig config, DenseWeights weights, ModelOptions options) {
        super(file, ownsFile, config, weights, options);
    }

    /** Loads a {@code llama} model from an open file. */
    public static Llama load(GgufFile file, ModelOptions options, boolean ownsFile) throws IOException {
        ModelConfig config = ModelConfig.fromGguf(file, vocabSize(file), RopeType.NORM);
        if (config.rope().dimensionCount() != config.keyLength()) {
            throw new ModelLoadException(file.path() + ": llama requires rope.dimension_count ("
                    + config.rope().dimensionCount() + ") == head dimension (" + config.keyLength() + ")");
        }
        DenseWeights weights = DenseWeights.load(new WeightLoader(file, "llama"), config, DenseVariant.LLAMA);
        return new Llama(file, ownsFile, config, weights, options);
    }

    static int vocabSize(GgufFile file) throws IOException {
        return Math.toIntExact(file.findTensor("token_embd.weight").orElseThrow(() -> new ModelLoadException(
                file.path() + ": tensor 'token_embd.weight' is missing")).dim(1));
    }
}
