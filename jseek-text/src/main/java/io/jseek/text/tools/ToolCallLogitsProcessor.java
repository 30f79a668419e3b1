package io.jseek.text.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.engine.LogitsProcessor;
import io.jseek.text.json.JsonConstraint;
import io.jseek.text.json.JsonLogitsProcessor;
import io.jseek.text.json.TokenVocabulary;
import io.jseek.text.json.UnsupportedSchemaException;
import io.jseek.text.tools.ToolChoice;
import io.jseek.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code tool_choice: "required"} or a named function in the engine loop: once the reasoning is over, the answer is
 * forced to be one call in DeepSeek's tool-call syntax, {@code <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function
 * <｜tool▁sep｜>NAME\n```json\nARGUMENTS\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>}, then an end token.
 *
 * <p>The markup is fixed token sequences; the name is one of the allowed functions' names (each as a token sequence,
 * narrowed token by token until one is left); the arguments are masked by that function's {@link JsonConstraint}
 * (its {@code parameters} schema), and the closing markup follows as soon as the arguments object is complete.
 * Per token this costs one pass over the logits, plus the constraint's trie walk while in the arguments.
 *
 * <p>One class for the Java API's {@code JseekModel.chat} and the server's engine ({@link #forChoice}).
 */
public final class ToolCallLogitsProcessor implements LogitsProcessor {
    private static final String OPENING = "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>";
    private static final String BEFORE_ARGUMENTS = "\n```json\n";
    private static final String CLOSING = "\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One function the answer may call. */
    private record Candidate(int[] name, JsonConstraint arguments) {
    }

    private enum Phase { WAITING, OPENING, NAME, ARGUMENTS, CLOSING, END }

    private final int[] opening;
    private final List<Candidate> candidates;
    private final int[] closing;
    private final int[] endTokens;
    private final BooleanSupplier reasoning;
    private final boolean[] alive;
    private final long[] words;
    private final int constrainedVocab;
    private Phase phase = Phase.WAITING;
    private int position;
    private JsonConstraint arguments;

    /**
     * @param opening the markup before the name
     * @param candidates the functions allowed (one for a named {@code tool_choice}); their names end with the
     *     markup before the arguments
     * @param closing the markup after the arguments
     * @param endTokens the end-of-generation tokens; the first ends the answer
     * @param reasoning whether the text so far is inside the reasoning block
     * @param constrainedVocab the argument constraints' vocabulary size; logits past it are masked there
     */
    private ToolCallLogitsProcessor(int[] opening, List<Candidate> candidates, int[] closing, int[] endTokens,
                                    BooleanSupplier reasoning, int constrainedVocab) {
        this.opening = opening.clone();
        this.candidates = List.copyOf(candidates);
        this.closing = closing.clone();
        this.endTokens = endTokens.clone();
        this.reasoning = reasoning;
        this.alive = new boolean[candidates.size()];
        this.constrainedVocab = constrainedVocab;
        this.words = new long[(constrainedVocab + 63) >>> 6];
    }

    /**
     * The processor that forces {@code choice}, or null when the answer may be text (no choice, {@code AUTO},
     * {@code NONE}, or a vocabulary without end tokens). The markup becomes token ids and each allowed function's
     * {@code parameters} a {@link JsonConstraint}, here on the caller's thread.
     *
     * @param tools the tools offered, in the OpenAI shape ({@code {type: "function", function: {name, parameters}}})
     *     as Jackson nodes or {@code Map}/{@code List} trees
     * @param endTokens the end-of-generation tokens, lowest first; the first ends the answer
     * @param reasoning whether the generated text is still inside the reasoning block (the call comes after it)
     * @throws IllegalArgumentException when no tools are offered or the named function is not among them
     * @throws UnsupportedSchemaException when an allowed function's parameters use what the constraint cannot
     *     enforce (the message names {@code tools[i].function.parameters})
     */
    public static ToolCallLogitsProcessor forChoice(ToolChoice choice, List<?> tools, Tokenizer tokenizer,
                                                    int[] endTokens, BooleanSupplier reasoning) {
        if (choice == null || !choice.forcesCall() || endTokens.length == 0) {
            return null;
        }
        if (tools == null || tools.isEmpty()) {
            throw new IllegalArgumentException("tool choice " + choice.mode() + " needs tools");
        }
        TokenVocabulary vocabulary = TokenVocabulary.of(tokenizer);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode function = MAPPER.valueToTree(tools.get(i)).path("function");
            String name = function.path("name").asText();
            if (choice.mode() == ToolChoice.Mode.FUNCTION && !name.equals(choice.function())) {
                continue;
            }
            candidates.add(new Candidate(tokenizer.encode(name + BEFORE_ARGUMENTS, false, false),
                    arguments(function.get("parameters"), vocabulary, i)));
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("tool choice names the function '" + choice.function()
                    + "', which is not among the tools");
        }
        return new ToolCallLogitsProcessor(tokenizer.encode(OPENING, false, true), candidates,
                tokenizer.encode(CLOSING, false, true), endTokens, reasoning, vocabulary.size());
    }

    /** The constraint for a function's arguments: its schema, or any object when it declares none. */
    private static JsonConstraint arguments(JsonNode parameters, TokenVocabulary vocabulary, int index) {
        boolean none = parameters == null || parameters.isNull() || parameters.isEmpty();
        try {
            return JsonConstraint.forSchema(none ? null : parameters, vocabulary);
        } catch (UnsupportedSchemaException e) {
            throw new UnsupportedSchemaException("tools[" + index + "].function.parameters: " + e.getMessage()
                    + " (a forced tool call needs a schema it can enforce)");
        }
    }

    @Override
    public void process(float[] logits, int offset, int vocab) {
        if (phase == Phase.WAITING) {
            if (reasoning.getAsBoolean()) {
                return;
            }
            start(Phase.OPENING);
        }
        switch (phase) {
            case OPENING -> keepOnly(logits, offset, vocab, opening[position]);
            case NAME -> keepNames(logits, offset, vocab);
            case ARGUMENTS -> maskArguments(logits, offset, vocab);
            case CLOSING -> keepOnly(logits, offset, vocab, closing[position]);
            case END, WAITING -> keepOnly(logits, offset, vocab, endTokens[0]);
        }
    }

    @Override
    public void accept(int token) {
        switch (phase) {
            case WAITING, END -> {
            }
            case OPENING -> {
                if (++position == opening.length) {
                    start(Phase.NAME);
                    Arrays.fill(alive, true);
                }
            }
            case NAME -> acceptName(token);
            case ARGUMENTS -> {
                arguments.accept(token);
                if (arguments.mustEnd()) {
                    start(closing.length == 0 ? Phase.END : Phase.CLOSING);
                }
            }
            case CLOSING -> {
                if (++position == closing.length) {
                    start(Phase.END);
                }
            }
        }
    }

    private void start(Phase next) {
        phase = next;
        position = 0;
    }

    /** Narrows the names; the first one spelled out in full is the call's (tokens are fixed, so it is unique). */
    private void acceptName(int token) {
        for (int c = 0; c < alive.length; c++) {
            int[] name = candidates.get(c).name();
            alive[c] &= position < name.length && name[position] == token;
        }
        position++;
        for (int c = 0; c < alive.length; c++) {
            if (alive[c] && position == candidates.get(c).name().length) {
                arguments = candidates.get(c).arguments();
                start(Phase.ARGUMENTS);
                return;
            }
        }
    }

    private void keepNames(float[] logits, int offset, int vocab) {
        Arrays.fill(words, 0L);
        for (int c = 0; c < alive.length; c++) {
            int[] name = candidates.get(c).name();
            if (alive[c] && position < name.length) {
                words[name[position] >>> 6] |= 1L << name[position];
            }
        }
        JsonLogitsProcessor.applyMask(words, constrainedVocab, logits, offset, vocab);
    }

    private void maskArguments(float[] logits, int offset, int vocab) {
        arguments.mask(words);
        for (int t : endTokens) {
            if (t < constrainedVocab) {
                words[t >>> 6] &= ~(1L << t); // the closing markup ends the call, not an end token
            }
        }
        JsonLogitsProcessor.applyMask(words, constrainedVocab, logits, offset, vocab);
    }

    private static void keepOnly(float[] logits, int offset, int vocab, int token) {
        for (int id = 0; id < vocab; id++) {
            if (id != token) {
                logits[offset + id] = Float.NEGATIVE_INFINITY;
            }
        }
        logits[offset + token] = 0f; // forced: the only finite logit, whatever the model thought of it
    }

    @Override
    public String toString() {
        return "ToolCallLogitsProcessor[" + phase + " " + position + "]";
    }
}
