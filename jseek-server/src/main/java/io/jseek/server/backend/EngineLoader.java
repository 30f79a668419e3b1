package io.jseek.server.backend;

import io.jseek.engine.EngineSettings;
import io.jseek.engine.LoadedEngine;
import io.jseek.text.chat.ChatPrompt;
import io.jseek.tokenizer.Tokenizer;
import io.jseek.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens a GGUF file as a ready {@link EngineBackend}: the engine as {@link LoadedEngine} builds it for every caller,
 * plus the model's tokenizer and chat template.
 */
public final class EngineLoader {
    private EngineLoader() {
    }

    /** The backend for {@code file}; it owns the engine, the model and the disk cache and closes them. */
    public static EngineBackend open(Path file, EngineSettings settings) throws IOException {
        LoadedEngine loaded = LoadedEngine.open(file, settings);
        try {
            Tokenizer tokenizer = Tokenizers.fromGguf(loaded.model().gguf());
            return new EngineBackend(loaded.engine(), tokenizer, ChatPrompt.templateOf(loaded.model(), tokenizer),
                    loaded);
        } catch (IOException | RuntimeException e) {
            loaded.close();
            throw e;
        }
    }
}
