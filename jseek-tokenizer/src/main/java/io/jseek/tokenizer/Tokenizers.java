package io.jseek.tokenizer;

import io.jseek.gguf.GgufFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Factories for {@link Tokenizer}: from a GGUF model (also vocab-only files) or a Hugging Face tokenizer.json. */
public final class Tokenizers {
    private Tokenizers() {
    }

    /**
     * Reads the tokenizer stored in GGUF metadata.
     *
     * @throws TokenizerFormatException for non-BPE vocabularies, unknown pre-tokenizers or malformed data
     */
    public static Tokenizer fromGguf(GgufFile gguf) throws IOException {
        return new Tokenizer(GgufTokenizerLoader.read(gguf));
    }

    /**
     * Reads a Hugging Face tokenizer.json; BOS/EOS come from the sibling tokenizer_config.json when there is one
     * ({@code tokenizer.json} → {@code tokenizer_config.json}, {@code NAME.tokenizer.json} →
     * {@code NAME.tokenizer_config.json}).
     */
    public static Tokenizer fromHuggingFace(Path tokenizerJson) throws IOException {
        String name = tokenizerJson.getFileName().toString();
        Path config = null;
        if (name.endsWith("tokenizer.json")) {
            Path candidate = tokenizerJson.resolveSibling(
                    name.substring(0, name.length() - "tokenizer.json".length()) + "tokenizer_config.json");
            config = Files.isRegularFile(candidate) ? candidate : null;
        }
        return fromHuggingFace(tokenizerJson, config);
    }

    /**
     * Reads a Hugging Face tokenizer.json with an explicit tokenizer_config.json.
     *
     * @param tokenizerConfig the config, or {@code null} to take BOS from the post-processor only
     */
    public static Tokenizer fromHuggingFace(Path tokenizerJson, Path tokenizerConfig) throws IOException {
        return new Tokenizer(HuggingFaceTokenizerLoader.read(tokenizerJson, tokenizerConfig));
    }
}
