package io.jseek.server;

import static io.jseek.server.ServerFixture.MODEL;
import static io.jseek.server.ServerFixture.json;
import static io.jseek.server.ServerFixture.parse;
import static io.jseek.server.ServerFixture.sseData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.engine.FinishReason;
import io.jseek.server.ScriptedBackend.Script;
import io.jseek.text.stream.PositionLogprobs;
import io.jseek.text.stream.TopLogprob;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Text completions and FIM ({@code /completions}, {@code /beta/completions}). */
class CompletionsTest {
    private final ServerFixture f = new ServerFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void fimPassesPromptAndSuffixAndAnswersTextCompletion() {
        f.backend.script = r -> Script.of().content("    return a + b").finish(FinishReason.STOP);
        String body = "{\"model\":\"" + MODEL + "\",\"prompt\":\"def add(a, b):\\n\",\"suffix\":\"\\n\\nprint(1)\","
                + "\"max_tokens\":32,\"stop\":\"\\n\\n\"}";
        JsonNode res = json(f.post("/beta/completions", body));
        assertEquals("text_completion", res.get("object").asText());
        JsonNode choice = res.get("choices").get(0);
        assertEquals("    return a + b", choice.get("text").asText());
        assertEquals("stop", choice.get("finish_reason").asText());
        assertEquals(12, res.get("usage").get("prompt_tokens").asInt());
        Prompt.Text prompt = (Prompt.Text) f.backend.received.getFirst().prompt();
        assertEquals("def add(a, b):\n", prompt.text());
        assertEquals("\n\nprint(1)", prompt.suffix());
        assertEquals(List.of("\n\n"), f.backend.received.getFirst().stop());
    }

    @Test
    void echoAndLegacyLogprobs() {
        PositionLogprobs lp = new PositionLogprobs(new TopLogprob(1, " world", -0.25f),
                List.of(new TopLogprob(1, " world", -0.25f)));
        f.backend.script = r -> Script.of().content(" world", lp).finish(FinishReason.LENGTH);
        String body = "{\"model\":\"" + MODEL + "\",\"prompt\":[\"hello\"],\"echo\":true,\"logprobs\":1}";
        JsonNode choice = json(f.post("/v1/completions", body)).get("choices").get(0);
        assertEquals("hello world", choice.get("text").asText());
        assertEquals("length", choice.get("finish_reason").asText());
        JsonNode logprobs = choice.get("logprobs");
        assertEquals(" world", logprobs.get("tokens").get(0).asText());
        assertEquals(-0.25, logprobs.get("token_logprobs").get(0).asDouble());
        assertEquals(-0.25, logprobs.get("top_logprobs").get(0).get(" world").asDouble());
        assertEquals(5, logprobs.get("text_offset").get(0).asInt());
    }

    @Test
    void streamingTextCompletion() {
        f.backend.script = r -> Script.of().content("a", "b").finish(FinishReason.STOP);
        String body = "{\"model\":\"" + MODEL + "\",\"prompt\":\"x\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}";
        List<String> data = sseData(f.post("/completions", body).body());
        assertEquals("[DONE]", data.getLast());
        assertEquals("a", parse(data.get(0)).get("choices").get(0).get("text").asText());
        assertEquals("b", parse(data.get(1)).get("choices").get(0).get("text").asText());
        JsonNode finish = parse(data.get(2)).get("choices").get(0);
        assertEquals("stop", finish.get("finish_reason").asText());
        assertEquals(2, parse(data.get(3)).get("usage").get("completion_tokens").asInt());
    }

    @Test
    void plainCompletionHasNoSuffix() {
        f.post("/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"Once\"}");
        assertNull(((Prompt.Text) f.backend.received.getFirst().prompt()).suffix());
    }

    @Test
    void badPromptsAreRefused() {
        ErrorsTest.assertError(f.post("/completions", "{\"model\":\"" + MODEL + "\"}"), 400, null);
        ErrorsTest.assertError(f.post("/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":5}"), 400, null);
        ErrorsTest.assertError(f.post("/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":[\"a\",\"b\"]}"),
                422, null);
        ErrorsTest.assertError(f.post("/completions", "{\"model\":\"nope\",\"prompt\":\"a\"}"), 404, null);
    }
}
