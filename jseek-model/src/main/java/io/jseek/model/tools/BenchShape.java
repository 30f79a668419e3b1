package io.jseek.model.tools;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The shape of a benchmark model for {@link BenchModelWriter}: the real hyper-parameters of a published DeepSeek-family
 * model (so that a random-weight file moves exactly as many bytes per token as the real one), or a tiny stand-in of
 * the same architecture for tests.
 *
 * @param name catalogue name ({@code qwen2-1.5b}, {@code qwen3-8b}, {@code coder-1.3b}, {@code v2-lite})
 * @param architecture {@code llama}, {@code qwen2}, {@code qwen3} or {@code deepseek2}
 * @param vocab vocab GGUF whose {@code tokenizer.*} metadata is copied
 * @param vocabSize rows of the embedding; the copied vocabulary is padded with unused {@code [PAD<id>]} tokens up to
 *     it, as the Hugging Face converter does for models whose embedding is larger than their tokenizer
 * @param heads query heads; for llama/qwen2/qwen3 the head dimension is {@code embd / heads}
 * @param kvHeads key/value heads (llama/qwen2/qwen3)
 * @param ffn FFN width (for deepseek2: of the leading dense layers)
 * @param ropeBase RoPE frequency base
 * @param mla multi-head latent attention dimensions (deepseek2 only, else null)
 * @param moe mixture-of-experts layout (deepseek2 only, else null)
 */
public record BenchShape(String name, String architecture, String vocab, int vocabSize, int embd, int layers,
                         int heads, int kvHeads, int ffn, float ropeBase, Mla mla, Moe moe) {

    /** Latent attention: compressed KV rank and the per-head no-RoPE, RoPE and value widths. */
    public record Mla(int kvLoraRank, int nopeDim, int ropeDim, int valueDim) {
    }

    /** Routed experts ({@code used} per token), shared experts, expert FFN width, leading dense layers. */
    public record Moe(int experts, int used, int shared, int expertFf, int leadingDense) {
    }

    /** DeepSeek-R1-Distill-Qwen-1.5B: untied output, q/k/v biases, GQA 12/2, 151936-row embedding. */
    public static BenchShape qwen2Small() {
        return new BenchShape("qwen2-1.5b", "qwen2", "ggml-vocab-deepseek-r1-qwen.gguf", 151936, 1536, 28, 12, 2,
                8960, 10000f, null, null);
    }

    /**
     * DeepSeek-R1-0528-Qwen3-8B: qwen3 (per-head q/k norms, no biases), GQA 32/8 with heads of 128, untied output,
     * RoPE base 1e6 (its YaRN keys are omitted: no cost).
     */
    public static BenchShape qwen3Distill() {
        return new BenchShape("qwen3-8b", "qwen3", "ggml-vocab-deepseek-r1-qwen.gguf", 151936, 4096, 36, 32, 8,
                12288, 1000000f, null, null);
    }

    /** deepseek-coder-1.3b: llama, 16 heads without GQA, RoPE base 100000 (linear scaling is omitted: no cost). */
    public static BenchShape coderSmall() {
        return new BenchShape("coder-1.3b", "llama", "ggml-vocab-deepseek-coder.gguf", 32256, 2048, 24, 16, 16, 5504,
                100000f, null, null);
    }

    /** DeepSeek-V2-Lite: MLA (kv_lora 512, rope 64, nope 128, v 128), 64 routed experts top-6, 2 shared, 1 dense. */
    public static BenchShape v2Lite() {
        return new BenchShape("v2-lite", "deepseek2", "ggml-vocab-deepseek-llm.gguf", 102400, 2048, 27, 16, 16, 10944,
                10000f, new Mla(512, 128, 64, 128), new Moe(64, 6, 2, 1408, 1));
    }

    /**
     * A tiny model of the same architecture as {@code real} for tests: 256-wide rows (so that every quant type
     * applies), two layers (deepseek2: 27), the real vocabulary.
     */
    public static BenchShape tiny(BenchShape real) {
        Mla mla = real.mla() == null ? null : new Mla(256, 32, 16, 64);
        Moe moe = real.moe() == null ? null : new Moe(4, 2, 1, 64, 1);
        int kvHeads = real.kvHeads() == real.heads() ? 4 : 2;
        int layers = moe == null ? 2 : 27; // llama.cpp reads a deepseek2 without q LoRA only at V2-Lite's depth
        return new BenchShape(real.name() + "-tiny", real.architecture(), real.vocab(), real.vocabSize(), 256, layers,
                4, kvHeads, 512, real.ropeBase(), mla, moe);
    }

    /** The real shapes, in catalogue order. */
    public static List<BenchShape> all() {
        return List.of(qwen2Small(), qwen3Distill(), coderSmall(), v2Lite());
    }

    /** The real shape called {@code name}, or its tiny stand-in when {@code name} ends in {@code -tiny}. */
    public static BenchShape byName(String name) {
        boolean tiny = name.endsWith("-tiny");
        String real = tiny ? name.substring(0, name.length() - "-tiny".length()) : name;
        BenchShape shape = all().stream().filter(s -> s.name().equals(real)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no benchmark shape '" + name + "'; known: "
                        + String.join(", ", all().stream().map(BenchShape::name).toList()) + " (and NAME-tiny)"));
        return tiny ? tiny(shape) : shape;
    }

    public int headDim() {
        return embd / heads;
    }
}
