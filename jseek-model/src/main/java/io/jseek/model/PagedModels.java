package io.jseek.model;

/** Argument checks shared by the {@link PagedModel} implementations. */
public final class PagedModels {
    private PagedModels() {
    }

    /** Fails unless {@code batch} has the model's vocabulary and {@code kv} its row widths. */
    public static void check(PagedModel model, Batch batch, KvPages kv) {
        ModelConfig c = model.config();
        if (batch.vocabSize() != c.vocabSize()) {
            throw new IllegalArgumentException("batch logits of " + batch.vocabSize() + " for a vocabulary of "
                    + c.vocabSize());
        }
        for (int l = 0; l < c.blockCount(); l++) {
            if (kv.width(l) != model.kvWidth(l)) {
                throw new IllegalArgumentException("KV rows of layer " + l + " hold " + kv.width(l)
                        + " floats; the model needs " + model.kvWidth(l));
            }
        }
    }

    /** Fails unless {@code pos} is a position of a context of {@code contextLength}. */
    public static void checkPosition(int pos, int contextLength) {
        if (pos < 0 || pos >= contextLength) {
            throw new IndexOutOfBoundsException("position " + pos + " is outside the context of " + contextLength);
        }
    }

    /**
     * One sequence's prompt through the model's batched step, {@code chunk} tokens at a time, into the sequence's own
     * cache {@code kv} (block table {@code table}), so each weight is read once per chunk instead of once per token.
     * The last token's logits are left in {@code batch.logits()}.
     */
    public static void prefillChunks(PagedModel model, BatchState state, Batch batch, KvPages kv, int[] table,
                                     int contextLength, int chunk, int[] tokens, int startPos) {
        checkPosition(startPos, contextLength);
        checkPosition(startPos + tokens.length - 1, contextLength);
        for (int i = 0; i < tokens.length; i += chunk) {
            int n = Math.min(chunk, tokens.length - i);
            batch.clear();
            batch.add(tokens, i, n, startPos + i, table, i + n == tokens.length);
            model.forward(state, batch, kv);
        }
    }
}
