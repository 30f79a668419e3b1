package io.jseek.model.tools;

import io.jseek.tensor.GgmlType;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The catalogue of tiny random models that the golden tests compare against llama.cpp
 * ({@code tools/oracle/model/regen.sh} writes them with {@link RandomModelWriter#main} and records llama.cpp's
 * outputs; the JUnit test regenerates them from the same specs). Hidden size 64 keeps even the 152k-token Qwen
 * vocabulary at a few MB per quantized file; the K-quant cases need rows of 256 and are four times larger.
 */
public final class TinyModels {
    private TinyModels() {
    }

    /**
     * deepseek-coder-like llama: 32k vocab, GQA 4/2, linear RoPE scaling x4 with base 100000, untied output. Hidden
     * and FFN width are 64/128, or 256/256 for K-quants (whose rows are blocks of 256).
     */
    public static RandomModelSpec llamaLinear(GgmlType type) {
        int e = width(type, 64);
        return new RandomModelSpec(name("llama-linear", type), "llama", "ggml-vocab-deepseek-coder.gguf", e, 2, 4, 2,
                width(type, 128), 512, 100000f, 4f, false, false, type, 1234);
    }

    /** {@code small}, or 256 for types with blocks of 256 (K-quants). */
    private static int width(GgmlType type, int small) {
        return Math.max(small, type.blockSize());
    }

    /** R1-Distill-Llama-like llama: Llama-3 {@code rope_freqs} divisors, GQA 4/1, untied output. */
    public static RandomModelSpec llamaRopeFreqs(GgmlType type) {
        return new RandomModelSpec(name("llama-ropefreqs", type), "llama", "ggml-vocab-deepseek-coder.gguf", 64, 2, 4, 1, 128,
                512, 500000f, 0f, true, false, type, 77);
    }

    /** R1-Distill-Qwen-like qwen2: 152k vocab, q/k/v biases, RoPE NEOX, GQA 4/2, tied output (widths as llama). */
    public static RandomModelSpec qwen2(GgmlType type) {
        return new RandomModelSpec(name("qwen2", type), "qwen2", "ggml-vocab-deepseek-r1-qwen.gguf", width(type, 64), 2,
                4, 2, width(type, 128), 512, 10000f, 0f, false, true, type, 4321);
    }

    /**
     * R1-0528-Qwen3-like qwen3: 152k vocab, per-head q/k norms, no biases, RoPE NEOX base 1e6, GQA 4/2, untied output,
     * and heads of 32, twice {@code n_embd / n_head} (as Qwen3-0.6B's 128 against 1024 / 16).
     */
    public static RandomModelSpec qwen3(GgmlType type) {
        return new RandomModelSpec(name("qwen3", type), "qwen3", "ggml-vocab-deepseek-r1-qwen.gguf", 64, 2, 4, 2, 128,
                512, 1000000f, 0f, false, false, type, 8642, 32);
    }

    private static String name(String stem, GgmlType type) {
        return stem + "-" + type.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Every golden case. */
    public static List<RandomModelSpec> all() {
        List<RandomModelSpec> all = new ArrayList<>();
        for (GgmlType t : List.of(GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0,
                GgmlType.Q4_K, GgmlType.Q6_K)) {
            all.add(llamaLinear(t));
            all.add(qwen2(t));
        }
        for (GgmlType t : List.of(GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0)) {
            all.add(qwen3(t));
        }
        all.add(llamaRopeFreqs(GgmlType.F32));
        return all;
    }

    /** The case called {@code name}. */
    public static RandomModelSpec byName(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no tiny model named " + name));
    }
}
