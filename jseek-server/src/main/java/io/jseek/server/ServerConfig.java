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
 * @param apiKey the key every endpoint but {@code /health} requires; null for none
 * @param corsOrigins origins allowed cross-origin ({@code *} for any); empty disables CORS
 * @param maxBodyBytes larger request bodies get 413
 * @param keepAlive interval of {@code : keep-alive} comments (streaming) or blank lines (non-streaming) while a
 *     request waits or prefills
 * @param drainTimeout how long shutdown waits for running requests before cancelling them
 */
public record ServerConfig(String host, int port, String modelId, List<String> aliases, String apiKey,
                           List<String> corsOrigins, long maxBodyBytes, Duration keepAlive, Duration drainTimeout) {
    public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(modelId, "modelId");
        aliases = List.copyOf(aliases);
        corsOrigins = List.copyOf(corsOrigins);
        if (port < 0 || port > 65535 || maxBodyBytes < 1 || keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("bad server config: port " + port + ", body limit " + maxBodyBytes
                    + ", keep-alive " + keepAlive);
        }
    }

    /** Loopback, the given port, no key, no CORS, 16 MiB bodies, 5 s keep-alive, 30 s drain. */
    public static ServerConfig defaults(String modelId, int port) {
        return new ServerConfig("127.0.0.1", port, modelId, List.of(), null, List.of(), DEFAULT_MAX_BODY_BYTES,
                Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public ServerConfig withHost(String address) {
        return new ServerConfig(address, port, modelId, aliases, apiKey, corsOrigins, maxBodyBytes, keepAlive,
                drainTimeout);
    }

    public ServerConfig withApiKey(String key) {
        return new ServerConfig(host, port, modelId, aliases, key, corsOrigins, maxBodyBytes, keepAlive,
                drainTimeout);
    }

    public ServerConfig withAliases(List<String> names) {
        return new ServerConfig(host, port, modelId, names, apiKey, corsOrigins, maxBodyBytes, keepAlive,
                drainTimeout);
    }

    public ServerConfig withCorsOrigins(List<String> origins) {
        return new ServerConfig(host, port, modelId, aliases, apiKey, origins, maxBodyBytes, keepAlive,
                drainTimeout);
    }

    public ServerConfig withMaxBodyBytes(long bytes) {
        return new ServerConfig(host, port, modelId, aliases, apiKey, corsOrigins, bytes, keepAlive, drainTimeout);
    }

    public ServerConfig withKeepAlive(Duration interval) {
        return new ServerConfig(host, port, modelId, aliases, apiKey, corsOrigins, maxBodyBytes, interval,
                drainTimeout);
    }

    public ServerConfig withDrainTimeout(Duration timeout) {
        return new ServerConfig(host, port, modelId, aliases, apiKey, corsOrigins, maxBodyBytes, keepAlive,
                timeout);
    }
}
