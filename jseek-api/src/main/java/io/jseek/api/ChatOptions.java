package io.jseek.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one chat turn does besides the messages.
 *
 * @param generation token budget, sampling, stop strings and logprobs of the answer
 * @param templateVariables extra chat-template variables (e.g. {@code enable_thinking}); never null
 * @param tools JSON-schema tool definitions in the OpenAI shape ({@code {type: "function", function: {name,
 *     description, parameters}}}, as {@code Map}/{@code List} trees or Jackson nodes) that the template lists for
 *     the model; when present, the model's tool-call markup is parsed into {@link ChatResult#toolCalls()}; null
 *     when there are none
 * @param responseFormat free text, or JSON (any object, or valid against a schema) enforced by constrained
 *     decoding after the reasoning; never null
 */
public record ChatOptions(GenerateOptions generation, Map<String, ?> templateVariables, List<?> tools,
                          ResponseFormat responseFormat) {

    public ChatOptions {
        Objects.requireNonNull(generation, "generation");
        templateVariables = templateVariables == null ? Map.of() : Map.copyOf(templateVariables);
        tools = tools == null || tools.isEmpty() ? null : List.copyOf(tools);
        responseFormat = responseFormat == null ? ResponseFormat.TEXT : responseFormat;
    }

    /** No template variables, no tools, free text. */
    public static ChatOptions of(GenerateOptions generation) {
        return new ChatOptions(generation, Map.of(), null, ResponseFormat.TEXT);
    }

    public ChatOptions withGeneration(GenerateOptions g) {
        return new ChatOptions(g, templateVariables, tools, responseFormat);
    }

    public ChatOptions withTemplateVariables(Map<String, ?> variables) {
        return new ChatOptions(generation, variables, tools, responseFormat);
    }

    public ChatOptions withTools(List<?> t) {
        return new ChatOptions(generation, templateVariables, t, responseFormat);
    }

    public ChatOptions withResponseFormat(ResponseFormat format) {
        return new ChatOptions(generation, templateVariables, tools, format);
    }
}
