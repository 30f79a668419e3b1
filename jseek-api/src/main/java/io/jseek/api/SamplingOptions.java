package io.jseek.api;

import io.jseek.model.SamplerParams;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sampler settings as OpenAI-style APIs and the frameworks (LangChain4j, Spring AI) give them; null means the
 * default. Where a setting is left open, DeepSeek's recommendations for R1 apply (temperature 0.6, top-p 0.95) on
 * llama.cpp's other defaults (top-k 40, min-p 0.05); temperature 0 is greedy. Frequency and presence penalties look
 * at the recent {@value #PENALTY_WINDOW} tokens, as llama.cpp's do; no seed means a random one.
 *
 * @param temperature 0..2
 * @param topP (0, 1]
 * @param topK at least 1
 * @param frequencyPenalty -2..2
 * @param presencePenalty -2..2
 * @param seed for reproducible sampling
 */
public record SamplingOptions(Double temperature, Double topP, Integer topK, Double frequencyPenalty,
                              Double presencePenalty, Long seed) {
    public static final SamplingOptions DEFAULTS = new SamplingOptions(null, null, null, null, null, null);
    static final float TEMPERATURE = 0.6f;
    static final float TOP_P = 0.95f;
    static final int PENALTY_WINDOW = 64;

    /** The settings of {@code this}, each one that is null taken from {@code defaults}. */
    public SamplingOptions orElse(SamplingOptions defaults) {
        return new SamplingOptions(temperature != null ? temperature : defaults.temperature,
                topP != null ? topP : defaults.topP, topK != null ? topK : defaults.topK,
                frequencyPenalty != null ? frequencyPenalty : defaults.frequencyPenalty,
                presencePenalty != null ? presencePenalty : defaults.presencePenalty,
                seed != null ? seed : defaults.seed);
    }

    /** The sampler's parameters, with the defaults filled in. */
    public SamplerParams toSamplerParams() {
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        SamplerParams p = SamplerParams.defaults(s)
                .withTemperature(temperature != null ? temperature.floatValue() : TEMPERATURE)
                .withTopP(topP != null ? topP.floatValue() : TOP_P)
                .withPenalties(1f, frequencyPenalty != null ? frequencyPenalty.floatValue() : 0f,
                        presencePenalty != null ? presencePenalty.floatValue() : 0f, PENALTY_WINDOW);
        return topK != null ? p.withTopK(topK) : p;
    }
}
