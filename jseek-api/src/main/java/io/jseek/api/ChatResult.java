package io.jseek.api;

import io.jseek.engine.FinishReason;
import io.jseek.template.ChatMessage;
import io.jseek.template.ToolCall;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one chat turn: the answer split from the reasoning and the tool calls, and the generation
 * underneath.
 *
 * @param content the answer without tool-call markup (empty when the generation ended inside the reasoning)
 * @param reasoning the text between {@code <think>} and {@code </think>}, without the tags and surrounding blank
 *     space; empty when the model did not reason
 * @param toolCalls the calls the model asked for, in order (only when the turn offered tools); ids are null
 * @param generation tokens, raw text, finish reason, timings and logprobs
 */
public record ChatResult(String content, String reasoning, List<ToolCall> toolCalls, Generation generation) {

    public ChatResult {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(reasoning, "reasoning");
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(generation, "generation");
    }

    /** The assistant turn to append to the conversation (reasoning kept apart, as templates expect). */
    public ChatMessage message() {
        String r = reasoning.isEmpty() ? null : reasoning;
        return toolCalls.isEmpty() ? ChatMessage.assistant(content, r)
                : new ChatMessage("assistant", content.isEmpty() ? null : content, r, toolCalls, null, null);
    }

    public FinishReason finishReason() {
        return generation.finishReason();
    }

    /** Prompt tokens, BOS included. */
    public int promptTokens() {
        return generation.promptTokens().length;
    }

    /** Generated tokens (reasoning included, an end-of-generation token not). */
    public int completionTokens() {
        return generation.tokens().length;
    }
}
