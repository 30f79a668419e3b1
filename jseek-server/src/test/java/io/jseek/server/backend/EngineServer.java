package io.jseek.server.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.engine.EngineSettings;
import io.jseek.server.ApiServer;
import io.jseek.server.ServerConfig;
import io.jseek.server.TestHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@link ApiServer} on 127.0.0.1 (ephemeral port) over an {@link EngineBackend} loaded from a GGUF file with
 * {@link EngineLoader}, exactly as {@code jseek serve} builds it, plus plain HTTP helpers for the tests.
 */
final class EngineServer implements AutoCloseable {
    static final String MODEL = "scripted";

    final EngineBackend backend;
    final ApiServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    EngineServer(Path model, EngineSettings settings) throws IOException {
        backend = EngineLoader.open(model, settings);
        server = new ApiServer(ServerConfig.defaults(MODEL, 0).withDrainTimeout(Duration.ofSeconds(2)), backend)
                .start();
    }

    /** The scripted model's server: 16 parallel sequences (the load test's clients), 2 threads, 1024 positions. */
    static EngineServer scripted(Path model) throws IOException {
        return new EngineServer(model, EngineSettings.of(2, 16, 64, 1024, 0, null));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    HttpResponse<String> post(String path, String json) {
        return TestHttp.send(client, HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static JsonNode json(String body) {
        return TestHttp.json(body);
    }

    /** The {@code data:} payloads of an SSE body, in order ({@code [DONE]} included); comments are skipped. */
    static List<String> sseData(String body) {
        return TestHttp.sseData(body);
    }

    @Override
    public void close() {
        server.close();
        backend.close();
    }
}
