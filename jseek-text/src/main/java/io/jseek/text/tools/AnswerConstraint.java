package io.jseek.text.tools;

import io.jseek.engine.LogitsProcessor;
import io.jseek.model.SamplerParams;
import io.jseek.text.json.JsonLogitsProcessor;
import io.jseek.text.json.ResponseFormat;
import io.jseek.text.json.UnsupportedSchemaException;
import io.jseek.tokenizer.Tokenizer;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Which constraint holds a chat answer to what was asked, one rule for the Java API and the server: a forced tool
 * call ({@link ToolChoice#forcesCall()}) becomes a {@link ToolCallLogitsProcessor}, a JSON {@link ResponseFormat} a
 * {@link JsonLogitsProcessor}, and the two exclude each other. Build it on the request's thread, never the engine's:
 * the first use per tokenizer builds the shared vocabulary index.
 */
public final class AnswerConstraint {
    private AnswerConstraint() {
    }

    /**
     * The processor for one answer, or null for free text.
     *
     * @param choice the tool choice, or null where no tools can be offered (a raw text prompt)
     * @param tools the tools offered, in the OpenAI shape, or null
     * @param endTokens the end-of-generation tokens, lowest first
     * @param reasoning whether the generated text is still inside the reasoning block (the constraint starts after)
     * @throws IllegalArgumentException when a JSON format and a forced call are both asked for, or the forced call
     *     has no tools or names a function that is not among them
     * @throws UnsupportedSchemaException when the format's schema, or an allowed function's parameters, use what
     *     constrained decoding cannot enforce
     */
    public static LogitsProcessor of(ResponseFormat format, ToolChoice choice, List<?> tools, Tokenizer tokenizer,
                                     int[] endTokens, SamplerParams sampling, BooleanSupplier reasoning) {
        if (choice == null || !choice.forcesCall()) {
            return JsonLogitsProcessor.forFormat(format, tokenizer, endTokens, sampling, reasoning);
        }
        if (format.type() != ResponseFormat.Type.TEXT) {
            throw new IllegalArgumentException("response_format cannot be combined with tool_choice \"required\" or"
                    + " a named function");
        }
        return ToolCallLogitsProcessor.forChoice(choice, tools, tokenizer, endTokens, reasoning);
    }
}
