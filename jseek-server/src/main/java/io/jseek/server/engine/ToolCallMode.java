package io.jseek.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.api.json.JsonConstraint;
import io.jseek.api.json.TokenVocabulary;
import io.jseek.api.json.UnsupportedSchemaException;
import io.jseek.engine.RequestRejectedException;
import io.jseek.server.Prompt;
import io.jseek.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Builds the {@link ToolCallLogitsProcessor} of a chat request whose {@code tool_choice} is {@code required} or names
 * a function: the markup as token ids, and per allowed function its name and a {@link JsonConstraint} for its
 * {@code parameters}, compiled here on the request's thread. A schema the constraint cannot enforce is refused
 * (400), as for {@code response_format}.
 */
final class ToolCallMode {
    private static final String OPENING = "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>";
    private static final String BEFORE_ARGUMENTS = "\n```json\n";
    private static final String CLOSING = "\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>";

    private final Tokenizer tokenizer;
    private final int[] endTokens;

    ToolCallMode(Tokenizer tokenizer, Set<Integer> endTokens) {
        this.tokenizer = tokenizer;
        this.endTokens = endTokens.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /**
     * The processor for {@code prompt}, or null when its answer may be text (no tools, {@code auto}, {@code none}).
     *
     * @param reasoning whether the generated text is still inside the reasoning block (the call comes after it)
     */
    ToolCallLogitsProcessor processor(Prompt prompt, BooleanSupplier reasoning) throws RequestRejectedException {
        if (!(prompt instanceof Prompt.Chat chat) || chat.toolChoice() == null || endTokens.length == 0) {
            return null;
        }
        String mode = chat.toolChoice().mode();
        if (!mode.equals("required") && !mode.equals("function")) {
            return null;
        }
        TokenVocabulary vocabulary = TokenVocabulary.of(tokenizer);
        List<ToolCallLogitsProcessor.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < chat.tools().size(); i++) {
            JsonNode function = chat.tools().get(i).path("function");
            String name = function.path("name").asText();
            if (mode.equals("function") && !name.equals(chat.toolChoice().function())) {
                continue;
            }
            candidates.add(new ToolCallLogitsProcessor.Candidate(
                    tokenizer.encode(name + BEFORE_ARGUMENTS, false, false),
                    arguments(function.get("parameters"), vocabulary, i)));
        }
        return new ToolCallLogitsProcessor(tokenizer.encode(OPENING, false, true), candidates,
                tokenizer.encode(CLOSING, false, true), endTokens, reasoning, vocabulary.size());
    }

    /** The constraint for a function's arguments: its schema, or any object when it declares none. */
    private static JsonConstraint arguments(JsonNode parameters, TokenVocabulary vocabulary, int index)
            throws RequestRejectedException {
        boolean none = parameters == null || parameters.isNull() || parameters.isEmpty();
        try {
            return JsonConstraint.forSchema(none ? null : parameters, vocabulary);
        } catch (UnsupportedSchemaException e) {
            throw new RequestRejectedException(RequestRejectedException.Kind.INVALID, "tools[" + index
                    + "].function.parameters: " + e.getMessage() + " (tool_choice needs a schema it can enforce)", 0);
        }
    }
}
