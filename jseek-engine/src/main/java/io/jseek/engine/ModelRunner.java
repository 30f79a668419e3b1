package io.jseek.engine;

import java.util.Map;

/**
 * Executes a {@link StepPlan} against the paged KV cache: for every prefill chunk and decode, run the model over the
 * given tokens at the given positions, writing their KV rows into the sequence's blocks (row {@code p % blockSize} of
 * {@code blockTable[p / blockSize]}) and attending over positions {@code [0, p]} read through the same table.
 *
 * <p>Called from the engine thread only, one step at a time. The KV of positions before a chunk is already in the
 * blocks (computed by earlier steps, by another sequence sharing the prefix, or loaded from the disk tier).
 */
public interface ModelRunner {
    /** Vocabulary size: the length of every logits array. */
    int vocabSize();

    /**
     * Runs one batched step.
     *
     * @return the next-token logits ({@link #vocabSize()} floats) keyed by sequence id, for every decode and every
     *     prefill chunk with {@link PrefillChunk#samples()}; the engine reads them before the next call, and
     *     may overwrite them in place (a request's {@link LogitsProcessor} masks them), so return fresh or
     *     scratch arrays, never ones the runner reads again
     */
    Map<Long, float[]> execute(StepPlan plan);
}
