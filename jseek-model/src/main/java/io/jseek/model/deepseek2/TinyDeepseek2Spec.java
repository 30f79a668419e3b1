package io.jseek.model.deepseek2;

import io.jseek.tensor.GgmlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * The shape of a random-weight deepseek2 model for {@link TinyDeepseek2Writer}, and the catalogue of golden cases.
 * All row lengths are multiples of 32 so that F16 and Q8_0/Q4_0 variants exist; K-quants need rows of 256, which
 * only the V3-style K-quant cases have where a matrix reads the hidden state (others fall back, as in real files).
 *
 * @param name file stem and golden-case name
 * @param vocab vocab GGUF whose {@code tokenizer.*} metadata is copied (fixes the vocab size)
 * @param layers block count (27 makes llama.cpp treat the model as "lite": it then never reads q_lora_rank)
 * @param qLoraRank 0 for lite (single {@code attn_q})
 * @param groups expert groups (0: no group keys written)
 * @param yarnFactor {@code rope.scaling.factor} with type yarn; 0 writes no scaling keys
 * @param yarnLogMultiplier {@code rope.scaling.yarn_log_multiplier} (0.1·mscale_all_dim) when YaRN is on
 * @param splitMla write {@code attn_k_b}/{@code attn_v_b} (newer converters) instead of {@code attn_kv_b}
 */
public record TinyDeepseek2Spec(String name, String vocab, int embd, int layers, int heads, int qLoraRank,
                                int kvLoraRank, int nopeDim, int ropeDim, int valueDim, int denseFf,
                                int leadingDense, int experts, int expertsUsed, int expertFf, int sharedExperts,
                                ExpertGating gating, boolean expProbsBias, int groups, int groupsUsed,
                                float weightsScale, boolean weightsNorm, float yarnFactor, float yarnLogMultiplier,
                                boolean splitMla, boolean tiedOutput, GgmlType weightType, long seed) {

    /** Training context written to the metadata (YaRN's original context is 4096 as in V2/V3). */
    public int contextLength() {
        return yarnFactor == 0f ? 4096 : (int) (4096 * yarnFactor);
    }

    /**
     * DeepSeek-V2-Lite-like: 27 layers, no q LoRA, softmax routing over 16 experts (top 4), 1 leading dense layer,
     * 2 shared experts, scale 1, no normalization, no YaRN; V2 vocabulary (102400 tokens). Hidden size 64, or 256 for
     * K-quants (as {@link #v3}).
     */
    public static TinyDeepseek2Spec v2Lite(GgmlType type, boolean split) {
        int embd = Math.max(64, type.blockSize()); // K-quants: rows of 256 where a matrix reads the residual
        return new TinyDeepseek2Spec(name("ds2-lite", type, split), "ggml-vocab-deepseek-llm.gguf", embd, 27, 4, 0, 32,
                32, 16, 32, 96, 1, 16, 4, 32, 2, ExpertGating.SOFTMAX, false, 0, 0, 1f, false, 0f, 0f, split,
                false, type, 2024);
    }

    /**
     * DeepSeek-V3-like: q LoRA, sigmoid routing with {@code exp_probs_b}, 16 experts in 4 groups (2 kept, top 4),
     * normalized weights scaled by 2.5, 1 shared expert, YaRN factor 40 with log multiplier 0.1, tied output;
     * V3 vocabulary. Hidden size 64, or 256 for K-quants (the other matrices then take llama-quantize's fallback
     * type, see {@link TinyDeepseek2Writer}).
     */
    public static TinyDeepseek2Spec v3(GgmlType type, boolean split) {
        int embd = Math.max(64, type.blockSize()); // K-quants: rows of 256 for every matrix that reads the residual
        return new TinyDeepseek2Spec(name("ds3", type, split), "ggml-vocab-deepseek-v3.gguf", embd, 3, 4, 32, 32, 32,
                16, 32, 96, 1, 16, 4, 32, 1, ExpertGating.SIGMOID, true, 4, 2, 2.5f, true, 40f, 0.1f, split, true,
                type, 3031);
    }

    /** This spec with {@code n} layers (the same name: tests only, there is no golden for it). */
    public TinyDeepseek2Spec withLayers(int n) {
        return new TinyDeepseek2Spec(name, vocab, embd, n, heads, qLoraRank, kvLoraRank, nopeDim, ropeDim, valueDim,
                denseFf, leadingDense, experts, expertsUsed, expertFf, sharedExperts, gating, expProbsBias, groups,
                groupsUsed, weightsScale, weightsNorm, yarnFactor, yarnLogMultiplier, splitMla, tiedOutput, weightType,
                seed);
    }

    private static String name(String stem, GgmlType type, boolean split) {
        return stem + (split ? "-split-" : "-kvb-") + type.name().toLowerCase(Locale.ROOT);
    }

    /** Every golden case. */
    public static List<TinyDeepseek2Spec> all() {
        List<TinyDeepseek2Spec> all = new ArrayList<>();
        for (boolean split : new boolean[] {false, true}) {
            all.add(v2Lite(GgmlType.F32, split));
            all.add(v3(GgmlType.F32, split));
        }
        all.add(v2Lite(GgmlType.Q8_0, true));
        all.add(v2Lite(GgmlType.Q4_0, false));
        all.add(v3(GgmlType.F16, false));
        all.add(v3(GgmlType.Q8_0, true));
        all.add(v3(GgmlType.Q4_K, true));
        all.add(v3(GgmlType.Q6_K, false));
        return all;
    }

    /** The case called {@code name}. */
    public static TinyDeepseek2Spec byName(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no tiny deepseek2 model named " + name));
    }
}
