package io.jseek.server.backend;

import io.jseek.engine.RequestRejectedException;
import io.jseek.model.SamplerParams;
import io.jseek.text.json.JsonLogitsProcessor;
import io.jseek.text.json.ResponseFormat;
import io.jseek.text.json.UnsupportedSchemaException;
import io.jseek.tokenizer.Tokenizer;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Builds the {@link JsonLogitsProcessor} of a request whose {@code response_format} is {@code json_object} or
 * {@code json_schema}, on that request's thread, never the engine's (the first one builds the shared vocabulary
 * index). A schema the constraint cannot enforce is refused as invalid (400).
 */
final class JsonMode {
    private final Tokenizer tokenizer;
    private final int[] endTokens;

    JsonMode(Tokenizer tokenizer, Set<Integer> endTokens) {
        this.tokenizer = tokenizer;
        this.endTokens = endTokens.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /**
     * The processor for {@code format}, or null for free text.
     *
     * @param reasoning whether the generated text is still inside the reasoning block (JSON starts after it)
     */
    JsonLogitsProcessor processor(ResponseFormat format, SamplerParams sampling, BooleanSupplier reasoning)
            throws RequestRejectedException {
        try {
            return JsonLogitsProcessor.forFormat(format, tokenizer, endTokens, sampling, reasoning);
        } catch (UnsupportedSchemaException e) {
            throw new RequestRejectedException(RequestRejectedException.Kind.INVALID,
                    "response_format.json_schema: " + e.getMessage(), 0);
        }
    }
}
