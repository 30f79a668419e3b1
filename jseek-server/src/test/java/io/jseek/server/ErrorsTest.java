package io.jseek.server;

import static io.jseek.server.ServerFixture.MODEL;
import static io.jseek.server.ServerFixture.chatBody;
import static io.jseek.server.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.engine.RequestRejectedException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every error is an OpenAI error object with the right status, and no hostile body hurts the server. */
class ErrorsTest {
    private final ServerFixture f = new ServerFixture(c -> c.withMaxBodyBytes(4096));

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void malformedJsonIs400() {
        for (String body : List.of("{", "[1,2]", "not json", "{\"model\":\"x\"} trailing", "", "null")) {
            assertError(f.post("/chat/completions", body), 400, "invalid_request_error");
        }
    }

    /** One line naming the position, without Jackson's internals ({@code Source: REDACTED}, feature names). */
    @Test
    void malformedJsonMessagesAreOneCleanLineWithThePosition() {
        for (String body : List.of("{", "{\"model\":", "[1,2", "not json", "{\"model\":\"x\"} trailing",
                "{\"a\":1} 2", "{\"a\":1,}", "{\"a\":\"x\u0001\"}", "{\"a\":tru}")) {
            String message = cleanError(body);
            assertTrue(message.matches("Invalid JSON in the request body at line 1, column \\d+: \\S.*"), message);
        }
        String deep = "{\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
        assertEquals("Invalid JSON in the request body: nested too deeply (at most 64 levels)", cleanError(deep));
        assertEquals("Invalid JSON in the request body: a number is too long (at most 64 characters)",
                cleanError("{\"a\":" + "9".repeat(500) + "}"));
        assertEquals("Invalid JSON in the request body at line 1, column 9: unexpected text after the JSON value",
                cleanError("{\"a\":1} 2"));
    }

    private String cleanError(String body) {
        HttpResponse<String> res = f.post("/chat/completions", body);
        assertError(res, 400, "invalid_request_error");
        String message = json(res).path("error").path("message").asText();
        for (String internal : List.of("Source", "REDACTED", "Feature", "Constraints", "\n", "[", "`")) {
            assertTrue(!message.contains(internal), message);
        }
        return message;
    }

    @Test
    void invalidUtf8Is400() {
        byte[] bad = "{\"model\":\"deepseek-r1-test\",\"messages\":[{\"role\":\"user\",\"content\":\"\u00ff\"}]}"
                .getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> res = f.send(f.request("/chat/completions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bad)).build());
        assertError(res, 400, "invalid_request_error");
    }

    @Test
    void deepNestingAndHugeNumbersAreRefused() {
        String deep = "{\"model\":\"" + MODEL + "\",\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
        assertError(f.post("/chat/completions", deep), 400, "invalid_request_error");
        String longNumber = chatBody(MODEL, false, ",\"max_tokens\":" + "9".repeat(500));
        assertError(f.post("/chat/completions", longNumber), 400, "invalid_request_error");
    }

    @Test
    void wrongTypesAre400AndBadValues422() {
        assertError(f.post("/chat/completions", chatBody(MODEL, false, ",\"temperature\":\"hot\"")), 400, null);
        assertError(f.post("/chat/completions", "{\"model\":1,\"messages\":[]}"), 400, null);
        assertError(f.post("/chat/completions", "{\"model\":\"" + MODEL + "\",\"messages\":\"hi\"}"), 400, null);
        assertError(f.post("/chat/completions", "{\"model\":\"" + MODEL + "\"}"), 400, null);
        assertError(f.post("/chat/completions", chatBody(MODEL, false, ",\"stream\":\"yes\"")), 400, null);
        assertError(f.post("/chat/completions", chatBody(MODEL, false, ",\"temperature\":5")), 422, null);
        assertError(f.post("/chat/completions", chatBody(MODEL, false, ",\"temperature\":1e400")), 422, null);
        assertError(f.post("/chat/completions", chatBody(MODEL, false, ",\"max_tokens\":99999999999999999999")),
                422, null);
        assertError(f.post("/chat/completions", chatBody(MODEL, false, ",\"max_tokens\":1.5")), 422, null);
        assertError(f.post("/chat/completions", chatBody(MODEL, false, ",\"max_tokens\":0")), 422, null);
        assertError(f.post("/chat/completions", chatBody(MODEL, false, ",\"logprobs\":true,\"top_logprobs\":21")),
                422, null);
        String stops = "[" + String.join(",", java.util.Collections.nCopies(17, "\"a\"")) + "]";
        assertError(f.post("/chat/completions", chatBody(MODEL, false, ",\"stop\":" + stops)), 422, null);
        assertError(f.post("/chat/completions", chatBody(MODEL, false, ",\"stop\":[1]")), 400, null);
        assertError(f.post("/chat/completions", chatBody(MODEL, false, ",\"response_format\":{\"type\":\"xml\"}")),
                422, null);
        assertError(f.post("/chat/completions", chatBody(ModelNames.REASONER, false, ",\"logprobs\":true")),
                400, null);
        assertError(f.post("/chat/completions", "{\"model\":\"" + MODEL
                + "\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}"), 422, null);
        assertTrue(f.backend.received.isEmpty());
    }

    @Test
    void tooLargeBodiesAre413() {
        String big = chatBody(MODEL, false, ",\"pad\":\"" + "x".repeat(5000) + "\"");
        assertError(f.post("/chat/completions", big), 413, "invalid_request_error");
        HttpResponse<String> chunked = f.send(f.request("/chat/completions")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))).build());
        assertError(chunked, 413, "invalid_request_error");
    }

    @Test
    void fullQueueIs429WithRetryAfter() {
        f.backend.reject = new RequestRejectedException(RequestRejectedException.Kind.QUEUE_FULL, "queue full", 3);
        HttpResponse<String> res = f.post("/chat/completions", chatBody(MODEL, true, ""));
        assertError(res, 429, "rate_limit_error");
        assertEquals("3", res.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void contextOverflowIs400() {
        f.backend.reject = new RequestRejectedException(RequestRejectedException.Kind.CONTEXT_TOO_LONG, "too long",
                0);
        assertError(f.post("/chat/completions", chatBody(MODEL, false, "")), 400, "invalid_request_error");
    }

    @Test
    void loadingIs503() {
        f.backend.ready = false;
        assertError(f.post("/chat/completions", chatBody(MODEL, false, "")), 503, "server_error");
        assertError(f.get("/health"), 503, "server_error");
        f.backend.ready = true;
        assertEquals(200, f.get("/health").statusCode());
    }

    @Test
    void unknownPathIs404Json() {
        assertError(f.get("/v1/nothing"), 404, "invalid_request_error");
    }

    @Test
    void serverStillServesAfterAbuse() {
        deepNestingAndHugeNumbersAreRefused();
        malformedJsonIs400();
        assertEquals(200, f.post("/chat/completions", chatBody(MODEL, false, "")).statusCode());
    }

    static void assertError(HttpResponse<String> res, int status, String type) {
        assertEquals(status, res.statusCode(), res.body());
        JsonNode error = json(res).get("error");
        assertTrue(error.get("message").isTextual(), res.body());
        assertTrue(error.has("param") && error.has("code"), res.body());
        if (type != null) {
            assertEquals(type, error.get("type").asText());
        }
    }
}
