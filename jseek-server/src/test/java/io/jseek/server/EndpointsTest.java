package io.jseek.server;

import static io.jseek.server.ServerFixture.MODEL;
import static io.jseek.server.ServerFixture.chatBody;
import static io.jseek.server.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Models, health, metrics, API key and CORS. */
class EndpointsTest {

    @Test
    void modelsListsTheIdAliasesAndDeepSeekNames() {
        try (ServerFixture f = new ServerFixture(c -> c.withAliases(List.of("r1")))) {
            for (String path : List.of("/models", "/v1/models")) {
                JsonNode body = json(f.get(path));
                assertEquals("list", body.get("object").asText());
                List<String> ids = new ArrayList<>();
                body.get("data").forEach(m -> {
                    ids.add(m.get("id").asText());
                    assertEquals("model", m.get("object").asText());
                    assertTrue(m.has("owned_by"));
                });
                assertEquals(List.of(MODEL, "r1", ModelNames.CHAT, ModelNames.REASONER), ids);
            }
            assertEquals(200, f.post("/chat/completions", chatBody("r1", false, "")).statusCode());
        }
    }

    @Test
    void healthIsOkWhenReady() {
        try (ServerFixture f = new ServerFixture()) {
            HttpResponse<String> res = f.get("/health");
            assertEquals(200, res.statusCode());
            assertEquals("ok", json(res).get("status").asText());
        }
    }

    @Test
    void metricsExposeEngineGaugesVllmNamesAndLatencies() {
        try (ServerFixture f = new ServerFixture()) {
            f.post("/chat/completions", chatBody(MODEL, false, ""));
            HttpResponse<String> res = f.get("/metrics");
            assertEquals(200, res.statusCode());
            assertTrue(res.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
            String text = res.body();
            for (String line : List.of("# TYPE vllm:num_requests_waiting gauge", "vllm:num_requests_waiting 3.0",
                    "# TYPE vllm:num_requests_running gauge", "vllm:num_requests_running 2.0",
                    "# TYPE vllm:kv_cache_usage_perc gauge", "vllm:kv_cache_usage_perc 0.25",
                    "jseek_requests_waiting 3.0", "jseek_prefix_cache_hits_tokens_total 400.0",
                    "jseek_prefix_cache_queries_tokens_total 1000.0", "jseek_prompt_tokens_total 1000.0",
                    "jseek_generation_tokens_total 50.0", "jseek_time_to_first_token_seconds_count 1",
                    "jseek_inter_token_latency_seconds_count 1", "jseek_e2e_request_latency_seconds_count 1",
                    "jseek_requests_total{endpoint=\"chat\",outcome=\"stop\"} 1.0")) {
                assertTrue(text.contains(line + "\n"), () -> "missing " + line + " in\n" + text);
            }
        }
    }

    @Test
    void apiKeyGuardsEverythingButHealthAndMetrics() {
        try (ServerFixture f = new ServerFixture(c -> c.withApiKey("sk-secret"))) {
            ErrorsTest.assertError(f.get("/models"), 401, "authentication_error");
            for (String path : List.of("/metrics", "/v1/metrics")) {
                HttpResponse<String> metrics = f.get(path);
                assertEquals(200, metrics.statusCode(), "a scraper without the API key: " + metrics.body());
                assertTrue(metrics.body().contains("vllm:num_requests_running"));
            }
            ErrorsTest.assertError(f.post("/chat/completions", chatBody(MODEL, false, "")), 401, null);
            for (String wrong : List.of("Bearer sk-secreT", "Bearer sk-secret-longer", "Bearer ", "sk-secret",
                    "Basic sk-secret")) {
                HttpResponse<String> res = f.send(f.request("/v1/models").header("Authorization", wrong).build());
                assertEquals(401, res.statusCode(), wrong);
                assertEquals("invalid_api_key", json(res).get("error").get("code").asText());
            }
            assertEquals(200, f.get("/health").statusCode());
            HttpResponse<String> ok = f.send(f.request("/v1/models").header("Authorization", "Bearer sk-secret")
                    .build());
            assertEquals(200, ok.statusCode());
            HttpResponse<String> chat = f.send(f.request("/chat/completions")
                    .header("Authorization", "bearer sk-secret").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(chatBody(MODEL, false, ""))).build());
            assertEquals(200, chat.statusCode());
        }
    }

    @Test
    void metricsKeyGuardsMetricsAlone() {
        try (ServerFixture f = new ServerFixture(c -> c.withApiKey("sk-api").withMetricsKey("sk-metrics"))) {
            ErrorsTest.assertError(f.get("/metrics"), 401, "authentication_error");
            HttpResponse<String> withApiKey = f.send(f.request("/metrics").header("Authorization", "Bearer sk-api")
                    .build());
            assertEquals(401, withApiKey.statusCode(), "the API key opens /metrics");
            HttpResponse<String> scraped = f.send(f.request("/v1/metrics")
                    .header("Authorization", "Bearer sk-metrics").build());
            assertEquals(200, scraped.statusCode());
            assertTrue(scraped.body().contains("vllm:kv_cache_usage_perc"));
            HttpResponse<String> models = f.send(f.request("/models").header("Authorization", "Bearer sk-metrics")
                    .build());
            assertEquals(401, models.statusCode(), "the metrics key opens the API");
        }
    }

    @Test
    void keyDifferingOnlyInCaseIsRefusedOnAReusedConnection() {
        try (ServerFixture f = new ServerFixture(c -> c.withApiKey("sk-secret"))) {
            for (String key : List.of("Bearer sk-secret", "Bearer SK-SECRET", "Bearer sk-secret", "Bearer sk-secreT")) {
                HttpResponse<String> res = f.send(f.request("/v1/models").header("Authorization", key).build());
                assertEquals(key.equals("Bearer sk-secret") ? 200 : 401, res.statusCode(), key);
            }
        }
    }

    @Test
    void corsAllowsConfiguredOriginsAndAnswersPreflightsWithoutKey() {
        try (ServerFixture f = new ServerFixture(c -> c.withApiKey("k").withCorsOrigins(
                List.of("https://app.example")))) {
            HttpResponse<String> pre = f.send(f.request("/v1/chat/completions")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST").build());
            assertEquals(204, pre.statusCode());
            assertEquals("https://app.example", pre.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
            assertTrue(pre.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()
                    .contains("Authorization"));
            HttpResponse<String> other = f.send(f.request("/v1/models").header("Origin", "https://evil.example")
                    .header("Authorization", "Bearer k").build());
            assertEquals(200, other.statusCode());
            assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        }
    }
}
