package io.jseek.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link ApiServer} listens and whom it serves.
 *
 * @param host the interface to bind ({@code 127.0.0.1} by default: exposing a model is a deliberate act)
 * @param port the TCP port; 0 picks a free one
 * @param modelId the served model's id in {@code /models} and responses
 * @param aliases further names accepted in {@code model} ({@code --alias})
 * @param apiKey the key every endpoint but {@code /health} and {@code /metrics} requires; null for none
 * @param metricsKey the key {@code /metrics} requires; null leaves it open, as Prometheus scrapers and the
 *     Kubernetes inference gateway expect (it shows load and token counts, never prompts or answers)
 * @param corsOrigins origins allowed cross-origin ({@code *} for any); empty disables CORS
 * @param maxBodyBytes larger request bodies get 413
 * @param keepAlive interval of {@code : keep-alive} comments (streaming) or blank lines (non-streaming) while a
 *     request waits or prefills
 * @param drainTimeout how long shutdown waits for running requests before cancelling them
 */
public record ServerConfig(String host, int port, String modelId, List<String> aliases, String apiKey,
                           String metricsKey, List<String> corsOrigins, long maxBodyBytes, Duration keepAlive,
                           Duration drainTimeout) {
    public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(modelId, "modelId");
        aliases = List.copyOf(aliases);
        corsOrigins = List.copyOf(corsOrigins);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port " + port
                    + " is not a TCP port (0 to 65535; 0 picks a free one)");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("the request body limit must be positive, got " + maxBodyBytes);
        }
        if (keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("the keep-alive interval must be positive, got " + keepAlive);
        }
    }

    /** Loopback, the given port, no keys, no CORS, 16 MiB bodies, 5 s keep-alive, 30 s drain. */
    public static ServerConfig defaults(String modelId, int port) {
        return new ServerConfig("127.0.0.1", port, modelId, List.of(), null, null, List.of(),
                DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public ServerConfig withHost(String address) {
        return new ServerConfig(address, port, modelId, aliases, apiKey, metricsKey, corsOrigins, maxBodyBytes,
                keepAlive, drainTimeout);
    }

    public ServerConfig withApiKey(String key) {
        return new ServerConfig(host, port, modelId, aliases, key, metricsKey, corsOrigins, maxBodyBytes, keepAlive,
                drainTimeout);
    }

    public ServerConfig withMetricsKey(String key) {
        return new ServerConfig(host, port, modelId, aliases, apiKey, key, corsOrigins, maxBodyBytes, keepAlive,
                drainTimeout);
    }

    public ServerConfig withAliases(List<String> names) {
        return new ServerConfig(host, port, modelId, names, apiKey, metricsKey, corsOrigins, maxBodyBytes, keepAlive,
                drainTimeout);
    }

    public ServerConfig withCorsOrigins(List<String> origins) {
        return new ServerConfig(host, port, modelId, aliases, apiKey, metricsKey, origins, maxBodyBytes, keepAlive,
                drainTimeout);
    }

    public ServerConfig withMaxBodyBytes(long bytes) {
        return new ServerConfig(host, port, modelId, aliases, apiKey, metricsKey, corsOrigins, bytes, keepAlive,
                drainTimeout);
    }

    public ServerConfig withKeepAlive(Duration interval) {
        return new ServerConfig(host, port, modelId, aliases, apiKey, metricsKey, corsOrigins, maxBodyBytes,
                interval, drainTimeout);
    }

    public ServerConfig withDrainTimeout(Duration timeout) {
        return new ServerConfig(host, port, modelId, aliases, apiKey, metricsKey, corsOrigins, maxBodyBytes,
                keepAlive, timeout);
    }
}
