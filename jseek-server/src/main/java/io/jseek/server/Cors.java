package io.jseek.server;

import java.util.List;

/**
 * Cross-origin access for browser clients, off unless origins are configured. Preflights are answered here
 * (without an API key, since browsers send none with them); the key is still required on the real request.
 */
final class Cors {
    private final List<String> origins;

    Cors(List<String> origins) {
        this.origins = List.copyOf(origins);
    }

    /** The {@code Access-Control-Allow-Origin} value for {@code origin}, or null when it is not allowed. */
    String allowOrigin(String origin) {
        if (origin == null || origins.isEmpty()) {
            return null;
        }
        if (origins.contains("*")) {
            return "*";
        }
        return origins.contains(origin) ? origin : null;
    }

    static final String ALLOW_METHODS = "GET, POST, OPTIONS";
    static final String ALLOW_HEADERS = "Authorization, Content-Type, Accept, OpenAI-Organization, OpenAI-Project,"
            + " X-Stainless-Arch, X-Stainless-Lang, X-Stainless-OS, X-Stainless-Package-Version,"
            + " X-Stainless-Runtime, X-Stainless-Runtime-Version, X-Stainless-Retry-Count, X-Stainless-Timeout";
}
