package io.jseek.server.engine;

import io.jseek.model.SamplerParams;
import io.jseek.server.SamplingOptions;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Maps a request's sampler settings onto the engine's {@link SamplerParams}. Where the request leaves a choice,
 * DeepSeek's recommendations for R1 apply (temperature 0.6, top-p 0.95) on llama.cpp's other defaults (top-k 40,
 * min-p 0.05); temperature 0 is greedy. OpenAI's frequency and presence penalties look at the recent 64 tokens, as
 * llama.cpp's do.
 */
final class SamplingMapper {
    private static final float TEMPERATURE = 0.6f;
    private static final float TOP_P = 0.95f;
    private static final int PENALTY_WINDOW = 64;

    private SamplingMapper() {
    }

    static SamplerParams map(SamplingOptions s) {
        long seed = s.seed() != null ? s.seed() : ThreadLocalRandom.current().nextLong();
        return SamplerParams.defaults(seed)
                .withTemperature(s.temperature() != null ? s.temperature().floatValue() : TEMPERATURE)
                .withTopP(s.topP() != null ? s.topP().floatValue() : TOP_P)
                .withPenalties(1f, s.frequencyPenalty() != null ? s.frequencyPenalty().floatValue() : 0f,
                        s.presencePenalty() != null ? s.presencePenalty().floatValue() : 0f, PENALTY_WINDOW);
    }
}
