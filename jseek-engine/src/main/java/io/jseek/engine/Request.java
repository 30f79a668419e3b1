package io.jseek.engine;

import io.jseek.model.SamplerParams;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * A completion request as the engine sees it: token ids in, token ids out (templating, detokenization and stop
 * strings are jseek-text's, above the engine; the Java API calls {@link Engine#stop} when a stop string matches).
 *
 * @param prompt the prompt's token ids
 * @param maxTokens completion tokens at most; 0 or less means up to the context length
 * @param sampling sampler settings (one {@link io.jseek.model.Sampler} per request)
 * @param stopTokens sampling one of these ends the request with {@link FinishReason#STOP} (the token is not emitted)
 * @param logitsProcessor edits each token's logits before sampling (constrained decoding), or null; stateful, so
 *     one per request
 * @param logprobs whether each {@link EngineEvent.Token} carries the sampled token's log-probability
 * @param topLogprobs how many of the most likely tokens each {@link EngineEvent.Token} carries, 0 to
 *     {@value #MAX_TOP_LOGPROBS}
 */
public record Request(int[] prompt, int maxTokens, SamplerParams sampling, Set<Integer> stopTokens,
                      LogitsProcessor logitsProcessor, boolean logprobs, int topLogprobs) {
    /** The most alternatives a request may ask for, as in OpenAI's and DeepSeek's APIs. */
    public static final int MAX_TOP_LOGPROBS = 20;

    public Request {
        prompt = prompt.clone();
        stopTokens = Set.copyOf(stopTokens);
        if (topLogprobs < 0 || topLogprobs > MAX_TOP_LOGPROBS) {
            throw new IllegalArgumentException("topLogprobs must be in [0, " + MAX_TOP_LOGPROBS + "], got "
                    + topLogprobs);
        }
    }

    /** A request without a logits processor and without logprobs. */
    public Request(int[] prompt, int maxTokens, SamplerParams sampling, Set<Integer> stopTokens) {
        this(prompt, maxTokens, sampling, stopTokens, null, false, 0);
    }

    /** This request with {@code processor} around its sampling. */
    public Request withLogitsProcessor(LogitsProcessor processor) {
        return new Request(prompt, maxTokens, sampling, stopTokens, processor, logprobs, topLogprobs);
    }

    /** This request reporting the sampled token's logprob and the {@code top} most likely tokens at each step. */
    public Request withLogprobs(int top) {
        return new Request(prompt, maxTokens, sampling, stopTokens, logitsProcessor, true, top);
    }

    /** Whether tokens carry any log-probability (the sampled token's or alternatives). */
    public boolean wantsLogprobs() {
        return logprobs || topLogprobs > 0;
    }

    @Override
    public int[] prompt() {
        return prompt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Request r && Arrays.equals(r.prompt, prompt) && r.maxTokens == maxTokens
                && r.sampling.equals(sampling) && r.stopTokens.equals(stopTokens)
                && r.logitsProcessor == logitsProcessor && r.logprobs == logprobs && r.topLogprobs == topLogprobs;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(prompt) + maxTokens) + Objects.hashCode(logitsProcessor);
    }

    @Override
    public String toString() {
        return "Request[prompt=" + prompt.length + " tokens, maxTokens=" + maxTokens + ", stopTokens=" + stopTokens
                + (logitsProcessor == null ? "" : ", logitsProcessor=" + logitsProcessor)
                + (wantsLogprobs() ? ", logprobs, top=" + topLogprobs : "") + "]";
    }
}
