package io.jseek.server;

import static io.jseek.server.ServerFixture.MODEL;
import static io.jseek.server.ServerFixture.chatBody;
import static io.jseek.server.ServerFixture.json;
import static io.jseek.server.ServerFixture.parse;
import static io.jseek.server.ServerFixture.sseData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.engine.FinishReason;
import io.jseek.server.ScriptedBackend.Script;
import io.jseek.text.json.ResponseFormat;
import io.jseek.text.stream.PositionLogprobs;
import io.jseek.text.stream.TopLogprob;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Chat completions over real HTTP against a scripted backend: the response shapes clients parse. */
class ChatCompletionsTest {
    private final ServerFixture f = new ServerFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void nonStreamingSplitsReasoningAndReportsDeepSeekUsage() {
        f.backend.script = r -> Script.of().reasoning("Think").reasoning(" more").content("Answer", ".")
                .finish(FinishReason.STOP);
        HttpResponse<String> res = f.post("/chat/completions", chatBody(ModelNames.REASONER, false, ""));
        assertEquals(200, res.statusCode(), res.body());
        JsonNode body = json(res);
        assertEquals("chat.completion", body.get("object").asText());
        assertEquals(ModelNames.REASONER, body.get("model").asText());
        assertTrue(body.get("id").asText().startsWith("chatcmpl-"));
        JsonNode choice = body.get("choices").get(0);
        assertEquals("assistant", choice.get("message").get("role").asText());
        assertEquals("Think more", choice.get("message").get("reasoning_content").asText());
        assertEquals("Answer.", choice.get("message").get("content").asText());
        assertEquals("stop", choice.get("finish_reason").asText());
        assertTrue(choice.has("logprobs") && choice.get("logprobs").isNull());
        JsonNode usage = body.get("usage");
        assertEquals(12, usage.get("prompt_tokens").asInt());
        assertEquals(4, usage.get("completion_tokens").asInt());
        assertEquals(16, usage.get("total_tokens").asInt());
        assertEquals(8, usage.get("prompt_cache_hit_tokens").asInt());
        assertEquals(4, usage.get("prompt_cache_miss_tokens").asInt());
        assertEquals(8, usage.get("prompt_tokens_details").get("cached_tokens").asInt());
        assertEquals(2, usage.get("completion_tokens_details").get("reasoning_tokens").asInt());
        assertEquals(Boolean.TRUE, ((Prompt.Chat) f.backend.received.getFirst().prompt()).thinking());
    }

    @Test
    void streamingSendsRoleReasoningContentFinishUsageAndDone() {
        f.backend.script = r -> Script.of().reasoning("Hmm").content("Hi", " there").finish(FinishReason.LENGTH);
        HttpResponse<String> res = f.post("/v1/chat/completions",
                chatBody(MODEL, true, ",\"stream_options\":{\"include_usage\":true}"));
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        assertTrue(res.body().endsWith("data: [DONE]\n\n"), res.body());
        List<String> data = sseData(res.body());
        assertEquals("[DONE]", data.getLast());
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(ServerFixture::parse).toList();
        assertEquals("assistant", delta(chunks.get(0)).get("role").asText());
        assertEquals("Hmm", delta(chunks.get(1)).get("reasoning_content").asText());
        assertEquals("Hi", delta(chunks.get(2)).get("content").asText());
        assertEquals(" there", delta(chunks.get(3)).get("content").asText());
        assertEquals("length", chunks.get(4).get("choices").get(0).get("finish_reason").asText());
        JsonNode last = chunks.get(5);
        assertEquals(0, last.get("choices").size());
        assertEquals(3, last.get("usage").get("completion_tokens").asInt());
        assertEquals(1, last.get("usage").get("completion_tokens_details").get("reasoning_tokens").asInt());
        for (JsonNode c : chunks.subList(0, 5)) {
            assertEquals("chat.completion.chunk", c.get("object").asText());
            assertEquals(chunks.get(0).get("id"), c.get("id"));
            assertTrue(c.get("usage").isNull());
        }
    }

    @Test
    void streamingWithoutIncludeUsageHasNoUsageChunk() {
        HttpResponse<String> res = f.post("/chat/completions", chatBody(MODEL, true, ""));
        List<String> data = sseData(res.body());
        JsonNode finish = parse(data.get(data.size() - 2));
        assertEquals("stop", finish.get("choices").get(0).get("finish_reason").asText());
    }

    @Test
    void stopStringCutsTheAnswerAndCancelsTheGeneration() throws Exception {
        f.backend.script = r -> Script.of().content("one ", "two ", "EN", "D three").delay(5_000)
                .content("never").finish(FinishReason.STOP);
        HttpResponse<String> res = f.post("/chat/completions", chatBody(MODEL, false, ",\"stop\":[\"END\",\"x\"]"));
        JsonNode choice = json(res).get("choices").get(0);
        assertEquals("one two ", choice.get("message").get("content").asText());
        assertEquals("stop", choice.get("finish_reason").asText());
        assertEquals(1, f.backend.cancels.get());
    }

    @Test
    void toolCallsAreParsedFromDeepSeekMarkup() {
        f.backend.script = r -> Script.of().content("Let me check.", "<｜tool▁calls▁begin｜>",
                "<｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n{\"city\": ",
                "\"Paris\"}\n```<｜tool▁call▁end｜>", "<｜tool▁calls▁end｜>").finish(FinishReason.STOP);
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"parameters\":{\"type\":\"object\"}}}]";
        JsonNode body = json(f.post("/chat/completions", chatBody(MODEL, false, tools)));
        JsonNode choice = body.get("choices").get(0);
        assertEquals("tool_calls", choice.get("finish_reason").asText());
        assertEquals("Let me check.", choice.get("message").get("content").asText());
        JsonNode call = choice.get("message").get("tool_calls").get(0);
        assertEquals("function", call.get("type").asText());
        assertTrue(call.get("id").asText().startsWith("call_"));
        assertEquals("get_weather", call.get("function").get("name").asText());
        assertEquals("{\"city\": \"Paris\"}", call.get("function").get("arguments").asText());
        assertEquals(1, ((Prompt.Chat) f.backend.received.getFirst().prompt()).tools().size());

        List<String> data = sseData(f.post("/chat/completions", chatBody(MODEL, true, tools)).body());
        StringBuilder content = new StringBuilder();
        JsonNode streamedCall = null;
        String finish = null;
        for (String d : data.subList(0, data.size() - 1)) {
            JsonNode c = parse(d).get("choices").get(0);
            content.append(c.get("delta").path("content").asText(""));
            if (c.get("delta").has("tool_calls")) {
                streamedCall = c.get("delta").get("tool_calls").get(0);
            }
            if (!c.get("finish_reason").isNull()) {
                finish = c.get("finish_reason").asText();
            }
        }
        assertEquals("Let me check.", content.toString());
        assertEquals(0, streamedCall.get("index").asInt());
        assertEquals("get_weather", streamedCall.get("function").get("name").asText());
        assertEquals("tool_calls", finish);
    }

    @Test
    void withoutToolsMarkupStaysText() {
        f.backend.script = r -> Script.of().content("<tool_call>{\"name\":\"x\"}</tool_call>")
                .finish(FinishReason.STOP);
        JsonNode body = json(f.post("/chat/completions", chatBody(MODEL, false, "")));
        assertEquals("<tool_call>{\"name\":\"x\"}</tool_call>",
                body.get("choices").get(0).get("message").get("content").asText());
    }

    @Test
    void messagesReachTheBackendVerbatimWithHistoryAndPrefix() {
        String body = "{\"model\":\"deepseek-chat\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"<｜Assistant｜>hi\"}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"r\",\"tool_calls\":[{\"id\":\"c1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{\"a\":1}}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"42\"},"
                + "{\"role\":\"assistant\",\"content\":\"```python\\n\",\"prefix\":true}],"
                + "\"temperature\":0.3,\"top_p\":0.9,\"max_tokens\":7,\"seed\":5,"
                + "\"response_format\":{\"type\":\"json_object\"}}";
        assertEquals(200, f.post("/beta/chat/completions", body).statusCode());
        GenerationRequest r = f.backend.received.getFirst();
        Prompt.Chat chat = (Prompt.Chat) r.prompt();
        assertEquals(Boolean.FALSE, chat.thinking());
        assertTrue(chat.continueLastMessage());
        assertEquals("<｜Assistant｜>hi", chat.messages().get(1).content());
        assertNull(chat.messages().get(2).content());
        assertEquals("r", chat.messages().get(2).reasoningContent());
        assertEquals("{\"a\":1}", chat.messages().get(2).toolCalls().getFirst().arguments());
        assertEquals("c1", chat.messages().get(3).toolCallId());
        assertEquals(0.3, r.sampling().temperature());
        assertEquals(5L, r.sampling().seed());
        assertEquals(7, r.maxTokens());
        assertEquals(ResponseFormat.Type.JSON_OBJECT, r.responseFormat().type());
    }

    @Test
    void thinkingFieldOverridesTheModelName() {
        f.post("/chat/completions", chatBody(ModelNames.CHAT, false, ",\"thinking\":{\"type\":\"enabled\"}"));
        assertEquals(Boolean.TRUE, ((Prompt.Chat) f.backend.received.getFirst().prompt()).thinking());
    }

    @Test
    void logprobsAreReportedPerContentToken() {
        PositionLogprobs lp = new PositionLogprobs(new TopLogprob(1, "Hi", -0.5f),
                List.of(new TopLogprob(1, "Hi", -0.5f), new TopLogprob(2, "Ho", -1.5f)));
        f.backend.script = r -> Script.of().content("Hi", lp).finish(FinishReason.STOP);
        JsonNode body = json(f.post("/chat/completions",
                chatBody(MODEL, false, ",\"logprobs\":true,\"top_logprobs\":2")));
        JsonNode entry = body.get("choices").get(0).get("logprobs").get("content").get(0);
        assertEquals("Hi", entry.get("token").asText());
        assertEquals(-0.5, entry.get("logprob").asDouble());
        assertEquals(List.of(72, 105), List.of(entry.get("bytes").get(0).asInt(), entry.get("bytes").get(1).asInt()));
        assertEquals("Ho", entry.get("top_logprobs").get(1).get("token").asText());
        assertEquals(2, f.backend.received.getFirst().topLogprobs());
    }

    @Test
    void unknownModelIs404ModelNotFound() {
        HttpResponse<String> res = f.post("/chat/completions", chatBody("gpt-4o", false, ""));
        assertEquals(404, res.statusCode());
        JsonNode error = json(res).get("error");
        assertEquals("model_not_found", error.get("code").asText());
        assertEquals("invalid_request_error", error.get("type").asText());
        assertEquals("model", error.get("param").asText());
        assertFalse(error.get("message").asText().isEmpty());
        assertTrue(f.backend.received.isEmpty());
    }

    @Test
    void backendFailureIs500() {
        f.backend.script = r -> Script.of().finish(FinishReason.ERROR);
        HttpResponse<String> res = f.post("/chat/completions", chatBody(MODEL, false, ""));
        assertEquals(500, res.statusCode());
        assertEquals("server_error", json(res).get("error").get("type").asText());
    }

    private static JsonNode delta(JsonNode chunk) {
        return chunk.get("choices").get(0).get("delta");
    }
}
