package io.jseek.spark;

import io.jseek.api.ChatOptions;
import io.jseek.api.GenerateOptions;
import io.jseek.api.SamplingOptions;
import java.io.Serializable;
import java.util.Objects;

/**
 * What each executor needs to answer prompts; shipped with the tasks.
 *
 * @param model a GGUF path that exists on every executor (or a shared filesystem), or a model name already in each
 *     executor's jseek cache (executors never download)
 * @param threads compute threads per executor JVM; 0 = all its processors
 * @param contextLength KV cache positions; 0 = the model's, capped at 4096
 * @param systemPrompt a system message before each prompt, or null
 * @param maxTokens the most tokens per answer, reasoning included
 * @param temperature 0 = greedy (the default: a batch job should be reproducible)
 * @param seed the sampler seed when the temperature is above 0
 */
record CompletionSettings(String model, int threads, int contextLength, String systemPrompt, int maxTokens,
                          double temperature, long seed) implements Serializable {

    CompletionSettings {
        Objects.requireNonNull(model, "model");
    }

    ChatOptions chatOptions() {
        SamplingOptions s = new SamplingOptions(temperature, null, null, null, null, seed);
        return ChatOptions.of(GenerateOptions.greedy().withSampling(s.toSamplerParams()).withMaxTokens(maxTokens));
    }
}
