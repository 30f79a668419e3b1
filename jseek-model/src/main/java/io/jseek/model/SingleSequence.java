package io.jseek.model;

/**
 * One sequence run on its own through a model's batched step ({@link PagedModel#forward}): a decode step is a batch
 * of one token, a prompt is fed in batches of up to {@value #PREFILL_CHUNK} tokens, both over the sequence's own
 * cache (one {@link HeapKvPages} block spanning the context, its rows allocated as positions are reached). For tests,
 * benchmarks and the single-sequence generator; the engine batches many sequences instead.
 *
 * <p>Positions are fed consecutively from 0; feeding position {@code p} again overwrites the cache from {@code p} on
 * (rewinding). Not thread-safe.
 */
public final class SingleSequence {
    /** Prompt tokens per batched step: enough to amortise reading the weights, activations stay in L2. */
    public static final int PREFILL_CHUNK = 64;

    private static final int[] TABLE = {0};

    private final PagedModel model;
    private final int contextLength;
    private final HeapKvPages kv;
    private final BatchState state;
    private final Batch batch;

    /** A sequence of up to {@code contextLength} positions on {@code model}. */
    public SingleSequence(Model model, int contextLength) {
        if (!(model instanceof PagedModel paged)) {
            throw new IllegalArgumentException("model " + model.getClass().getSimpleName() + " has no batched step");
        }
        if (contextLength < 1) {
            throw new IllegalArgumentException("context length must be positive, got " + contextLength);
        }
        this.model = paged;
        this.contextLength = contextLength;
        int[] widths = new int[model.config().blockCount()];
        for (int l = 0; l < widths.length; l++) {
            widths[l] = paged.kvWidth(l);
        }
        this.kv = HeapKvPages.sequence(contextLength, widths);
        this.state = paged.newBatchState(Math.min(PREFILL_CHUNK, contextLength), contextLength);
        this.batch = new Batch(state.maxTokens(), 1, model.config().vocabSize());
    }

    /** Positions the cache can hold. */
    public int contextLength() {
        return contextLength;
    }

    /** Installs a hook that sees each step's intermediate buffers ({@link Checkpoints#NONE} to remove it). */
    public void setCheckpoints(Checkpoints checkpoints) {
        state.setCheckpoints(checkpoints);
    }

    /**
     * Runs {@code token} at {@code pos} (a batch of one) and returns the logits over the vocabulary: a live buffer,
     * overwritten by the next call.
     */
    public float[] forward(int token, int pos) {
        checkPosition(pos);
        kv.reserve(pos + 1);
        batch.clear();
        batch.add(token, pos, TABLE, true);
        model.forward(state, batch, kv);
        return batch.logits();
    }

    /**
     * Feeds {@code tokens} at positions {@code startPos, startPos + 1, ...}, {@value #PREFILL_CHUNK} per step;
     * returns the logits after the last one (a live buffer, overwritten by the next call).
     */
    public float[] prefill(int[] tokens, int startPos) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("no tokens to feed");
        }
        checkPosition(startPos);
        checkPosition(startPos + tokens.length - 1);
        kv.reserve(startPos + tokens.length);
        int chunk = state.maxTokens();
        for (int i = 0; i < tokens.length; i += chunk) {
            int n = Math.min(chunk, tokens.length - i);
            batch.clear();
            batch.add(tokens, i, n, startPos + i, TABLE, i + n == tokens.length);
            model.forward(state, batch, kv);
        }
        return batch.logits();
    }

    private void checkPosition(int pos) {
        if (pos < 0 || pos >= contextLength) {
            throw new IndexOutOfBoundsException("position " + pos + " is outside the context of " + contextLength);
        }
    }
}
