package io.jseek.model.deepseek2;

import io.jseek.model.WeightLoader;
import io.jseek.tensor.FloatTensor;
import java.io.IOException;

/**
 * All deepseek2 weights as views over the mapped file. {@code output} is the embedding itself when
 * {@code output.weight} is absent (tied, as current llama.cpp allows).
 */
public record Deepseek2Weights(FloatTensor tokenEmbd,   // [V][E]
                               FloatTensor outputNorm,  // [E]
                               FloatTensor output,      // [V][E]
                               Deepseek2Layer[] layers) {

    public static Deepseek2Weights load(WeightLoader w, Deepseek2Config c) throws IOException {
        long e = c.base().embeddingLength();
        long v = c.base().vocabSize();
        FloatTensor embd = w.require("token_embd.weight", e, v);
        Deepseek2Layer[] layers = new Deepseek2Layer[c.base().blockCount()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = Deepseek2Layer.load(w, c, l);
        }
        return new Deepseek2Weights(embd, w.require("output_norm.weight", e),
                w.optional("output.weight", e, v).orElse(embd), layers);
    }
}
