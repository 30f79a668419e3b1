package io.jseek.engine;

/**
 * A per-request hook around sampling, for constrained decoding (JSON mode, grammars) and logit tweaks the
 * {@link io.jseek.model.Sampler} does not know. For every token of its request the engine calls {@link #process}
 * with the next-token logits, samples from what it left, then calls {@link #accept} with the sampled token.
 *
 * <p>Both run on the engine thread while it holds the engine's lock, once per generated token of every sequence in
 * the batch, so implementations must be fast and allocation-free per token (allocate scratch at construction), and
 * must not block. One instance serves one request: it is stateful and never shared. An exception from either method
 * ends its request with {@link FinishReason#ERROR}; the other requests carry on.
 */
public interface LogitsProcessor {

    /**
     * Edits the logits in place before sampling, typically setting forbidden tokens to negative infinity. At least
     * one token must stay finite. The logits the request reports as logprobs are taken before this call.
     *
     * @param logits the array holding this sequence's logits
     * @param offset where this sequence's logits start in {@code logits}
     * @param vocab how many logits: token {@code id} is at {@code logits[offset + id]}
     */
    void process(float[] logits, int offset, int vocab);

    /** The token sampled from the logits of the last {@link #process} call (an end-of-generation token included). */
    void accept(int token);
}
