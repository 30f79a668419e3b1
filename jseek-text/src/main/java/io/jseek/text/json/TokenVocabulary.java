package io.jseek.text.json;

import io.jseek.tokenizer.TokenType;
import io.jseek.tokenizer.Tokenizer;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The per-tokenizer index that {@link JsonConstraint} masks are computed from: the exact bytes of every token, a
 * {@link TokenTrie} over all of them, and the precomputed string-fast-path classes. Building it costs a fraction of
 * a second for a 150k vocabulary, so {@link #of(Tokenizer)} builds it once per tokenizer and caches it.
 *
 * <p>Which tokens can be generated: normal (byte-level) and user-defined tokens, by their bytes. Control tokens have
 * no byte form and are always masked, except the end-of-generation tokens, which are allowed exactly when the
 * document is complete.
 *
 * <p>String fast path: a "plain" token is one that, read inside a JSON string at a character boundary, neither
 * closes the string nor ends inside an escape or UTF-8 sequence. Such a token is allowed in every such state, so
 * the mask there is a copy of {@link #plainStringTokens} plus a walk over the much smaller trie of the remaining
 * tokens ({@link #nonPlainTrie}).
 *
 * <p>Immutable and safe to share between threads and sequences.
 */
public final class TokenVocabulary {
    private static final Map<Tokenizer, TokenVocabulary> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    private final byte[][] pieces;
    private final long[] endTokens;
    private final long[] plainStringTokens;
    private final TokenTrie trie;
    private final TokenTrie nonPlainTrie;

    private TokenVocabulary(byte[][] pieces, int[] endTokenIds) {
        this.pieces = pieces;
        this.endTokens = new long[words(pieces.length)];
        for (int id : endTokenIds) {
            if (id < 0 || id >= pieces.length) {
                throw new IllegalArgumentException("end token " + id + " outside the vocabulary");
            }
            endTokens[id >>> 6] |= 1L << id;
        }
        this.plainStringTokens = new long[words(pieces.length)];
        for (int id = 0; id < pieces.length; id++) {
            if (pieces[id] != null && isPlainString(pieces[id])) {
                plainStringTokens[id >>> 6] |= 1L << id;
            }
        }
        this.trie = TokenTrie.build(pieces, id -> true);
        this.nonPlainTrie = TokenTrie.build(pieces, id -> (plainStringTokens[id >>> 6] & 1L << id) == 0);
    }

    /** The index of {@code tokenizer}'s vocabulary, built on first use and cached while the tokenizer lives. */
    public static TokenVocabulary of(Tokenizer tokenizer) {
        return CACHE.computeIfAbsent(tokenizer, TokenVocabulary::build);
    }

    /**
     * An index over explicit token bytes, for tokenizers other than {@link Tokenizer} and for tests.
     *
     * @param pieces the bytes of each token id; {@code null} for tokens that must never be generated
     * @param endTokenIds tokens that end generation (EOS, EOT), allowed only when the document is complete
     */
    public static TokenVocabulary of(byte[][] pieces, int[] endTokenIds) {
        byte[][] copy = new byte[pieces.length][];
        for (int i = 0; i < pieces.length; i++) {
            copy[i] = pieces[i] == null ? null : pieces[i].clone();
        }
        return new TokenVocabulary(copy, endTokenIds.clone());
    }

    private static TokenVocabulary build(Tokenizer tokenizer) {
        int size = tokenizer.vocabularySize();
        byte[][] pieces = new byte[size][];
        int ends = 0;
        int[] endIds = new int[size];
        for (int id = 0; id < size; id++) {
            TokenType type = tokenizer.tokenType(id);
            if (type == TokenType.NORMAL || type == TokenType.USER_DEFINED) {
                pieces[id] = tokenizer.tokenBytes(id);
            }
            if (tokenizer.isEndOfGeneration(id)) {
                endIds[ends++] = id;
                pieces[id] = null;
            }
        }
        return new TokenVocabulary(pieces, java.util.Arrays.copyOf(endIds, ends));
    }

    private static boolean isPlainString(byte[] piece) {
        int state = StringLexer.NORMAL;
        for (byte b : piece) {
            state = StringLexer.next(state, b & 0xFF);
            if (state < 0) {
                return false;
            }
        }
        return state == StringLexer.NORMAL && piece.length > 0;
    }

    static int words(int bits) {
        return (bits + 63) >>> 6;
    }

    public int size() {
        return pieces.length;
    }

    /** The bytes of token {@code id}, or {@code null} for tokens without a byte form (shared, not copied: callers must not modify it). */
    byte[] piece(int id) {
        return pieces[id];
    }

    boolean isEndToken(int id) {
        return (endTokens[id >>> 6] & 1L << id) != 0;
    }

    long[] endTokens() {
        return endTokens;
    }

    long[] plainStringTokens() {
        return plainStringTokens;
    }

    TokenTrie trie() {
        return trie;
    }

    TokenTrie nonPlainTrie() {
        return nonPlainTrie;
    }

    /** Number of tokens that the string fast path allows without a walk. */
    int plainStringCount() {
        int count = 0;
        for (long word : plainStringTokens) {
            count += Long.bitCount(word);
        }
        return count;
    }

    @Override
    public String toString() {
        return "TokenVocabulary[" + pieces.length + " tokens, " + trie.size() + " trie nodes, " + plainStringCount()
                + " plain string tokens]";
    }
}
