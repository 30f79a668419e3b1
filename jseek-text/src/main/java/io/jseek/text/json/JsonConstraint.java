package io.jseek.text.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Constrained decoding for JSON output: per generated token, the set of tokens that keep the text a prefix of a
 * valid document ({@code response_format: json_object}) or of a document valid against a JSON Schema
 * ({@code json_schema}). One instance follows one sequence: call {@link #mask} (or {@link #allows} for a single
 * candidate) before sampling, then {@link #accept} with the sampled token.
 *
 * <p>Supported schema subset: {@code type} (object, array, string, number, integer, boolean, null, or an array of
 * them), {@code properties}, {@code required}, {@code additionalProperties} (false, true or a schema), {@code items},
 * {@code minItems}, {@code maxItems}, {@code enum}, {@code const}, {@code anyOf}, {@code oneOf} (as anyOf),
 * single-branch {@code allOf}, local {@code $ref} (recursion included) and OpenAPI {@code nullable}. An object with
 * declared properties only generates those (in any order, each at most once). Other validation keywords (pattern,
 * minLength, minimum, format, ...) are ignored; see {@link SchemaCompiler}.
 *
 * <p>How a mask is computed: the state is a small set of configurations of a byte-level pushdown automaton
 * ({@link JsonPda}); the tokens are walked as a trie ({@link TokenTrie}) so that a shared prefix is stepped once
 * and a rejected prefix prunes its whole subtree. Inside a string, where nearly every token is allowed, the mask
 * starts from the precomputed plain-string class and only the remaining tokens are walked. The automaton never
 * accepts a prefix it cannot complete, so a sequence that follows the masks always reaches a complete document;
 * end-of-generation tokens are allowed exactly when it is complete. Whitespace between tokens is limited to short
 * runs and numbers to {@value NumberLexer#MAX_LENGTH} bytes, so the model cannot stall on filler.
 *
 * <p>Not thread-safe; the {@link TokenVocabulary} and the compiled schema are shared and immutable, so
 * {@link #fresh()} gives further sequences cheaply. The mask loop allocates nothing.
 */
public final class JsonConstraint {
    private static final int MAX_CONFIGS = 32;
    private static final int INITIAL_POOL = 1024;

    private final Grammar grammar;
    private final TokenVocabulary vocabulary;
    private final StackPool pool = new StackPool(INITIAL_POOL);
    private final StackPool spare = new StackPool(INITIAL_POOL);
    private final JsonPda pda;
    private final ConfigSink sink = new ConfigSink();
    private final int[][] levels;
    private final int[] levelCount;
    private final int[] levelTop;
    private final int[] endScratch = new int[MAX_CONFIGS];
    private final int[] commitScratch = new int[MAX_CONFIGS];
    private final int[] configs = new int[MAX_CONFIGS];
    private final long[] scratchMask;
    private int configCount;
    private int[] memo = new int[INITIAL_POOL];
    private boolean finished;

    private JsonConstraint(Grammar grammar, TokenVocabulary vocabulary) {
        this.grammar = grammar;
        this.vocabulary = vocabulary;
        this.pda = new JsonPda(grammar, pool);
        int depth = vocabulary.trie().maxDepth() + 1;
        this.levels = new int[depth][MAX_CONFIGS];
        this.levelCount = new int[depth];
        this.levelTop = new int[depth];
        this.scratchMask = new long[TokenVocabulary.words(vocabulary.size())];
        configs[0] = pda.initial();
        configCount = 1;
    }

    /**
     * A constraint for one sequence.
     *
     * @param schema a JSON Schema, or {@code null} for any JSON object (the {@code json_object} response format)
     * @throws UnsupportedSchemaException if the schema cannot be enforced
     */
    public static JsonConstraint forSchema(JsonNode schema, TokenVocabulary vocabulary) {
        return new JsonConstraint(SchemaCompiler.compile(schema), vocabulary);
    }

    /** A constraint in the initial state for another sequence, sharing the compiled schema and the vocabulary. */
    public JsonConstraint fresh() {
        return new JsonConstraint(grammar, vocabulary);
    }

    /**
     * Writes the allowed tokens as a bit set: bit {@code id % 64} of {@code words[id / 64]}. Words past the
     * vocabulary are left alone; after an accepted end token nothing is allowed.
     */
    public void mask(long[] words) {
        mask(words, true);
    }

    /** The mask, optionally without the string fast path (tests compare both; the result must be the same). */
    void mask(long[] words, boolean fastPath) {
        int count = TokenVocabulary.words(vocabulary.size());
        if (words.length < count) {
            throw new IllegalArgumentException("mask needs " + count + " words, got " + words.length);
        }
        Arrays.fill(words, 0, count, 0L);
        if (finished) {
            return;
        }
        if (fastPath && allInPlainString()) {
            System.arraycopy(vocabulary.plainStringTokens(), 0, words, 0, count);
            walk(vocabulary.nonPlainTrie(), words);
        } else {
            walk(vocabulary.trie(), words);
        }
        if (endAllowed()) {
            long[] ends = vocabulary.endTokens();
            for (int i = 0; i < count; i++) {
                words[i] |= ends[i];
            }
        }
    }

    /** {@link #mask(long[])} into a fresh {@link BitSet}; allocates, so prefer the word form in decoding loops. */
    public BitSet mask() {
        mask(scratchMask);
        return BitSet.valueOf(scratchMask);
    }

    /** {@link #mask(long[])} into {@code allowed}, which is cleared first. */
    public void mask(BitSet allowed) {
        mask(scratchMask);
        allowed.clear();
        for (int w = 0; w < scratchMask.length; w++) {
            for (long bits = scratchMask[w]; bits != 0; bits &= bits - 1) {
                allowed.set(w << 6 | Long.numberOfTrailingZeros(bits));
            }
        }
    }

    /** Sets the logits of disallowed tokens (and of ids past the vocabulary) to negative infinity. */
    public void maskLogits(float[] logits) {
        mask(scratchMask);
        int size = Math.min(logits.length, vocabulary.size());
        for (int id = 0; id < size; id++) {
            if ((scratchMask[id >>> 6] & 1L << id) == 0) {
                logits[id] = Float.NEGATIVE_INFINITY;
            }
        }
        Arrays.fill(logits, size, logits.length, Float.NEGATIVE_INFINITY);
    }

    /**
     * Whether token {@code id} may come next. Cheaper than a full mask when only the sampled token is checked (the
     * sampler can draw unconstrained first and fall back to the mask only when this fails).
     */
    public boolean allows(int id) {
        if (finished || id < 0 || id >= vocabulary.size()) {
            return false;
        }
        byte[] piece = vocabulary.piece(id);
        if (piece == null) {
            return vocabulary.isEndToken(id) && endAllowed();
        }
        int mark = pool.top();
        boolean alive = run(piece) > 0;
        pool.reset(mark);
        return alive;
    }

    /**
     * Advances the state by token {@code id}.
     *
     * @throws IllegalStateException if the token is not allowed; the state is then unchanged
     */
    public void accept(int id) {
        if (!allows(id)) {
            throw new IllegalStateException("token " + id + " is not allowed here");
        }
        byte[] piece = vocabulary.piece(id);
        if (piece == null) {
            finished = true;
            return;
        }
        run(piece);
        commit(levels[piece.length], levelCount[piece.length]);
    }

    /** Whether the text so far is a complete document (an end token may follow, or one was accepted). */
    public boolean isComplete() {
        return finished || endAllowed();
    }

    /** Whether an end-of-generation token is allowed now. */
    public boolean allowsEos() {
        return !finished && endAllowed();
    }

    /**
     * Whether the document is complete and nothing but trailing whitespace could follow: generation may stop here
     * without waiting for the model's end token. (A top-level number is complete but could still grow.)
     */
    public boolean mustEnd() {
        if (finished) {
            return true;
        }
        for (int k = 0; k < configCount; k++) {
            if (!pda.isDone(configs[k])) {
                return false;
            }
        }
        return true;
    }

    /** Whether an end-of-generation token has been accepted. */
    public boolean isFinished() {
        return finished;
    }

    /** Steps the committed configurations through {@code bytes}; level {@code d} then holds the result after d bytes. */
    private int run(byte[] bytes) {
        System.arraycopy(configs, 0, levels[0], 0, configCount);
        levelCount[0] = configCount;
        for (int d = 1; d <= bytes.length; d++) {
            sink.reset(levels[d]);
            int[] from = levels[d - 1];
            for (int k = 0, count = levelCount[d - 1]; k < count; k++) {
                pda.step(from[k], bytes[d - 1] & 0xFF, sink);
            }
            levelCount[d] = sink.size;
            if (sink.size == 0) {
                return 0;
            }
        }
        return levelCount[bytes.length];
    }

    /** Marks every token of {@code trie} whose bytes leave some configuration alive. */
    private void walk(TokenTrie trie, long[] words) {
        int base = pool.top();
        System.arraycopy(configs, 0, levels[0], 0, configCount);
        levelCount[0] = configCount;
        levelTop[0] = base;
        int size = trie.size();
        int i = 0;
        while (i < size) {
            int depth = trie.depth(i);
            pool.reset(levelTop[depth - 1]);
            sink.reset(levels[depth]);
            int b = trie.label(i);
            int[] from = levels[depth - 1];
            for (int k = 0, count = levelCount[depth - 1]; k < count; k++) {
                pda.step(from[k], b, sink);
            }
            if (sink.size == 0) {
                i = trie.skip(i);
                continue;
            }
            levelCount[depth] = sink.size;
            levelTop[depth] = pool.top();
            for (int t = trie.tokenStart(i), end = trie.tokenStart(i + 1); t < end; t++) {
                int id = trie.token(t);
                words[id >>> 6] |= 1L << id;
            }
            i++;
        }
        pool.reset(base);
    }

    /** Whether every configuration is inside a string at a character boundary: then plain tokens are all allowed. */
    private boolean allInPlainString() {
        for (int k = 0; k < configCount; k++) {
            if (!pda.inPlainString(configs[k])) {
                return false;
            }
        }
        return true;
    }

    private boolean endAllowed() {
        int mark = pool.top();
        sink.reset(endScratch);
        for (int k = 0; k < configCount && sink.size == 0; k++) {
            pda.step(configs[k], JsonPda.END, sink);
        }
        pool.reset(mark);
        return sink.size > 0;
    }

    /**
     * Makes {@code next} the committed configurations and compacts the pool: their stacks are copied out to the
     * spare pool (dropping duplicates) and back to the bottom of this one, so the pool does not grow with the text.
     */
    private void commit(int[] next, int count) {
        int keptCount = 0;
        spare.reset(0);
        clearMemo(pool.top());
        int[] copied = commitScratch;
        for (int k = 0; k < count; k++) {
            int copy = spare.copyFrom(pool, next[k], memo);
            boolean duplicate = false;
            for (int j = 0; j < keptCount && !duplicate; j++) {
                duplicate = spare.sameStack(copied[j], copy);
            }
            if (!duplicate) {
                copied[keptCount++] = copy;
            }
        }
        pool.reset(0);
        clearMemo(spare.top());
        for (int k = 0; k < keptCount; k++) {
            configs[k] = pool.copyFrom(spare, copied[k], memo);
        }
        configCount = keptCount;
    }

    private void clearMemo(int size) {
        if (memo.length < size) {
            memo = new int[Math.max(size, memo.length * 2)];
        }
        Arrays.fill(memo, 0, size, -1);
    }

    @Override
    public String toString() {
        return "JsonConstraint[" + configCount + " configurations, complete=" + isComplete() + ", finished="
                + finished + "]";
    }
}
