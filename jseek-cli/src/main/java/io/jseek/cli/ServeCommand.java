package io.jseek.cli;

import io.jseek.engine.EngineSettings;
import io.jseek.hub.DownloadProgress;
import io.jseek.server.ApiServer;
import io.jseek.server.DeferredBackend;
import io.jseek.server.ServerConfig;
import io.jseek.server.backend.EngineLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jseek serve}: the DeepSeek/OpenAI-compatible HTTP API for one model, on the continuous-batching engine
 * ({@code --parallel} sequences decode together; {@code --cache-ram} sizes the paged KV pool, which is also the
 * prefix cache; {@code --cache-dir} adds the on-disk prefix cache). The server listens first and answers
 * {@code /health} with 503 while the model loads; SIGTERM / Ctrl-C drains (running requests get {@link #DRAIN} to
 * finish, then their streams end with an error event), then the engine stops and the model is released.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a model over the DeepSeek/OpenAI HTTP API (chat, completions, FIM, /metrics).")
final class ServeCommand implements Callable<Integer> {
    static final Duration DRAIN = Duration.ofSeconds(30);
    /** Held so that its level stays set (loggers are weakly referenced): Jetty's start-up lines are not for users. */
    private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelFlags modelFlags = new ModelFlags();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--api-key", paramLabel = "K",
            description = "Require Authorization: Bearer K (everywhere but /health and /metrics).")
    String apiKey;

    @Option(names = "--api-key-file", paramLabel = "F", description = "Read the API key from the first line of F.")
    Path apiKeyFile;

    @Option(names = "--metrics-key", paramLabel = "K",
            description = "Require Authorization: Bearer K on /metrics (default: /metrics is open, for scrapers).")
    String metricsKey;

    @Option(names = "--parallel", defaultValue = "4", paramLabel = "N", description = "Sequences decoded together.")
    int parallel;

    @Option(names = "--ctx", paramLabel = "N",
            description = "Context length per sequence (default: the model's, at most " + EngineSettings.DEFAULT_CONTEXT
                    + ").")
    int ctx;

    @Option(names = "--queue", defaultValue = "64", paramLabel = "N",
            description = "Requests that may wait; more get 429 (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--cache-ram", paramLabel = "MB",
            description = "RAM for the paged KV cache (also the prefix cache), in MiB (default: --parallel full"
                    + " contexts within a quarter of the heap).")
    long cacheRamMb;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Directory for the on-disk prefix cache.")
    Path cacheDir;

    @Option(names = "--alias", paramLabel = "NAME", description = "Another model name clients may use (repeatable).")
    List<String> aliases;

    @Option(names = "--cors", paramLabel = "ORIGINS", split = ",",
            description = "Origins allowed cross-origin, comma-separated, or *.")
    List<String> cors;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        modelFlags.kernels.apply();
        Path file = ModelFiles.resolve(modelFlags.model, DownloadProgress.NONE, spec.commandLine().getErr());
        DeferredBackend backend = new DeferredBackend();
        ApiServer server = listen(config, backend);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.close();
            backend.close();
            stopped.countDown();
        }));
        spec.commandLine().getErr().println("jseek: listening on http://" + host + ":" + server.port()
                + " (loading " + file.getFileName() + ")");
        backend.set(EngineLoader.open(file, settings()));
        spec.commandLine().getErr().println("jseek: ready, serving " + config.modelId() + " (" + parallel
                + " parallel sequences)");
        stopped.await();
        return 0;
    }

    /** Starts the server quietly: the one line saying where it listens is the caller's. */
    static ApiServer listen(ServerConfig config, DeferredBackend backend) {
        JETTY_LOG.setLevel(Level.WARNING);
        return new ApiServer(config, backend).start();
    }

    /** The engine's sizing from the flags. */
    EngineSettings settings() {
        return EngineSettings.of(modelFlags.threads.value(), parallel, queue, ctx, cacheRamMb, cacheDir)
                .withModel(modelFlags.options());
    }

    /** The server settings from the flags; the model id is the file name without {@code .gguf}. */
    ServerConfig config() {
        if (apiKey != null && apiKeyFile != null) {
            throw new IllegalArgumentException("give --api-key or --api-key-file, not both");
        }
        String key = apiKeyFile == null ? apiKey : readKey(apiKeyFile);
        String model = modelFlags.model;
        String id = model == null ? "deepseek-r1" : Path.of(model).getFileName().toString().replaceFirst(
                "(?i)\\.gguf$", "");
        return ServerConfig.defaults(id, port).withApiKey(key).withMetricsKey(metricsKey)
                .withAliases(aliases == null ? List.of() : aliases)
                .withCorsOrigins(cors == null ? List.of() : cors)
                .withDrainTimeout(DRAIN)
                .withHost(host);
    }

    private static String readKey(Path file) {
        String key;
        try {
            key = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--api-key-file " + file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("--api-key-file " + file + ": cannot read it ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("--api-key-file " + file + " holds no API key");
        }
        return key;
    }
}
