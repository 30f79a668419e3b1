package io.jseek.server.engine;

import io.jseek.api.json.JsonConstraint;
import io.jseek.api.json.TokenVocabulary;
import io.jseek.api.json.UnsupportedSchemaException;
import io.jseek.engine.RequestRejectedException;
import io.jseek.model.SamplerParams;
import io.jseek.server.ResponseFormat;
import io.jseek.tokenizer.Tokenizer;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Builds the {@link JsonLogitsProcessor} of a request whose {@code response_format} is {@code json_object} or
 * {@code json_schema}. The vocabulary index is built on the first such request (a fraction of a second for a 150k
 * vocabulary, on that request's thread, never the engine's) and shared afterwards; each request compiles its schema
 * and gets its own constraint. A schema the constraint cannot enforce is refused as invalid (400).
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
        if (format.type() == ResponseFormat.Type.TEXT) {
            return null;
        }
        TokenVocabulary vocabulary = TokenVocabulary.of(tokenizer);
        JsonConstraint constraint;
        try {
            constraint = JsonConstraint.forSchema(format.type() == ResponseFormat.Type.JSON_SCHEMA ? format.schema()
                    : null, vocabulary);
        } catch (UnsupportedSchemaException e) {
            throw new RequestRejectedException(RequestRejectedException.Kind.INVALID,
                    "response_format.json_schema: " + e.getMessage(), 0);
        }
        return new JsonLogitsProcessor(constraint, vocabulary.size(), endTokens, reasoning, sampling);
    }
}
