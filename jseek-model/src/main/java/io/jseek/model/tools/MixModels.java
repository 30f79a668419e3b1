package io.jseek.model.tools;

import io.jseek.model.deepseek2.ExpertGating;
import io.jseek.model.deepseek2.TinyDeepseek2Spec;
import io.jseek.model.deepseek2.TinyDeepseek2Writer;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The random models whose quantization type mix is compared with llama-quantize's
 * ({@code tools/oracle/quantmix/regen.sh} writes them with {@link #main} and records the types llama.cpp gives each
 * tensor; the JUnit test writes them again from the same specs). Rows of 256 where a K-quant fits and some rows that
 * do not (fallbacks), enough layers for the "more bits" pattern, tied and untied outputs, F32, F16 and BF16 sources, the four architectures jseek runs.
 * All use the 32k deepseek-coder vocabulary, the smallest in the test data (llama-quantize reads no vocabulary).
 */
public final class MixModels {
    static final String VOCAB = "ggml-vocab-deepseek-coder.gguf";

    private MixModels() {
    }

    /** llama, 10 layers, GQA 4/2, FFN 288 wide (ffn_down rows fall back), untied output, F16 weights. */
    public static RandomModelSpec llama() {
        return new RandomModelSpec("mix-llama", "llama", VOCAB, 256, 10, 4, 2, 288, 512, 10000f, 0f, false, false,
                GgmlType.F16, 11);
    }

    /** qwen2, 9 layers, GQA 4/2, FFN 512, tied output (token_embd takes the output's type), F32 weights. */
    public static RandomModelSpec qwen2() {
        return new RandomModelSpec("mix-qwen2", "qwen2", VOCAB, 256, 9, 4, 2, 512, 512, 10000f, 0f, false, true,
                GgmlType.F32, 12);
    }

    /** qwen3, 8 layers, GQA 4/2 with heads of 128 (wider than n_embd / n_head), FFN 768, untied, F32 weights. */
    public static RandomModelSpec qwen3() {
        return new RandomModelSpec("mix-qwen3", "qwen3", VOCAB, 256, 8, 4, 2, 768, 512, 1000000f, 0f, false, false,
                GgmlType.F32, 14, 128);
    }

    /**
     * V2-Lite-like deepseek2 (legacy {@code attn_kv_b} layout): 27 layers, one leading dense layer with a 288-wide
     * FFN, 4 experts of 128 (their ffn_down rows fall back) and 2 shared ones (256: a K-quant fits), BF16 weights.
     */
    public static TinyDeepseek2Spec deepseek2() {
        return new TinyDeepseek2Spec("mix-ds2-lite", VOCAB, 256, 27, 4, 0, 256, 32, 16, 64, 288, 1, 4, 2, 128, 2,
                ExpertGating.SOFTMAX, false, 0, 0, 1f, false, 0f, 0f, false, false, GgmlType.BF16, 13);
    }

    /** The case names, in {@link #write} order. */
    public static List<String> names() {
        return List.of(llama().name(), qwen2().name(), qwen3().name(), deepseek2().name());
    }

    /** Writes case {@code name} as {@code dir/NAME.gguf}, taking the tokenizer from {@code vocabDir}. */
    public static Path write(String name, Path vocabDir, Path dir) throws IOException {
        Path out = dir.resolve(name + ".gguf");
        Path vocab = vocabDir.resolve(VOCAB);
        if (name.equals(deepseek2().name())) {
            TinyDeepseek2Writer.write(deepseek2(), vocab, out);
        } else {
            RandomModelSpec spec = Stream.of(llama(), qwen2(), qwen3()).filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no mix model named " + name));
            RandomModelWriter.write(spec, vocab, out);
        }
        return out;
    }

    /** {@code MixModels VOCAB_DIR OUT_DIR}: writes every case, one path per line. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: MixModels VOCAB_DIR OUT_DIR");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[1]));
        for (String name : names()) {
            System.out.println(write(name, Path.of(args[0]), dir));
        }
    }
}
