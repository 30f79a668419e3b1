package io.jseek.server.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jseek.server.AnswerUsage;
import io.jseek.text.stream.PositionLogprobs;
import io.jseek.text.stream.TopLogprob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON shapes of chat completions: OpenAI's, plus DeepSeek's {@code reasoning_content} and cache counters.
 * Components are camelCase and written snake_case by {@link Json#MAPPER}; null fields are left out except where
 * clients expect an explicit null ({@code content}, {@code finish_reason}, {@code logprobs}, a chunk's
 * {@code usage}).
 */
final class ChatWire {
    private ChatWire() {
    }

    record Completion(String id, String object, long created, String model, String systemFingerprint,
                      List<Choice> choices, Usage usage) {
    }

    record Choice(int index, Message message, @JsonInclude(JsonInclude.Include.ALWAYS) Logprobs logprobs,
                  @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {
    }

    record Message(String role, @JsonInclude(JsonInclude.Include.ALWAYS) String content, String reasoningContent,
                   List<ToolCallJson> toolCalls) {
    }

    record Chunk(String id, String object, long created, String model, String systemFingerprint,
                 List<ChunkChoice> choices, @JsonInclude(JsonInclude.Include.ALWAYS) Usage usage) {
    }

    record ChunkChoice(int index, Delta delta, @JsonInclude(JsonInclude.Include.ALWAYS) Logprobs logprobs,
                       @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {
    }

    record Delta(String role, String content, String reasoningContent, List<ToolCallJson> toolCalls) {
    }

    /** A tool call; {@code index} only in stream deltas. */
    record ToolCallJson(Integer index, String id, String type, Function function) {
    }

    record Function(String name, String arguments) {
    }

    record Usage(int promptTokens, int completionTokens, int totalTokens, int promptCacheHitTokens,
                 int promptCacheMissTokens, PromptDetails promptTokensDetails,
                 CompletionDetails completionTokensDetails) {
        static Usage of(AnswerUsage answer) {
            io.jseek.engine.Usage u = answer.tokens();
            return new Usage(u.promptTokens(), u.completionTokens(), u.totalTokens(), u.cacheHitTokens(),
                    u.cacheMissTokens(), new PromptDetails(u.cacheHitTokens()),
                    new CompletionDetails(answer.reasoningTokens()));
        }
    }

    record PromptDetails(int cachedTokens) {
    }

    record CompletionDetails(int reasoningTokens) {
    }

    record Logprobs(List<LogprobEntry> content) {
        static Logprobs of(List<PositionLogprobs> entries) {
            List<LogprobEntry> out = new ArrayList<>(entries.size());
            for (PositionLogprobs e : entries) {
                List<TopEntry> top = e.top().stream()
                        .map(a -> new TopEntry(a.token(), a.logprob(), bytes(a.token()))).toList();
                TopLogprob s = e.sampled();
                out.add(new LogprobEntry(s.token(), s.logprob(), bytes(s.token()), top));
            }
            return new Logprobs(out);
        }
    }

    record LogprobEntry(String token, double logprob, List<Integer> bytes, List<TopEntry> topLogprobs) {
    }

    record TopEntry(String token, double logprob, List<Integer> bytes) {
    }

    static List<Integer> bytes(String token) {
        byte[] b = token.getBytes(StandardCharsets.UTF_8);
        List<Integer> out = new ArrayList<>(b.length);
        for (byte x : b) {
            out.add(x & 0xff);
        }
        return out;
    }
}
