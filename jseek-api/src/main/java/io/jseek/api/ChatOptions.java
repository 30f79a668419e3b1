package io.jseek.api;

import io.jseek.text.json.ResponseFormat;
import io.jseek.text.tools.ToolChoice;
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
 * @param toolChoice whether the answer may be text or must call a tool ({@link ToolChoice#REQUIRED}, a named
 *     function: enforced by constrained decoding after the reasoning, and then not combined with a JSON
 *     {@code responseFormat}); never null
 */
public record ChatOptions(GenerateOptions generation, Map<String, ?> templateVariables, List<?> tools,
                          ResponseFormat responseFormat, ToolChoice toolChoice) {

    public ChatOptions {
        Objects.requireNonNull(generation, "generation");
        templateVariables = templateVariables == null ? Map.of() : Map.copyOf(templateVariables);
        tools = tools == null || tools.isEmpty() ? null : List.copyOf(tools);
        responseFormat = responseFormat == null ? ResponseFormat.TEXT : responseFormat;
        toolChoice = toolChoice == null ? ToolChoice.AUTO : toolChoice;
        if (toolChoice.forcesCall() && responseFormat.type() != ResponseFormat.Type.TEXT) {
            throw new IllegalArgumentException("a JSON response format cannot be combined with tool choice "
                    + toolChoice.mode());
        }
    }

    /** No template variables, no tools, free text, tool choice {@code AUTO}. */
    public static ChatOptions of(GenerateOptions generation) {
        return new ChatOptions(generation, Map.of(), null, ResponseFormat.TEXT, ToolChoice.AUTO);
    }

    public ChatOptions withGeneration(GenerateOptions g) {
        return new ChatOptions(g, templateVariables, tools, responseFormat, toolChoice);
    }

    public ChatOptions withTemplateVariables(Map<String, ?> variables) {
        return new ChatOptions(generation, variables, tools, responseFormat, toolChoice);
    }

    public ChatOptions withTools(List<?> t) {
        return new ChatOptions(generation, templateVariables, t, responseFormat, toolChoice);
    }

    public ChatOptions withResponseFormat(ResponseFormat format) {
        return new ChatOptions(generation, templateVariables, tools, format, toolChoice);
    }

    public ChatOptions withToolChoice(ToolChoice choice) {
        return new ChatOptions(generation, templateVariables, tools, responseFormat, choice);
    }
}
