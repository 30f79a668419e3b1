package io.jseek.text.json;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Generates a document by drawing random allowed tokens from the masks, as a sampler would with flat logits. For
 * the first {@code wanderSteps} tokens any allowed token is equally likely (EOS with a fixed chance once allowed);
 * afterwards the walk heads for the end: EOS, else a single-byte closer ({@code " } ]}), else any single-byte token,
 * so it terminates for every schema whose values have bounded minimal length.
 */
final class RandomWalk {
    private static final int MAX_STEPS = 4000;

    private final TokenVocabulary vocabulary;
    private final long[] words;
    private final long[] fullWalk;
    private final int[] allowed;

    RandomWalk(TokenVocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.words = new long[TokenVocabulary.words(vocabulary.size())];
        this.fullWalk = new long[words.length];
        this.allowed = new int[vocabulary.size()];
    }

    /** The bytes of one walk; fails if a mask is ever empty, inconsistent (when checking) or the walk does not end. */
    byte[] walk(JsonConstraint c, Random random, int wanderSteps, boolean check) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (int step = 0; step < MAX_STEPS; step++) {
            c.mask(words);
            int count = collect(c, check, step, random);
            if (count == 0) {
                throw new AssertionError("empty mask after: " + text.toString(java.nio.charset.StandardCharsets.UTF_8));
            }
            int token = choose(c, random, count, step >= wanderSteps);
            c.accept(token);
            if (vocabulary.piece(token) == null) {
                return text.toByteArray();
            }
            text.writeBytes(vocabulary.piece(token));
        }
        throw new AssertionError("walk did not end: " + text.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Lists the allowed tokens. When checking, every 16th step compares the whole mask with {@link
     * JsonConstraint#allows} and with the mask computed without the string fast path; other steps compare a random
     * sample of tokens, which keeps the test fast on 150k vocabularies.
     */
    private int collect(JsonConstraint c, boolean check, int step, Random random) {
        int count = 0;
        for (int id = 0; id < vocabulary.size(); id++) {
            if ((words[id >>> 6] & 1L << id) != 0) {
                allowed[count++] = id;
            }
        }
        if (check && step % 16 == 0) {
            for (int id = 0; id < vocabulary.size(); id++) {
                checkToken(c, id);
            }
            c.mask(fullWalk, false);
            if (!Arrays.equals(words, fullWalk)) {
                throw new AssertionError("fast path and full walk disagree at step " + step);
            }
        } else if (check) {
            for (int i = 0; i < 512; i++) {
                checkToken(c, random.nextInt(vocabulary.size()));
            }
        }
        return count;
    }

    private void checkToken(JsonConstraint c, int id) {
        boolean set = (words[id >>> 6] & 1L << id) != 0;
        if (set != c.allows(id)) {
            throw new AssertionError("mask says " + set + " but allows says " + !set + " for token " + id);
        }
    }

    private int choose(JsonConstraint c, Random random, int count, boolean closing) {
        int eos = -1;
        int ends = 0;
        for (int i = 0; i < count; i++) {
            if (vocabulary.piece(allowed[i]) == null) {
                eos = allowed[i];
                ends++;
            }
        }
        if (eos >= 0 && (closing || ends == count || random.nextInt(4) == 0)) {
            return eos;
        }
        if (!closing) {
            int token;
            do {
                token = allowed[random.nextInt(count)];
            } while (vocabulary.piece(token) == null);
            return token;
        }
        int single = -1;
        int seen = 0;
        for (int i = 0; i < count; i++) {
            byte[] piece = vocabulary.piece(allowed[i]);
            if (piece != null && piece.length == 1) {
                if (piece[0] == '"' || piece[0] == '}' || piece[0] == ']') {
                    return allowed[i];
                }
                if (random.nextInt(++seen) == 0) {
                    single = allowed[i];
                }
            }
        }
        return single >= 0 ? single : allowed[random.nextInt(count)];
    }
}
