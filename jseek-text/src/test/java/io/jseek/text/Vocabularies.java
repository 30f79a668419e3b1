package io.jseek.text;

import io.jseek.gguf.GgufFile;
import io.jseek.tokenizer.Tokenizer;
import io.jseek.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The real tokenizers of the shared test data ({@code tokenizer/ggml-vocab-NAME.gguf}), loaded once per JVM. */
public final class Vocabularies {
    private static final Map<String, Tokenizer> TOKENIZERS = new ConcurrentHashMap<>();

    private Vocabularies() {
    }

    /** @param vocab {@code deepseek-v3}, {@code deepseek-r1-qwen}, … */
    public static Tokenizer tokenizer(String vocab) {
        return TOKENIZERS.computeIfAbsent(vocab, k -> {
            String dir = System.getProperty("jseek.testdata", "../../shared/testdata");
            try (GgufFile file = GgufFile.open(Path.of(dir, "tokenizer", "ggml-vocab-" + vocab + ".gguf"))) {
                return Tokenizers.fromGguf(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
