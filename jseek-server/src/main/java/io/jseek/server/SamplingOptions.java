package io.jseek.server;

/**
 * Sampler settings from the request; null means the model's default. While thinking, DeepSeek ignores temperature,
 * top-p and the penalties; a backend may do the same.
 *
 * @param temperature 0..2
 * @param topP (0, 1]
 * @param frequencyPenalty -2..2
 * @param presencePenalty -2..2
 * @param seed for reproducible sampling
 */
public record SamplingOptions(Double temperature, Double topP, Double frequencyPenalty, Double presencePenalty,
                              Long seed) {
    public static final SamplingOptions DEFAULTS = new SamplingOptions(null, null, null, null, null);
}
