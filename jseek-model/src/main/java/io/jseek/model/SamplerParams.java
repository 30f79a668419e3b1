package io.jseek.model;

import java.util.Map;

/**
 * Sampling settings, applied in llama.cpp's order: logit bias, penalties, top-k, top-p, min-p, temperature, then a
 * seeded draw. {@code temperature <= 0} means greedy (argmax after bias and penalties).
 *
 * @param temperature softmax temperature; 0 or less = greedy
 * @param topK keep the k most likely tokens; 0 or less = all
 * @param topP keep the smallest prefix whose probability reaches p; 1 = off
 * @param minP drop tokens below {@code minP * p_max}; 0 = off
 * @param repeatPenalty llama.cpp/CTRL penalty: positive logits divided, negative multiplied; 1 = off
 * @param frequencyPenalty subtracted once per occurrence in the window; 0 = off
 * @param presencePenalty subtracted once if present in the window; 0 = off
 * @param penaltyLastN how many recent tokens the penalties look at; 0 = off, -1 = the whole history
 * @param logitBias token id to value added to its logit ({@code Float.NEGATIVE_INFINITY} bans it)
 * @param seed random seed; the same seed, settings and logits give the same tokens
 */
public record SamplerParams(float temperature, int topK, float topP, float minP, float repeatPenalty,
                            float frequencyPenalty, float presencePenalty, int penaltyLastN,
                            Map<Integer, Float> logitBias, long seed) {

    public SamplerParams {
        logitBias = Map.copyOf(logitBias);
        if (topP <= 0f || topP > 1f) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        if (minP < 0f || minP > 1f) {
            throw new IllegalArgumentException("minP must be in [0, 1], got " + minP);
        }
        if (repeatPenalty <= 0f) {
            throw new IllegalArgumentException("repeatPenalty must be positive, got " + repeatPenalty);
        }
    }

    /** Argmax, no penalties. */
    public static SamplerParams greedy() {
        return new SamplerParams(0f, 0, 1f, 0f, 1f, 0f, 0f, 64, Map.of(), 0L);
    }

    /** llama.cpp's defaults: temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, no penalties. */
    public static SamplerParams defaults(long seed) {
        return new SamplerParams(0.8f, 40, 0.95f, 0.05f, 1f, 0f, 0f, 64, Map.of(), seed);
    }

    public SamplerParams withTemperature(float t) {
        return new SamplerParams(t, topK, topP, minP, repeatPenalty, frequencyPenalty, presencePenalty,
                penaltyLastN, logitBias, seed);
    }

    public SamplerParams withTopK(int k) {
        return new SamplerParams(temperature, k, topP, minP, repeatPenalty, frequencyPenalty, presencePenalty,
                penaltyLastN, logitBias, seed);
    }

    public SamplerParams withTopP(float p) {
        return new SamplerParams(temperature, topK, p, minP, repeatPenalty, frequencyPenalty, presencePenalty,
                penaltyLastN, logitBias, seed);
    }

    public SamplerParams withMinP(float p) {
        return new SamplerParams(temperature, topK, topP, p, repeatPenalty, frequencyPenalty, presencePenalty,
                penaltyLastN, logitBias, seed);
    }

    public SamplerParams withPenalties(float repeat, float frequency, float presence, int lastN) {
        return new SamplerParams(temperature, topK, topP, minP, repeat, frequency, presence, lastN, logitBias, seed);
    }

    public SamplerParams withLogitBias(Map<Integer, Float> bias) {
        return new SamplerParams(temperature, topK, topP, minP, repeatPenalty, frequencyPenalty, presencePenalty,
                penaltyLastN, bias, seed);
    }

    public SamplerParams withSeed(long s) {
        return new SamplerParams(temperature, topK, topP, minP, repeatPenalty, frequencyPenalty, presencePenalty,
                penaltyLastN, logitBias, s);
    }
}
