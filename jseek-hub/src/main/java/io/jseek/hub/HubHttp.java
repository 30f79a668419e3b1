package io.jseek.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * GET requests to the hub and its CDN, following redirects by hand.
 *
 * <p>The hub answers {@code resolve/main/...} with a redirect to a CDN host that serves the bytes (and some
 * repos with a relative redirect after a rename). The JDK client could follow these itself, but it would keep
 * sending the {@code Authorization} header to every host on the way; the token is only meant for the hub, so
 * it is sent only while the request stays on the origin it started from, as {@code huggingface_hub} does.
 * HTTP/1.1 keeps one plain stream per download, without HTTP/2 flow-control windows throttling big files.
 */
final class HubHttp {
    static final int MAX_REDIRECTS = 10;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Time to the response headers; a slow body is not cut off, only a server that never answers. */
    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(60);
    private static final String USER_AGENT = "jseek/" + Objects.requireNonNullElse(
            HubHttp.class.getPackage().getImplementationVersion(), "dev") + " (Java " + Runtime.version() + ")";

    private final HttpClient client;
    private final String token;

    HubHttp(HttpClient client, String token) {
        this.client = client;
        this.token = token;
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    boolean hasToken() {
        return token != null;
    }

    /**
     * GETs {@code uri}, following up to {@link #MAX_REDIRECTS} redirects.
     *
     * @param range a {@code Range} header value such as {@code bytes=100-}, or null
     * @return the final response; its body stream must be closed by the caller
     */
    HttpResponse<InputStream> get(URI uri, String range) throws IOException {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current).GET()
                    .timeout(HEADERS_TIMEOUT)
                    .header("User-Agent", USER_AGENT);
            if (range != null) {
                request.header("Range", range);
            }
            if (token != null && sameOrigin(uri, current)) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<InputStream> response = send(request.build());
            if (!isRedirect(response.statusCode())) {
                return response;
            }
            response.body().close();
            String location = response.headers().firstValue("Location")
                    .orElseThrow(() -> new HubException("redirect without a Location from " + uri));
            current = current.resolve(location);
        }
        throw new HubException("more than " + MAX_REDIRECTS + " redirects from " + uri);
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted: " + request.uri());
            io.initCause(e);
            throw io;
        }
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Same scheme, host and port: where the token may go. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
