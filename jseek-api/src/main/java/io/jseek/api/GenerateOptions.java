package io.jseek.api;

import io.jseek.engine.FinishReason;
import io.jseek.model.SamplerParams;
import java.util.List;
import java.util.Objects;

/**
 * What one generation does besides the prompt.
 *
 * @param maxTokens the most tokens to generate (then {@link FinishReason#LENGTH}); at least 1
 * @param sampling temperature, top-k/p, min-p, penalties, logit bias and seed ({@link SamplerParams#greedy()} is
 *     deterministic; any other setting is deterministic for a fixed seed)
 * @param stop strings that end the generation; they are never part of the text, and text that may be the start
 *     of one is held back from the listener until it is known not to be (empty strings are ignored)
 * @param topLogprobs how many of the most likely tokens of the raw distribution to report per generated
 *     position; 0 = none
 */
public record GenerateOptions(int maxTokens, SamplerParams sampling, List<String> stop, int topLogprobs) {
    /** The default token budget. */
    public static final int DEFAULT_MAX_TOKENS = 2048;

    public GenerateOptions {
        Objects.requireNonNull(sampling, "sampling");
        stop = stop == null ? List.of() : stop.stream().filter(s -> !s.isEmpty()).toList();
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        if (topLogprobs < 0) {
            throw new IllegalArgumentException("topLogprobs must not be negative, got " + topLogprobs);
        }
    }

    /**
     * {@value #DEFAULT_MAX_TOKENS} tokens, DeepSeek's recommended sampling for R1 (temperature 0.6, top-p 0.95), the
     * defaults of {@link SamplingOptions}.
     */
    public static GenerateOptions defaults(long seed) {
        SamplingOptions seeded = new SamplingOptions(null, null, null, null, null, seed);
        return new GenerateOptions(DEFAULT_MAX_TOKENS, seeded.toSamplerParams(), List.of(), 0);
    }

    /** Greedy decoding: the same prompt always gives the same tokens. */
    public static GenerateOptions greedy() {
        return new GenerateOptions(DEFAULT_MAX_TOKENS, SamplerParams.greedy(), List.of(), 0);
    }

    public GenerateOptions withMaxTokens(int n) {
        return new GenerateOptions(n, sampling, stop, topLogprobs);
    }

    public GenerateOptions withSampling(SamplerParams s) {
        return new GenerateOptions(maxTokens, s, stop, topLogprobs);
    }

    public GenerateOptions withStop(List<String> s) {
        return new GenerateOptions(maxTokens, sampling, s, topLogprobs);
    }

    public GenerateOptions withTopLogprobs(int k) {
        return new GenerateOptions(maxTokens, sampling, stop, k);
    }
}
