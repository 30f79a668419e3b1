package io.jseek.server.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Reads a chat-completions SSE stream and checks its shape: the first chunk carries the assistant role, every
 * chunk is a {@code chat.completion.chunk} with one id, {@code [DONE]} comes last, exactly one finish reason, and
 * no reasoning after the answer started. The deltas are concatenated per channel.
 */
final class StreamCheck {
    /**
     * @param reasoning the {@code reasoning_content} deltas concatenated
     * @param content the {@code content} deltas concatenated
     * @param finishReason the one finish reason
     * @param usage the usage chunk, or null
     * @param reasoningEndedBeforeContent no reasoning delta after the first content delta
     */
    record Result(String reasoning, String content, String finishReason, JsonNode usage,
                  boolean reasoningEndedBeforeContent) {
    }

    private StreamCheck() {
    }

    /** @throws AssertionError when the stream is malformed */
    static Result parse(List<String> data) {
        check(!data.isEmpty() && data.getLast().equals("[DONE]"), "[DONE] is not last: " + data);
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        String finish = null;
        JsonNode usage = null;
        String id = null;
        boolean ordered = true;
        for (int i = 0; i < data.size() - 1; i++) {
            JsonNode chunk = EngineServer.json(data.get(i));
            check("chat.completion.chunk".equals(chunk.path("object").asText()), "not a chunk: " + chunk);
            id = id == null ? chunk.path("id").asText() : id;
            check(id.equals(chunk.path("id").asText()), "chunk ids differ");
            JsonNode choices = chunk.path("choices");
            if (choices.isEmpty()) {
                usage = chunk.path("usage");
                continue;
            }
            JsonNode delta = choices.get(0).path("delta");
            if (i == 0) {
                check("assistant".equals(delta.path("role").asText()), "the first chunk has no role: " + chunk);
            }
            String r = delta.path("reasoning_content").asText("");
            ordered &= r.isEmpty() || content.isEmpty();
            reasoning.append(r);
            content.append(delta.path("content").asText(""));
            JsonNode f = choices.get(0).path("finish_reason");
            if (!f.isNull() && !f.isMissingNode()) {
                check(finish == null, "two finish reasons");
                finish = f.asText();
            }
        }
        check(finish != null, "no finish reason");
        return new Result(reasoning.toString(), content.toString(), finish, usage, ordered);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
