package io.jseek.model.random;

import io.jseek.model.deepseek2.ExpertGating;
import io.jseek.tensor.GgmlType;

/**
 * The shape of a random-weight model for {@link RandomModelWriter}: a dense llama/qwen2/qwen3 model, or a deepseek2
 * one when {@link #mla} and {@link #moe} are given.
 *
 * @param name file stem and golden-case name
 * @param architecture {@code llama}, {@code qwen2}, {@code qwen3} or {@code deepseek2}
 * @param vocab file name of the vocab GGUF whose {@code tokenizer.*} metadata is copied
 * @param vocabSize rows of the embedding; 0 for the vocab's own size, else the copied vocabulary is padded with unused
 *     {@code [PAD<id>]} tokens up to it, as the Hugging Face converter does for embeddings larger than the tokenizer
 * @param embeddingLength {@code n_embd}; a multiple of the weight type's block size
 * @param blockCount layers (deepseek2: 27 makes llama.cpp treat the model as "lite": it then never reads q_lora_rank)
 * @param headCount query heads
 * @param headCountKv key/value heads (dense models)
 * @param headDim per-head query/key/value width of a dense model (qwen3 writes it as {@code attention.key_length})
 * @param feedForwardLength FFN width (deepseek2: of the leading dense layers); a multiple of the block size
 * @param contextLength training context written to the metadata
 * @param ropeFreqBase RoPE base
 * @param ropeLinearFactor {@code rope.scaling.factor} with type linear; 0 writes no linear scaling keys
 * @param yarn YaRN scaling keys, or null
 * @param llama3RopeFreqs write a {@code rope_freqs.weight} tensor (Llama-3 style per-pair divisors)
 * @param tiedOutput omit {@code output.weight} (logits use the embedding)
 * @param weightType type of the 2-D weights (norms, biases, router and RoPE factors stay F32); for a file in a
 *     llama-quantize mix, the source type the mix is chosen from
 * @param seed random seed; the same spec gives a byte-identical file
 * @param mla latent attention (deepseek2), or null
 * @param moe mixture of experts (deepseek2), or null
 */
public record RandomModelSpec(String name, String architecture, String vocab, int vocabSize, int embeddingLength,
                              int blockCount, int headCount, int headCountKv, int headDim, int feedForwardLength,
                              int contextLength, float ropeFreqBase, float ropeLinearFactor, Yarn yarn,
                              boolean llama3RopeFreqs, boolean tiedOutput, GgmlType weightType, long seed, Mla mla,
                              Moe moe) {

    /** YaRN: {@code rope.scaling.factor}, and {@code yarn_log_multiplier} (0.1·mscale_all_dim); original context 4096. */
    public record Yarn(float factor, float logMultiplier) {
    }

    /**
     * Multi-head latent attention.
     *
     * @param qLoraRank 0 for a single {@code attn_q} (lite)
     * @param split write {@code attn_k_b}/{@code attn_v_b} (newer converters) instead of {@code attn_kv_b}
     */
    public record Mla(int qLoraRank, int kvLoraRank, int nopeDim, int ropeDim, int valueDim, boolean split) {
    }

    /**
     * Routed experts after {@code leadingDense} dense layers.
     *
     * @param used experts per token
     * @param shared shared experts (one FFN {@code shared * expertFf} wide)
     * @param expProbsBias write {@code exp_probs_b} (V3's selection bias)
     * @param groups expert groups (0: no group keys written)
     */
    public record Moe(int leadingDense, int experts, int used, int shared, int expertFf, ExpertGating gating,
                      boolean expProbsBias, int groups, int groupsUsed, float weightsScale, boolean weightsNorm) {
    }

    /** A dense spec with its own vocabulary size. */
    public RandomModelSpec(String name, String architecture, String vocab, int embeddingLength, int blockCount,
                           int headCount, int headCountKv, int feedForwardLength, int contextLength,
                           float ropeFreqBase, float ropeLinearFactor, boolean llama3RopeFreqs,
                           boolean tiedOutput, GgmlType weightType, long seed, int headDim) {
        this(name, architecture, vocab, 0, embeddingLength, blockCount, headCount, headCountKv, headDim,
                feedForwardLength, contextLength, ropeFreqBase, ropeLinearFactor, null, llama3RopeFreqs, tiedOutput,
                weightType, seed, null, null);
    }

    /** A dense spec whose head width is {@code n_embd / n_head}. */
    public RandomModelSpec(String name, String architecture, String vocab, int embeddingLength, int blockCount,
                           int headCount, int headCountKv, int feedForwardLength, int contextLength,
                           float ropeFreqBase, float ropeLinearFactor, boolean llama3RopeFreqs,
                           boolean tiedOutput, GgmlType weightType, long seed) {
        this(name, architecture, vocab, embeddingLength, blockCount, headCount, headCountKv, feedForwardLength,
                contextLength, ropeFreqBase, ropeLinearFactor, llama3RopeFreqs, tiedOutput, weightType, seed,
                embeddingLength / headCount);
    }

    /** This spec with {@code n} layers (the same name). */
    public RandomModelSpec withLayers(int n) {
        return new RandomModelSpec(name, architecture, vocab, vocabSize, embeddingLength, n, headCount, headCountKv,
                headDim, feedForwardLength, contextLength, ropeFreqBase, ropeLinearFactor, yarn, llama3RopeFreqs,
                tiedOutput, weightType, seed, mla, moe);
    }

    /** This spec with another seed (the same name). */
    public RandomModelSpec withSeed(long s) {
        return new RandomModelSpec(name, architecture, vocab, vocabSize, embeddingLength, blockCount, headCount,
                headCountKv, headDim, feedForwardLength, contextLength, ropeFreqBase, ropeLinearFactor, yarn,
                llama3RopeFreqs, tiedOutput, weightType, s, mla, moe);
    }
}
