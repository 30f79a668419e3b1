package io.jseek.server.metrics;

import io.jseek.engine.EngineMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The Prometheus metrics of {@code /metrics}, in a registry of their own (not the client's global default, so that
 * several servers in one JVM, as in tests, do not collide).
 *
 * <p>Engine state (queue lengths, KV usage, prefix-cache and token counters) is read from the backend at scrape
 * time, so it is never stale; latencies are observed per request by {@link RequestTimer}. Besides the
 * {@code jseek_*} names, the gauges and counters are also published under vLLM's {@code vllm:*} names, which the
 * Kubernetes Gateway API Inference Extension and existing dashboards read (the client accepts the colon).
 */
public final class ServerMetrics {
    private static final double[] LATENCY_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5,
        0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    private static final double[] E2E_BUCKETS = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0,
        40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Histogram timeToFirstToken;
    private final Histogram interTokenLatency;
    private final Histogram endToEnd;
    private final Counter requests;

    /** @param engine the backend's current counters, read at each scrape */
    public ServerMetrics(Supplier<EngineMetrics> engine) {
        gauge(engine, "requests_running", "Requests in the running batch.", EngineMetrics::running,
                "vllm:num_requests_running");
        gauge(engine, "requests_waiting", "Requests waiting in the queue.", EngineMetrics::waiting,
                "vllm:num_requests_waiting");
        gauge(engine, "kv_cache_usage_ratio", "Fraction of KV-cache blocks in use (0..1).",
                EngineMetrics::kvUsage, "vllm:kv_cache_usage_perc");
        counter(engine, "prefix_cache_queries_tokens", "Prompt tokens looked up in the prefix cache.",
                m -> m.prefixQueryTokens(), "vllm:prefix_cache_queries");
        counter(engine, "prefix_cache_hits_tokens", "Prompt tokens served from the prefix cache.",
                m -> m.prefixHitTokens(), "vllm:prefix_cache_hits");
        counter(engine, "prompt_tokens", "Prompt tokens of admitted requests.", m -> m.promptTokens(),
                "vllm:prompt_tokens");
        counter(engine, "generation_tokens", "Completion tokens generated.", m -> m.generatedTokens(),
                "vllm:generation_tokens");
        timeToFirstToken = histogram("jseek_time_to_first_token_seconds",
                "Time from request arrival to the first generated text.", LATENCY_BUCKETS);
        interTokenLatency = histogram("jseek_inter_token_latency_seconds",
                "Time between successive pieces of generated text.", LATENCY_BUCKETS);
        endToEnd = histogram("jseek_e2e_request_latency_seconds",
                "Time from request arrival to its end.", E2E_BUCKETS);
        requests = Counter.builder().name("jseek_requests").help("Generation requests by outcome.")
                .labelNames("endpoint", "outcome").register(registry);
    }

    /** Starts timing a request that arrived now. */
    public RequestTimer start(String endpoint) {
        return new RequestTimer(this, endpoint, System.nanoTime());
    }

    /** Counts a request refused before generation (400s, 429, 503). */
    public void rejected(String endpoint, int status) {
        requests.labelValues(endpoint, "http_" + status).inc();
    }

    /** The exposition's media type. */
    public String contentType() {
        return writer.getContentType();
    }

    /** Everything, in the Prometheus text format. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    void firstToken(double seconds) {
        timeToFirstToken.observe(seconds);
    }

    void interToken(double seconds) {
        interTokenLatency.observe(seconds);
    }

    void finished(String endpoint, String outcome, double seconds) {
        endToEnd.observe(seconds);
        requests.labelValues(endpoint, outcome).inc();
    }

    private void gauge(Supplier<EngineMetrics> engine, String name, String help, ToDoubleFunction<EngineMetrics> f,
                       String vllmName) {
        for (String n : new String[] {"jseek_" + name, vllmName}) {
            GaugeWithCallback.builder().name(n).help(help)
                    .callback(cb -> cb.call(f.applyAsDouble(engine.get()))).register(registry);
        }
    }

    private void counter(Supplier<EngineMetrics> engine, String name, String help,
                         ToDoubleFunction<EngineMetrics> f, String vllmName) {
        for (String n : new String[] {"jseek_" + name, vllmName}) {
            CounterWithCallback.builder().name(n).help(help)
                    .callback(cb -> cb.call(f.applyAsDouble(engine.get()))).register(registry);
        }
    }

    private Histogram histogram(String name, String help, double[] buckets) {
        return Histogram.builder().name(name).help(help).classicUpperBounds(buckets).classicOnly()
                .register(registry);
    }
}
