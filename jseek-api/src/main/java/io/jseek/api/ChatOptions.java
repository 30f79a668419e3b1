package io.jseek.api;

import java.util.Map;
import java.util.Objects;

/**
 * What one chat turn does besides the messages.
 *
 * @param generation token budget, sampling, stop strings and logprobs of the answer
 * @param templateVariables extra chat-template variables (e.g. {@code enable_thinking}); never null
 */
public record ChatOptions(GenerateOptions generation, Map<String, ?> templateVariables) {

    public ChatOptions {
        Objects.requireNonNull(generation, "generation");
        templateVariables = templateVariables == null ? Map.of() : Map.copyOf(templateVariables);
    }

    public static ChatOptions of(GenerateOptions generation) {
        return new ChatOptions(generation, Map.of());
    }
}
