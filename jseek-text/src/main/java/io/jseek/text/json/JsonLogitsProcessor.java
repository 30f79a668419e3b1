package io.jseek.text.json;

import io.jseek.engine.LogitsProcessor;
import io.jseek.model.SamplerParams;
import io.jseek.text.json.ResponseFormat;
import io.jseek.tokenizer.Tokenizer;
import java.util.function.BooleanSupplier;

/**
 * JSON mode in the decode loop (the engine's, for the Java API and the server): masks each token's logits with a per-request {@link JsonConstraint} so the answer is
 * a JSON document (optionally valid against a schema), ending with an end-of-generation token exactly when the
 * document is complete.
 *
 * <p>A thinking model reasons first: while {@code reasoning} says the generated text is inside {@code <think>}, the
 * logits pass untouched and the constraint starts fresh on the first token after {@code </think>} (the bridge that
 * splits the reasoning runs on the engine thread after each token, so it is current at the next {@link #process}).
 * Once the constraint {@linkplain JsonConstraint#mustEnd() must end}, only end tokens stay, so the request finishes
 * with {@code stop} at once instead of idling on trailing blanks.
 *
 * <p>Greedy shortcut: when the sampler will take the plain argmax (temperature 0, no bias, no penalties) and the
 * constraint allows that token, no mask is computed at all; a full mask costs a trie walk over the vocabulary.
 * Scratch (the mask's words) is allocated here, so the per-token path allocates nothing.
 */
public final class JsonLogitsProcessor implements LogitsProcessor {
    private final JsonConstraint constraint;
    private final boolean[] endToken;
    private final boolean hasEndTokens;
    private final BooleanSupplier reasoning;
    private final boolean argmaxShortcut;
    private final int constrainedVocab;
    private final long[] words;
    private boolean started;

    /**
     * @param constraint a fresh constraint for this request
     * @param constrainedVocab the constraint's vocabulary size; logits past it are masked
     * @param endTokens the end-of-generation tokens (the engine's stop tokens)
     * @param reasoning whether the text so far is inside the reasoning block
     * @param sampling the request's sampler settings, to decide the greedy shortcut
     */
    public JsonLogitsProcessor(JsonConstraint constraint, int constrainedVocab, int[] endTokens, BooleanSupplier reasoning,
                        SamplerParams sampling) {
        this.constraint = constraint;
        this.constrainedVocab = constrainedVocab;
        int size = constrainedVocab;
        for (int t : endTokens) {
            size = Math.max(size, t + 1);
        }
        this.endToken = new boolean[size];
        for (int t : endTokens) {
            endToken[t] = true;
        }
        this.hasEndTokens = endTokens.length > 0;
        this.reasoning = reasoning;
        this.argmaxShortcut = takesPlainArgmax(sampling);
        this.words = new long[(constrainedVocab + 63) >>> 6];
    }

    /**
     * The processor that enforces {@code format} on a sequence, or null for free text. The vocabulary index is
     * built on first use per tokenizer (a fraction of a second for a 150k vocabulary) and shared afterwards.
     *
     * @param endTokens the end-of-generation tokens
     * @param reasoning whether the generated text is still inside the reasoning block (JSON starts after it)
     * @throws UnsupportedSchemaException when the schema uses what the constraint cannot enforce
     */
    public static JsonLogitsProcessor forFormat(ResponseFormat format, Tokenizer tokenizer, int[] endTokens,
                                                SamplerParams sampling, BooleanSupplier reasoning) {
        if (format.type() == ResponseFormat.Type.TEXT) {
            return null;
        }
        TokenVocabulary vocabulary = TokenVocabulary.of(tokenizer);
        JsonConstraint constraint = JsonConstraint.forSchema(format.type() == ResponseFormat.Type.JSON_SCHEMA
                ? format.schema() : null, vocabulary);
        return new JsonLogitsProcessor(constraint, vocabulary.size(), endTokens, reasoning, sampling);
    }

    /** Whether the sampler picks exactly {@code argmax(logits)}, so checking that one token is enough. */
    static boolean takesPlainArgmax(SamplerParams s) {
        boolean penalties = s.repeatPenalty() != 1f || s.frequencyPenalty() != 0f || s.presencePenalty() != 0f;
        return s.temperature() <= 0f && s.logitBias().isEmpty() && (!penalties || s.penaltyLastN() == 0);
    }

    @Override
    public void process(float[] logits, int offset, int vocab) {
        if (!started) {
            if (reasoning.getAsBoolean()) {
                return;
            }
            started = true;
        }
        if (hasEndTokens && constraint.mustEnd()) {
            keepEndTokens(logits, offset, vocab);
            return;
        }
        if (argmaxShortcut && constraint.allows(argmax(logits, offset, vocab))) {
            return;
        }
        constraint.mask(words);
        applyMask(words, constrainedVocab, logits, offset, vocab);
    }

    /**
     * Sets to minus infinity every logit of {@code logits[offset .. offset + vocab)} whose token is not allowed:
     * bit {@code id} of {@code allowed} for ids below {@code allowedVocab}, none at or past it.
     */
    public static void applyMask(long[] allowed, int allowedVocab, float[] logits, int offset, int vocab) {
        int limit = Math.min(vocab, allowedVocab);
        for (int id = 0; id < limit; id++) {
            if ((allowed[id >>> 6] & 1L << id) == 0) {
                logits[offset + id] = Float.NEGATIVE_INFINITY;
            }
        }
        for (int id = limit; id < vocab; id++) {
            logits[offset + id] = Float.NEGATIVE_INFINITY;
        }
    }

    @Override
    public void accept(int token) {
        if (!started || isEnd(token)) {
            return; // reasoning passes through; an end token ends the request, the engine stops it
        }
        constraint.accept(token);
    }

    private boolean isEnd(int token) {
        return token < endToken.length && endToken[token];
    }

    private void keepEndTokens(float[] logits, int offset, int vocab) {
        for (int id = 0; id < vocab; id++) {
            if (!isEnd(id)) {
                logits[offset + id] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /** The lowest index among the largest values, as {@link io.jseek.model.Sampler#argmax} breaks ties. */
    private static int argmax(float[] logits, int offset, int vocab) {
        int best = 0;
        for (int id = 1; id < vocab; id++) {
            if (logits[offset + id] > logits[offset + best]) {
                best = id;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "JsonLogitsProcessor[" + (started ? constraint : "waiting for the reasoning to end") + "]";
    }
}
