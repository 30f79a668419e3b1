package io.jseek.engine;

import java.util.Arrays;

/**
 * One request's tokens and scheduling state, owned by the engine thread (the scheduler and the block manager mutate
 * it; everything else reads it under the engine's lock).
 *
 * <p>Invariant of the KV bookkeeping: {@code computedTokens} tokens have KV in the blocks of {@code blockTable}. A
 * decoding sequence always has exactly {@code length() - 1} computed tokens: the last token is the one just sampled,
 * and the next step feeds it. Prefill (first admission or recompute after preemption) computes
 * {@code [computedTokens, length())} in chunks; the chunk that reaches {@code length()} samples the next token.
 *
 * <p>{@code blockHashes} holds the chained hashes of the leading full blocks whose KV is computed, so that hashing
 * the next block needs only its parent's hash.
 */
public final class Sequence {
    private final long id;
    private final int promptLength;
    private final int maxCompletionTokens;
    private int[] tokens;
    private int length;
    private SequenceState state = SequenceState.WAITING;
    private FinishReason finishReason;
    private int computedTokens;
    private int[] blockTable = new int[4];
    private int blockCount;
    private long[] blockHashes = new long[4];
    private int hashedBlocks;
    private int cacheHitTokens = -1;

    /**
     * @param id unique within the engine
     * @param prompt at least one token
     * @param maxCompletionTokens the completion stops ({@link FinishReason#LENGTH}) after this many tokens
     */
    public Sequence(long id, int[] prompt, int maxCompletionTokens) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("a prompt needs at least one token");
        }
        if (maxCompletionTokens < 1) {
            throw new IllegalArgumentException("maxCompletionTokens must be positive, got " + maxCompletionTokens);
        }
        this.id = id;
        this.promptLength = prompt.length;
        this.maxCompletionTokens = maxCompletionTokens;
        this.tokens = Arrays.copyOf(prompt, prompt.length + Math.min(maxCompletionTokens, 256));
        this.length = prompt.length;
    }

    public long id() {
        return id;
    }

    public SequenceState state() {
        return state;
    }

    /** The reason once {@link SequenceState#FINISHED}, else null. */
    public FinishReason finishReason() {
        return finishReason;
    }

    public boolean isFinished() {
        return state == SequenceState.FINISHED;
    }

    /** Prompt plus generated tokens. */
    public int length() {
        return length;
    }

    public int promptLength() {
        return promptLength;
    }

    public int completionLength() {
        return length - promptLength;
    }

    public int maxCompletionTokens() {
        return maxCompletionTokens;
    }

    public int token(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException(i);
        }
        return tokens[i];
    }

    /** A copy of tokens {@code [from, to)}. */
    public int[] tokens(int from, int to) {
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + length);
        }
        return Arrays.copyOfRange(tokens, from, to);
    }

    /** The backing token array (valid up to {@link #length()}), for the sampler's penalty window; do not modify. */
    int[] tokenArray() {
        return tokens;
    }

    /** Tokens whose KV is in this sequence's blocks. */
    public int computedTokens() {
        return computedTokens;
    }

    /** Prompt tokens served from the prefix cache at first admission; -1 before it. */
    public int cacheHitTokens() {
        return cacheHitTokens;
    }

    public int blockCount() {
        return blockCount;
    }

    public int block(int i) {
        if (i < 0 || i >= blockCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return blockTable[i];
    }

    /** A copy of the block table: block {@code i} holds positions {@code [i * blockSize, (i + 1) * blockSize)}. */
    public int[] blockTable() {
        return Arrays.copyOf(blockTable, blockCount);
    }

    /** Computed full blocks whose chained hash is known. */
    int hashedBlocks() {
        return hashedBlocks;
    }

    long blockHash(int i) {
        if (i < 0 || i >= hashedBlocks) {
            throw new IndexOutOfBoundsException(i);
        }
        return blockHashes[i];
    }

    void addBlock(int block) {
        if (blockCount == blockTable.length) {
            blockTable = Arrays.copyOf(blockTable, blockCount * 2);
        }
        blockTable[blockCount++] = block;
    }

    void addBlockHash(long hash) {
        if (hashedBlocks == blockHashes.length) {
            blockHashes = Arrays.copyOf(blockHashes, hashedBlocks * 2);
        }
        blockHashes[hashedBlocks++] = hash;
    }

    /** Forgets blocks, hashes and computed KV (after the block manager released them). */
    void clearBlocks() {
        blockCount = 0;
        hashedBlocks = 0;
        computedTokens = 0;
    }

    void setComputedTokens(int n) {
        if (n < 0 || n > length) {
            throw new IllegalArgumentException("computed tokens " + n + " outside [0, " + length + "]");
        }
        computedTokens = n;
    }

    /** Records the first admission's prefix-cache hit; later admissions (recompute) do not change usage. */
    boolean recordCacheHit(int tokens) {
        if (cacheHitTokens >= 0) {
            return false;
        }
        cacheHitTokens = Math.min(tokens, promptLength);
        return true;
    }

    void appendToken(int token) {
        if (state != SequenceState.DECODING) {
            throw new IllegalStateException("sequence " + id + " appends a token while " + state);
        }
        if (completionLength() >= maxCompletionTokens) {
            throw new IllegalStateException("sequence " + id + " is past its " + maxCompletionTokens + " tokens");
        }
        if (length == tokens.length) {
            long cap = Math.min(2L * tokens.length, (long) promptLength + maxCompletionTokens);
            tokens = Arrays.copyOf(tokens, (int) Math.min(cap, Integer.MAX_VALUE - 8));
        }
        tokens[length++] = token;
    }

    void moveTo(SequenceState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("sequence " + id + ": illegal transition " + state + " -> " + next);
        }
        state = next;
    }

    void finish(FinishReason reason) {
        moveTo(SequenceState.FINISHED);
        finishReason = reason;
    }

    @Override
    public String toString() {
        return "Sequence[" + id + ", " + state + ", tokens=" + length + ", computed=" + computedTokens
                + ", blocks=" + blockCount + "]";
    }
}
