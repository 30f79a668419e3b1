package io.jseek.model.tools;

import io.jseek.tensor.GgmlType;

/**
 * The shape of a random-weight model for {@link RandomModelWriter}.
 *
 * @param name file stem and golden-case name
 * @param architecture {@code llama} or {@code qwen2}
 * @param vocab file name of the vocab GGUF whose {@code tokenizer.*} metadata is copied (it fixes the vocab size)
 * @param embeddingLength {@code n_embd}; a multiple of the weight type's block size
 * @param blockCount layers
 * @param headCount query heads ({@code n_embd} must be divisible by it)
 * @param headCountKv key/value heads
 * @param feedForwardLength FFN width; a multiple of the weight type's block size
 * @param contextLength training context written to the metadata
 * @param ropeFreqBase RoPE base
 * @param ropeLinearFactor {@code rope.scaling.factor} with type linear; 0 writes no scaling keys
 * @param llama3RopeFreqs write a {@code rope_freqs.weight} tensor (Llama-3 style per-pair divisors)
 * @param tiedOutput omit {@code output.weight} (logits use the embedding)
 * @param weightType type of the 2-D weights (norms, biases and RoPE factors stay F32)
 * @param seed random seed; the same spec gives a byte-identical file
 */
public record RandomModelSpec(String name, String architecture, String vocab, int embeddingLength, int blockCount,
                              int headCount, int headCountKv, int feedForwardLength, int contextLength,
                              float ropeFreqBase, float ropeLinearFactor, boolean llama3RopeFreqs,
                              boolean tiedOutput, GgmlType weightType, long seed) {

    public int headDim() {
        return embeddingLength / headCount;
    }
}
