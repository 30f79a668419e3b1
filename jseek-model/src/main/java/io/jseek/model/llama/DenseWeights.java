package io.jseek.model.llama;

import io.jseek.model.ModelConfig;
import io.jseek.model.WeightLoader;
import io.jseek.tensor.FloatTensor;
import java.io.IOException;

/**
 * All weights of a dense decoder ({@code llama}, {@code qwen2}, {@code qwen3}). {@code output} is {@code tokenEmbd}
 * when the file has no {@code output.weight} (tied embeddings); {@code ropeFreqs} holds Llama-3 per-pair RoPE divisors
 * or null.
 */
public record DenseWeights(FloatTensor tokenEmbd,   // [V][E]
                           FloatTensor outputNorm,  // [E]
                           FloatTensor output,      // [V][E]
                           float[] ropeFreqs,       // [nRot/2] or null
                           DenseLayer[] layers) {

    /** Loads every tensor, those of {@code variant} included. */
    static DenseWeights load(WeightLoader w, ModelConfig c, DenseVariant variant) throws IOException {
        long e = c.embeddingLength();
        long v = c.vocabSize();
        FloatTensor embd = w.require("token_embd.weight", e, v);
        FloatTensor output = w.optional("output.weight", e, v).orElse(embd);
        float[] ropeFreqs = w.optional("rope_freqs.weight", c.rope().dimensionCount() / 2)
                .map(WeightLoader::toArray).orElse(null);
        DenseLayer[] layers = new DenseLayer[c.blockCount()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = DenseLayer.load(w, c, l, variant);
        }
        return new DenseWeights(embd, w.require("output_norm.weight", e), output, ropeFreqs, layers);
    }
}
