package io.jseek.engine;

import io.jseek.model.Sampler;
import io.jseek.model.TokenLogprob;
import java.util.List;

/**
 * One request's log-probabilities of the raw distribution (softmax of the model's logits, before the logits
 * processor and the sampler's transforms). {@link #capture} runs before the processor edits the logits in place;
 * when there is a processor the raw logits are copied into scratch allocated once per request, so the sampled
 * token's logprob is still the raw one afterwards.
 */
final class RawLogprobs {
    private final int top;
    private final float[] raw;
    private double logSum;
    private List<TokenLogprob> alternatives = List.of();

    /**
     * @param top alternatives per token, 0 to {@link Request#MAX_TOP_LOGPROBS}
     * @param vocab the logits' length
     * @param copy whether the logits will be edited between {@link #capture} and {@link #sampled}
     */
    RawLogprobs(int top, int vocab, boolean copy) {
        this.top = top;
        this.raw = copy ? new float[vocab] : null;
    }

    /** Records the normaliser and the top alternatives of {@code logits}, untouched so far. */
    void capture(float[] logits) {
        if (raw != null) {
            System.arraycopy(logits, 0, raw, 0, raw.length);
        }
        logSum = Sampler.logSumExp(logits);
        alternatives = top > 0 ? List.of(Sampler.topLogprobs(logits, top)) : List.of();
    }

    /** The raw logprob of {@code token}; {@code logits} are the ones passed to {@link #capture}, maybe edited since. */
    float sampled(int token, float[] logits) {
        float[] source = raw != null ? raw : logits;
        return (float) (source[token] - logSum);
    }

    /** The top alternatives of the last {@link #capture}, most likely first. */
    List<TokenLogprob> alternatives() {
        return alternatives;
    }
}
