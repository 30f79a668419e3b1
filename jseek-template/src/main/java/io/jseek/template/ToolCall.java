package io.jseek.template;

import java.util.Objects;

/**
 * One function call requested by an assistant turn, in the OpenAI / Hugging Face shape
 * {@code {id, type: "function", function: {name, arguments}}}.
 *
 * @param id        the call id that the matching tool result refers to (may be null when the model gave none)
 * @param type      the call type; always {@code "function"} for the DeepSeek templates
 * @param name      the function name
 * @param arguments the arguments as a JSON text, passed to the template unchanged (DeepSeek's templates print it verbatim)
 */
public record ToolCall(String id, String type, String name, String arguments) {

    public ToolCall {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }

    /** A {@code "function"} call. */
    public static ToolCall function(String id, String name, String arguments) {
        return new ToolCall(id, "function", name, arguments);
    }
}
