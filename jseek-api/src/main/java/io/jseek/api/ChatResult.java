package io.jseek.api;

import io.jseek.template.ChatMessage;
import java.util.Objects;

/**
 * The outcome of one chat turn: the answer split from the reasoning, and the generation underneath.
 *
 * @param content the answer (empty when the generation ended inside the reasoning)
 * @param reasoning the text between {@code <think>} and {@code </think>}, without the tags and surrounding blank
 *     space; empty when the model did not reason
 * @param generation tokens, raw text, finish reason, timings and logprobs
 */
public record ChatResult(String content, String reasoning, Generation generation) {

    public ChatResult {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(reasoning, "reasoning");
        Objects.requireNonNull(generation, "generation");
    }

    /** The assistant turn to append to the conversation (reasoning kept apart, as templates expect). */
    public ChatMessage message() {
        return ChatMessage.assistant(content, reasoning.isEmpty() ? null : reasoning);
    }

    public FinishReason finishReason() {
        return generation.finishReason();
    }
}
