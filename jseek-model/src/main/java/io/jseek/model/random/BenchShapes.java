package io.jseek.model.random;

import io.jseek.model.deepseek2.ExpertGating;
import io.jseek.tensor.GgmlType;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The shapes of benchmark models ({@code jseek gen-model}): the real hyper-parameters of published DeepSeek-family
 * models, so that a random-weight file moves exactly as many bytes per token as the real one, or a tiny stand-in of
 * the same architecture. The embedding has the real row count: the copied vocabulary is padded up to it.
 */
public final class BenchShapes {
    private static final long SEED = 1;

    private BenchShapes() {
    }

    /** DeepSeek-R1-Distill-Qwen-1.5B: untied output, q/k/v biases, GQA 12/2, 151936-row embedding. */
    public static RandomModelSpec qwen2Small() {
        return dense("qwen2-1.5b", "qwen2", "ggml-vocab-deepseek-r1-qwen.gguf", 151936, 1536, 28, 12, 2, 8960,
                10000f);
    }

    /**
     * DeepSeek-R1-0528-Qwen3-8B: qwen3 (per-head q/k norms, no biases), GQA 32/8 with heads of 128, untied output,
     * RoPE base 1e6 (its YaRN keys are omitted: no cost).
     */
    public static RandomModelSpec qwen3Distill() {
        return dense("qwen3-8b", "qwen3", "ggml-vocab-deepseek-r1-qwen.gguf", 151936, 4096, 36, 32, 8, 12288,
                1000000f);
    }

    /** deepseek-coder-1.3b: llama, 16 heads without GQA, RoPE base 100000 (linear scaling is omitted: no cost). */
    public static RandomModelSpec coderSmall() {
        return dense("coder-1.3b", "llama", "ggml-vocab-deepseek-coder.gguf", 32256, 2048, 24, 16, 16, 5504, 100000f);
    }

    /**
     * DeepSeek-V2-Lite: MLA (kv_lora 512, rope 64, nope 128, v 128) in the older {@code attn_kv_b} form that
     * published V2-Lite GGUFs have, with their YaRN keys; 64 routed experts top-6, 2 shared, 1 dense layer.
     */
    public static RandomModelSpec v2Lite() {
        return deepseek2("v2-lite", 102400, 2048, 27, 16, 10944, new RandomModelSpec.Mla(0, 512, 128, 64, 128, false),
                new RandomModelSpec.Moe(1, 64, 6, 2, 1408, ExpertGating.SOFTMAX, false, 0, 0, 1f, false));
    }

    /**
     * A tiny model of the same architecture as {@code real} for tests: 256-wide rows (so that every quant type
     * applies), two layers (deepseek2: 27, the depth llama.cpp reads a deepseek2 without q LoRA at), the real
     * vocabulary.
     */
    public static RandomModelSpec tiny(RandomModelSpec real) {
        String name = real.name() + "-tiny";
        if (real.mla() != null) {
            return deepseek2(name, real.vocabSize(), 256, 27, 4, 512, new RandomModelSpec.Mla(0, 256, 32, 16, 64,
                    false), new RandomModelSpec.Moe(1, 4, 2, 1, 64, ExpertGating.SOFTMAX, false, 0, 0, 1f, false));
        }
        int kvHeads = real.headCountKv() == real.headCount() ? 4 : 2;
        return dense(name, real.architecture(), real.vocab(), real.vocabSize(), 256, 2, 4, kvHeads, 512,
                real.ropeFreqBase());
    }

    /** The real shapes, in catalogue order. */
    public static List<RandomModelSpec> all() {
        return List.of(qwen2Small(), qwen3Distill(), coderSmall(), v2Lite());
    }

    /** The real shape called {@code name}, or its tiny stand-in when {@code name} ends in {@code -tiny}. */
    public static RandomModelSpec byName(String name) {
        boolean tiny = name.endsWith("-tiny");
        String real = tiny ? name.substring(0, name.length() - "-tiny".length()) : name;
        RandomModelSpec shape = all().stream().filter(s -> s.name().equals(real)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no benchmark shape '" + name + "'; known: "
                        + String.join(", ", all().stream().map(RandomModelSpec::name).toList()) + " (and NAME-tiny)"));
        return tiny ? tiny(shape) : shape;
    }

    private static RandomModelSpec dense(String name, String architecture, String vocab, int vocabSize, int embd,
                                         int layers, int heads, int kvHeads, int ffn, float ropeBase) {
        return new RandomModelSpec(name, architecture, vocab, vocabSize, embd, layers, heads, kvHeads, embd / heads,
                ffn, 131072, ropeBase, 0f, null, false, false, GgmlType.F32, SEED, null, null);
    }

    private static RandomModelSpec deepseek2(String name, int vocabSize, int embd, int layers, int heads, int ffn,
                                             RandomModelSpec.Mla mla, RandomModelSpec.Moe moe) {
        return new RandomModelSpec(name, "deepseek2", "ggml-vocab-deepseek-llm.gguf", vocabSize, embd, layers, heads,
                heads, mla.nopeDim() + mla.ropeDim(), ffn, 163840, 10000f, 0f, new RandomModelSpec.Yarn(40f, 0.0707f),
                false, false, GgmlType.F32, SEED, mla, moe);
    }
}
