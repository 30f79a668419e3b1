package io.jseek.model.tools;

import io.jseek.tensor.GgmlType;

/**
 * The shape of a random-weight model for {@link RandomModelWriter}.
 *
 * @param name file stem and golden-case name
 * @param architecture {@code llama}, {@code qwen2} or {@code qwen3}
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
 * @param headDim per-head query/key/value width; {@code n_embd / n_head} unless given (qwen3 writes it as
 *     {@code attention.key_length}, and its real models differ from the default)
 */
public record RandomModelSpec(String name, String architecture, String vocab, int embeddingLength, int blockCount,
                              int headCount, int headCountKv, int feedForwardLength, int contextLength,
                              float ropeFreqBase, float ropeLinearFactor, boolean llama3RopeFreqs,
                              boolean tiedOutput, GgmlType weightType, long seed, int headDim) {

    /** A spec whose head width is {@code n_embd / n_head}. */
    public RandomModelSpec(String name, String architecture, String vocab, int embeddingLength, int blockCount,
                           int headCount, int headCountKv, int feedForwardLength, int contextLength,
                           float ropeFreqBase, float ropeLinearFactor, boolean llama3RopeFreqs,
                           boolean tiedOutput, GgmlType weightType, long seed) {
        this(name, architecture, vocab, embeddingLength, blockCount, headCount, headCountKv, feedForwardLength,
                contextLength, ropeFreqBase, ropeLinearFactor, llama3RopeFreqs, tiedOutput, weightType, seed,
                embeddingLength / headCount);
    }
}
