package io.jseek.server.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.api.testing.ScriptedModel;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine-backed server over raw HTTP on the {@link ScriptedModel}: the chat template, reasoning split, tool
 * calls, prefix continuation, FIM, usage with prefix-cache hits, logprobs (chat, stream, legacy) and JSON mode
 * after the reasoning.
 */
@Timeout(120)
class EngineBackendTest {
    private static final String TOOLS = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"The weather in a city\",\"parameters\":{\"type\":\"object\",\"properties\":"
            + "{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]";

    @RegisterExtension
    static final EngineServerExtension SERVER = EngineServerExtension.scripted();

    private static String chat(String messages, String extra) {
        return "{\"model\":\"" + EngineServer.MODEL + "\",\"messages\":" + messages + extra + "}";
    }

    private static JsonNode ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return EngineServer.json(r.body());
    }

    @Test
    void chatAnswersWithReasoningThenContent() {
        JsonNode r = ok(SERVER.get().post("/chat/completions", chat("[{\"role\":\"user\",\"content\":\"Hi there\"}]", "")));
        JsonNode choice = r.path("choices").get(0);
        assertEquals(ScriptedModel.REASONING, choice.path("message").path("reasoning_content").asText());
        assertEquals(ScriptedModel.ANSWER, choice.path("message").path("content").asText());
        assertEquals("stop", choice.path("finish_reason").asText());
        JsonNode usage = r.path("usage");
        int completion = usage.path("completion_tokens").asInt();
        assertTrue(completion > 0);
        assertEquals(usage.path("prompt_tokens").asInt() + completion, usage.path("total_tokens").asInt());
        int reasoning = usage.path("completion_tokens_details").path("reasoning_tokens").asInt();
        assertTrue(reasoning > 0 && reasoning < completion, usage.toString());
        assertEquals(usage.path("prompt_tokens").asInt(), usage.path("prompt_cache_hit_tokens").asInt()
                + usage.path("prompt_cache_miss_tokens").asInt());
    }

    @Test
    void toolCallIsParsedIntoToolCalls() {
        JsonNode r = ok(SERVER.get().post("/chat/completions", chat(
                "[{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}]", TOOLS)));
        JsonNode choice = r.path("choices").get(0);
        assertEquals("tool_calls", choice.path("finish_reason").asText(), r.toString());
        assertEquals(ScriptedModel.TOOL_REASONING, choice.path("message").path("reasoning_content").asText());
        JsonNode call = choice.path("message").path("tool_calls").get(0);
        assertEquals(ScriptedModel.TOOL_NAME, call.path("function").path("name").asText());
        assertTrue(call.path("function").path("arguments").isTextual(), "arguments are a JSON string");
        assertEquals("Paris", EngineServer.json(call.path("function").path("arguments").asText()).path("city")
                .asText());
    }

    @Test
    void repeatedPromptHitsThePrefixCache() {
        String body = chat("[{\"role\":\"system\",\"content\":\"" + "You are a careful assistant. ".repeat(8)
                + "\"},{\"role\":\"user\",\"content\":\"Tell me about caching.\"}]", "");
        ok(SERVER.get().post("/chat/completions", body));
        JsonNode usage = ok(SERVER.get().post("/chat/completions", body)).path("usage");
        int hit = usage.path("prompt_cache_hit_tokens").asInt();
        assertTrue(hit > 0, usage.toString());
        assertEquals(hit, usage.path("prompt_tokens_details").path("cached_tokens").asInt());
        assertEquals(usage.path("prompt_tokens").asInt() - hit, usage.path("prompt_cache_miss_tokens").asInt());
    }

    @Test
    void streamingSendsRoleThenReasoningThenContentThenDone() {
        HttpResponse<String> r = SERVER.get().post("/chat/completions", chat(
                "[{\"role\":\"user\",\"content\":\"Hi\"}]", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        assertEquals(200, r.statusCode(), r.body());
        List<String> data = EngineServer.sseData(r.body());
        assertEquals("[DONE]", data.getLast());
        StreamCheck.Result s = StreamCheck.parse(data);
        assertEquals(ScriptedModel.REASONING, s.reasoning());
        assertEquals(ScriptedModel.ANSWER, s.content());
        assertEquals("stop", s.finishReason());
        assertTrue(s.reasoningEndedBeforeContent());
        assertTrue(s.usage() != null && s.usage().path("completion_tokens").asInt() > 0);
    }

    @Test
    void prefixContinuesTheAssistantText() {
        JsonNode r = ok(SERVER.get().post("/beta/chat/completions", chat("[{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hello\",\"prefix\":true}]", "")));
        assertEquals(" from jseek!", r.path("choices").get(0).path("message").path("content").asText(), r.toString());
    }

    @Test
    void fimFillsTheHoleWithTheModelsFimTokens() {
        JsonNode r = ok(SERVER.get().post("/beta/completions", "{\"model\":\"" + EngineServer.MODEL
                + "\",\"prompt\":\"def add(a, b):\\n    return\",\"suffix\":\"\\n\",\"max_tokens\":16}"));
        assertEquals(ScriptedModel.FIM_TEXT, r.path("choices").get(0).path("text").asText(), r.toString());
        assertEquals("stop", r.path("choices").get(0).path("finish_reason").asText());
    }

    @Test
    void maxTokensEndsWithLength() {
        JsonNode r = ok(SERVER.get().post("/chat/completions", chat("[{\"role\":\"user\",\"content\":\"Hi\"}]",
                ",\"max_tokens\":2")));
        assertEquals("length", r.path("choices").get(0).path("finish_reason").asText());
        assertEquals(2, r.path("usage").path("completion_tokens").asInt());
    }

    @Test
    void chatLogprobsCoverTheAnswerTokensSortedWithTopK() {
        JsonNode r = ok(SERVER.get().post("/chat/completions", chat("[{\"role\":\"user\",\"content\":\"Hi\"}]",
                ",\"thinking\":{\"type\":\"disabled\"},\"temperature\":0,\"logprobs\":true,\"top_logprobs\":3")));
        JsonNode choice = r.path("choices").get(0);
        assertEquals(ScriptedModel.ANSWER, choice.path("message").path("content").asText());
        JsonNode content = choice.path("logprobs").path("content");
        assertTrue(content.size() > 0, r.toString());
        StringBuilder joined = new StringBuilder();
        for (JsonNode e : content) {
            joined.append(e.path("token").asText());
            assertLogprobEntry(e, 3);
            assertEquals(e.path("token").asText(), e.path("top_logprobs").get(0).path("token").asText(),
                    "greedy takes the most likely token");
        }
        assertEquals(ScriptedModel.ANSWER, joined.toString(), "one entry per answer token, none for the reasoning");
    }

    @Test
    void streamedDeltasCarryTheirLogprobs() {
        HttpResponse<String> r = SERVER.get().post("/chat/completions", chat("[{\"role\":\"user\",\"content\":\"Hi\"}]",
                ",\"stream\":true,\"temperature\":0,\"logprobs\":true,\"top_logprobs\":2"));
        assertEquals(200, r.statusCode(), r.body());
        StringBuilder tokens = new StringBuilder();
        for (String d : EngineServer.sseData(r.body())) {
            if (d.equals("[DONE]")) {
                continue;
            }
            JsonNode c = EngineServer.json(d).path("choices").get(0);
            if (c.path("delta").hasNonNull("content") && !c.path("delta").path("content").asText().isEmpty()) {
                JsonNode entries = c.path("logprobs").path("content");
                assertTrue(entries.size() > 0, d);
                for (JsonNode e : entries) {
                    assertLogprobEntry(e, 2);
                    tokens.append(e.path("token").asText());
                }
            }
        }
        assertEquals(ScriptedModel.ANSWER, tokens.toString());
    }

    @Test
    void legacyCompletionLogprobsUseParallelArrays() {
        JsonNode r = ok(SERVER.get().post("/beta/completions", "{\"model\":\"" + EngineServer.MODEL
                + "\",\"prompt\":\"def add(a, b):\\n    return\",\"suffix\":\"\\n\",\"max_tokens\":16,"
                + "\"temperature\":0,\"logprobs\":4}"));
        JsonNode choice = r.path("choices").get(0);
        assertEquals(ScriptedModel.FIM_TEXT, choice.path("text").asText(), r.toString());
        JsonNode lp = choice.path("logprobs");
        int n = lp.path("tokens").size();
        assertTrue(n > 0, r.toString());
        assertEquals(n, lp.path("token_logprobs").size());
        assertEquals(n, lp.path("top_logprobs").size());
        assertEquals(n, lp.path("text_offset").size());
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < n; i++) {
            joined.append(lp.path("tokens").get(i).asText());
            assertTrue(lp.path("token_logprobs").get(i).asDouble() <= 0);
            assertTrue(lp.path("top_logprobs").get(i).size() <= 4 && lp.path("top_logprobs").get(i).size() > 0);
        }
        assertEquals(ScriptedModel.FIM_TEXT, joined.toString());
    }

    @Test
    void jsonModeWaitsForTheReasoningToEnd() {
        JsonNode r = ok(SERVER.get().post("/chat/completions", chat("[{\"role\":\"user\",\"content\":\"Hi\"}]",
                ",\"temperature\":0,\"max_tokens\":24,\"response_format\":{\"type\":\"json_object\"}")));
        JsonNode message = r.path("choices").get(0).path("message");
        assertEquals(ScriptedModel.REASONING, message.path("reasoning_content").asText(), "reasoning is not masked");
        String content = message.path("content").asText();
        assertTrue(content.startsWith("{"), "the answer is constrained from its first token: " + r);
    }

    @Test
    void unsupportedSchemaIsRefused() {
        HttpResponse<String> r = SERVER.get().post("/chat/completions", chat("[{\"role\":\"user\",\"content\":\"Hi\"}]",
                ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\","
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"date\"}}}}}"));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("json_schema"), r.body());
    }

    /** An OpenAI chat logprob entry: logprob at most 0, bytes of the token, {@code k} sorted alternatives. */
    static void assertLogprobEntry(JsonNode e, int k) {
        double logprob = e.path("logprob").asDouble();
        assertTrue(logprob <= 0, e.toString());
        assertEquals(e.path("token").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                e.path("bytes").size());
        JsonNode top = e.path("top_logprobs");
        assertEquals(k, top.size(), e.toString());
        for (int i = 0; i < top.size(); i++) {
            assertTrue(top.get(i).path("logprob").asDouble() <= 0);
            assertTrue(top.get(i).path("bytes").isArray());
            if (i > 0) {
                assertTrue(top.get(i).path("logprob").asDouble() <= top.get(i - 1).path("logprob").asDouble(),
                        "sorted: " + top);
            }
        }
        assertTrue(logprob <= top.get(0).path("logprob").asDouble() + 1e-6);
    }
}
