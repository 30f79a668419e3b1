package io.jseek.model;

/**
 * The forward step of a {@link Model}, batched over a paged KV cache: the tokens of several sequences (prefill
 * chunks and single-token decodes mixed) go through ONE forward pass, in which every weight matrix is read once and
 * multiplied with all the tokens' activation rows ({@code FloatTensor.matMul}). Per-token work (RoPE, cache writes,
 * attention) runs per row, attention over each sequence's own blocks.
 *
 * <p>A decode step is a batch of one token. The result for a
 * sequence equals feeding the same tokens one by one up to float summation order: same ops, same F16 rounding of
 * cached values.
 */
public interface PagedModel extends Model {
    /** Floats the paged cache holds per position in {@code layer}. */
    int kvWidth(int layer);

    /** What cached values are rounded through (part of the cache format). */
    KvCacheType kvCacheType();

    /** Buffers for steps of up to {@code maxTokens} tokens over sequences of up to {@code maxContext} positions. */
    BatchState newBatchState(int maxTokens, int maxContext);

    /**
     * Runs {@code batch}: writes the KV row of every token into {@code kv} through its sequence's block table, then
     * attends each token over positions {@code 0..pos} of its sequence, and fills the batch's logits for the entries
     * that asked for them. KV rows of earlier positions must already be in {@code kv}.
     */
    void forward(BatchState state, Batch batch, KvPages kv);
}
