package io.jseek.server;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.jseek.server.metrics.ServerMetrics;
import io.jseek.server.openai.OpenAiEndpoints;
import io.javalin.util.JavalinLogger;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP server: DeepSeek's API dialect (which is OpenAI's plus reasoning and cache fields) on Javalin / Jetty 12,
 * one virtual thread per request.
 *
 * <p>Every route answers with and without {@code /v1}, and under {@code /beta} (DeepSeek's base URL for FIM and
 * chat prefix completion). {@code /health} is open, {@code /metrics} too unless a metrics key is set; everything else
 * requires the API key when one is set. Errors
 * are OpenAI error objects. Compression is off so that SSE events leave at once. {@link #close()} drains: new
 * requests get 503, running ones get {@link ServerConfig#drainTimeout()} to finish, the rest are cancelled and end
 * their streams with an error event.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = System.getLogger(ApiServer.class.getName());
    private static final List<String> PREFIXES = List.of("", "/v1", "/beta");

    private final ServerConfig config;
    private final CompletionBackend backend;
    private final ApiKeyCheck apiKey;
    private final ApiKeyCheck metricsKey;
    private final Cors cors;
    private final InFlight inFlight = new InFlight();
    private final ClientWatch clients = new ClientWatch();
    private final ServerMetrics metrics;
    private final OpenAiEndpoints endpoints;
    private Javalin app;

    public ApiServer(ServerConfig config, CompletionBackend backend) {
        this.config = config;
        this.backend = backend;
        this.apiKey = new ApiKeyCheck(config.apiKey());
        this.metricsKey = new ApiKeyCheck(config.metricsKey());
        this.cors = new Cors(config.corsOrigins());
        this.metrics = new ServerMetrics(backend::metrics);
        this.endpoints = new OpenAiEndpoints(backend, new ModelNames(config.modelId(), config.aliases()), inFlight,
                metrics, config.keepAlive(), clients);
    }

    /**
     * Binds and starts serving; returns this.
     *
     * @throws IllegalStateException naming the address and the reason when it cannot listen (port in use, no such
     *     interface, a privileged port)
     */
    public synchronized ApiServer start() {
        if (app != null) {
            throw new IllegalStateException("already started");
        }
        // A failed start comes back as the exception below; Javalin's own log lines only repeat it (a "Failed to
        // start Javalin" before the cause) or announce a normal start, which the application reports itself.
        JavalinLogger.enabled = false;
        try {
            app = Javalin.create(this::configure).start(config.host(), config.port());
        } catch (RuntimeException e) {
            clients.close();
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + bindFailure(e), e);
        }
        return this;
    }

    private static String bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException b) {
                String m = String.valueOf(b.getMessage()).toLowerCase(Locale.ROOT);
                return m.contains("in use") ? "the port is in use (pick another with --port)"
                        : m.contains("permission") ? "permission denied (ports below 1024 need privileges)"
                        : m.contains("assign") ? "no such local address (--host)" : b.getMessage();
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host (--host)";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return app.port();
    }

    /** Generations in progress. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Drains the running requests, then stops listening. The backend is the caller's to close. */
    @Override
    public synchronized void close() {
        if (app == null) {
            clients.close();
            return;
        }
        inFlight.drain(config.drainTimeout());
        app.stop();
        app = null;
        clients.close();
    }

    private void configure(JavalinConfig c) {
        c.concurrency.useVirtualThreads = true;
        c.startup.showJavalinBanner = false;
        c.startup.showOldJavalinVersionWarning = false;
        c.http.compressionStrategy = CompressionStrategy.NONE;
        c.router.ignoreTrailingSlashes = true;
        // Jetty caches header fields per connection and by default matches that cache case-insensitively: a
        // request sending "Bearer sk-secret" after one that sent "Bearer sk-secreT" on the same connection was
        // handed the earlier value. API keys are compared byte for byte, so the cache must be case-sensitive.
        c.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
        c.routes.before(this::checkAccess);
        for (String p : PREFIXES) {
            c.routes.post(p + "/chat/completions", ctx -> endpoints.chat(body(ctx), ctx.req(), ctx.res()));
            c.routes.post(p + "/completions", ctx -> endpoints.completion(body(ctx), ctx.req(), ctx.res()));
            c.routes.get(p + "/models", ctx -> json(ctx, 200, endpoints.models()));
            c.routes.get(p + "/health", this::health);
            c.routes.get(p + "/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
            for (String path : List.of("/chat/completions", "/completions", "/models", "/health", "/metrics")) {
                c.routes.options(p + path, ctx -> ctx.status(204));
            }
        }
        c.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e));
        c.routes.exception(Exception.class, (e, ctx) -> {
            LOG.log(Level.ERROR, "request " + ctx.method() + " " + ctx.path() + " failed", e);
            error(ctx, ApiException.internal("Internal server error"));
        });
        c.routes.error(404, "*", ctx -> {
            if (ctx.attribute("jseek.error") == null) {
                error(ctx, ApiException.notFound(ctx.path()));
            }
        });
    }

    /**
     * CORS headers and preflights, then the keys: none for health checks and preflights, the metrics key (if any) for
     * {@code /metrics}, the API key for the rest.
     */
    private void checkAccess(Context ctx) {
        String allowed = cors.allowOrigin(ctx.header("Origin"));
        if (allowed != null) {
            ctx.header("Access-Control-Allow-Origin", allowed);
            ctx.header("Vary", "Origin");
            if (ctx.method() == HandlerType.OPTIONS) {
                ctx.header("Access-Control-Allow-Methods", Cors.ALLOW_METHODS);
                ctx.header("Access-Control-Allow-Headers", Cors.ALLOW_HEADERS);
                ctx.header("Access-Control-Max-Age", "600");
            }
        }
        if (ctx.method() == HandlerType.OPTIONS || ctx.path().endsWith("/health")) {
            return;
        }
        ApiKeyCheck key = ctx.path().endsWith("/metrics") ? metricsKey : apiKey;
        if (!key.accepts(ctx.header("Authorization"))) {
            throw ApiException.unauthorized();
        }
    }

    private com.fasterxml.jackson.databind.JsonNode body(Context ctx) {
        return RequestBody.json(ctx.req(), config.maxBodyBytes());
    }

    private void health(Context ctx) {
        if (inFlight.draining()) {
            error(ctx, ApiException.unavailable("The server is shutting down"));
        } else if (!backend.ready()) {
            error(ctx, ApiException.unavailable("The model is loading"));
        } else {
            json(ctx, 200, Map.of("status", "ok"));
        }
    }

    private void error(Context ctx, ApiException e) {
        ctx.attribute("jseek.error", Boolean.TRUE);
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        if (ctx.method() == HandlerType.POST) {
            metrics.rejected(ctx.path().endsWith("/chat/completions") ? "chat" : "completions", e.status());
        }
        json(ctx, e.status(), e.body());
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json; charset=utf-8").result(Json.write(body));
    }
}
