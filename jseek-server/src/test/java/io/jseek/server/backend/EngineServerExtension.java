package io.jseek.server.backend;

import io.jseek.api.testing.ScriptedModel;
import io.jseek.engine.EngineSettings;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link EngineServer} for all the tests of a class, on a model written into a temporary folder of its own:
 * started before the first test and closed, folder deleted, after the last
 * ({@code @RegisterExtension static final EngineServerExtension SERVER = ...}).
 */
final class EngineServerExtension implements BeforeAllCallback, AfterAllCallback {
    /** Writes a model into {@code dir} and starts a server on it. */
    @FunctionalInterface
    interface Starter {
        EngineServer start(Path dir) throws IOException;
    }

    private final Starter starter;
    private Path dir;
    private EngineServer server;

    private EngineServerExtension(Starter starter) {
        this.starter = starter;
    }

    /** The {@link ScriptedModel}'s server ({@link EngineServer#scripted}). */
    static EngineServerExtension scripted() {
        return new EngineServerExtension(
                dir -> EngineServer.scripted(ScriptedModel.write(dir.resolve("scripted.gguf"))));
    }

    /** A tiny random F16 llama named {@code name} (one layer, seed 2024), 4 parallel sequences of 1024 positions. */
    static EngineServerExtension tinyLlama(String name) {
        return new EngineServerExtension(dir -> {
            RandomModelSpec spec = new RandomModelSpec(name, "llama", "ggml-vocab-deepseek-v3.gguf", 64, 1, 4, 4, 128,
                    1024, 10000f, 0f, false, false, GgmlType.F16, 2024);
            Path file = dir.resolve(name + ".gguf");
            RandomModelWriter.write(spec, ScriptedModel.TESTDATA.resolve("tokenizer").resolve(spec.vocab()), file);
            return new EngineServer(file, EngineSettings.of(2, 4, 16, 1024, 0, null));
        });
    }

    /** The running server. */
    EngineServer get() {
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("jseek-engine-server");
        server = starter.start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path f : files) {
            Files.delete(f);
        }
    }
}
