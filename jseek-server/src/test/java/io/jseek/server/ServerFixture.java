package io.jseek.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** A real {@link ApiServer} on 127.0.0.1 with an ephemeral port, a scripted backend, and HTTP helpers. */
final class ServerFixture implements AutoCloseable {
    static final String MODEL = "deepseek-r1-test";

    final ScriptedBackend backend = new ScriptedBackend();
    final ApiServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ServerFixture() {
        this(c -> c);
    }

    ServerFixture(UnaryOperator<ServerConfig> configure) {
        ServerConfig config = configure.apply(ServerConfig.defaults(MODEL, 0)
                .withKeepAlive(Duration.ofMillis(200)).withDrainTimeout(Duration.ofSeconds(2)));
        server = new ApiServer(config, backend).start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
    }

    HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        return TestHttp.send(client, request);
    }

    static JsonNode json(HttpResponse<String> response) {
        return TestHttp.json(response.body());
    }

    /** The {@code data:} payloads of an SSE body, in order ({@code [DONE]} included); comments are skipped. */
    static List<String> sseData(String body) {
        return TestHttp.sseData(body);
    }

    static JsonNode parse(String json) {
        return TestHttp.json(json);
    }

    static String chatBody(String model, boolean stream, String extra) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]" + extra + "}";
    }

    @Override
    public void close() {
        server.close();
    }
}
