package io.jseek.server.backend;

import io.jseek.engine.RequestRejectedException;
import io.jseek.server.Prompt;
import io.jseek.text.tools.ToolCallLogitsProcessor;
import io.jseek.tokenizer.Tokenizer;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Builds the {@link ToolCallLogitsProcessor} of a chat request whose {@code tool_choice} is {@code required} or names
 * a function, on the request's thread. A schema the constraint cannot enforce
 * ({@link io.jseek.text.json.UnsupportedSchemaException}) is refused (400), as for {@code response_format}.
 */
final class ToolCallMode {
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
        if (!(prompt instanceof Prompt.Chat chat)) {
            return null;
        }
        try {
            return ToolCallLogitsProcessor.forChoice(chat.toolChoice(), chat.tools(), tokenizer, endTokens,
                    reasoning);
        } catch (IllegalArgumentException e) { // an unenforceable schema; the parser has checked the rest
            throw new RequestRejectedException(RequestRejectedException.Kind.INVALID, e.getMessage(), 0);
        }
    }
}
