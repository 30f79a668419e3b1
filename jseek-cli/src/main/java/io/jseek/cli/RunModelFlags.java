package io.jseek.cli;

import io.jseek.api.GenerateOptions;
import io.jseek.api.JseekModel;
import io.jseek.api.LoadOptions;
import io.jseek.model.SamplerParams;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flags {@code run} and {@code chat} share: which model and how to run it ({@link ModelFlags}), the context, and
 * how to sample. A picocli mixin, so
 * both commands spell and document them the same way.
 */
final class RunModelFlags {
    @Mixin
    ModelFlags modelFlags = new ModelFlags();

    @Option(names = "--ctx", paramLabel = "N",
            description = "Context length in tokens, prompt included (default: the model's, at most 4096).")
    int ctx;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "2048",
            description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.6",
            description = "Sampling temperature; 0 = greedy (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "40",
            description = "Keep the K most likely tokens; 0 = all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "0.95",
            description = "Nucleus sampling threshold; 1 = off (default: ${DEFAULT-VALUE}).")
    float topP;

    @Option(names = "--min-p", paramLabel = "P", defaultValue = "0.05",
            description = "Drop tokens below P times the best one's probability (default: ${DEFAULT-VALUE}).")
    float minP;

    @Option(names = "--repeat-penalty", paramLabel = "X", defaultValue = "1.0",
            description = "Penalty for tokens of the last 64; 1 = off (default: ${DEFAULT-VALUE}).")
    float repeatPenalty;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed, for reproducible sampling.")
    Long seed;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop when this text is generated (repeatable).")
    List<String> stop;

    /** Resolves the model (progress of a pull on {@code err}) and loads it. */
    JseekModel load(PrintWriter err) throws IOException {
        Path file = modelFlags.resolve(err);
        return JseekModel.load(file, new LoadOptions(modelFlags.threads.value(), ctx, true, modelFlags.mlock,
                modelFlags.cache.type(), 1));
    }

    /** The most {@code --top-logprobs} per position, as the server's {@code top_logprobs}. */
    static final int MAX_TOP_LOGPROBS = 20;

    /**
     * Checks every flag's range and fails naming the flag, before anything is loaded.
     *
     * @throws IllegalArgumentException the first flag out of range
     */
    void validate() {
        modelFlags.threads.value(); // fails naming --threads when negative
        check(ctx >= 0, "--ctx must be 0 (the model's, at most 4096) or more, got " + ctx);
        check(maxTokens >= 1, "--max-tokens must be at least 1, got " + maxTokens);
        check(temperature >= 0 && Float.isFinite(temperature),
                "--temperature must be 0 (greedy) or more, got " + temperature);
        check(topK >= 0, "--top-k must be 0 (all) or more, got " + topK);
        check(topP > 0 && topP <= 1, "--top-p must be in (0, 1], got " + topP);
        check(minP >= 0 && minP <= 1, "--min-p must be in [0, 1], got " + minP);
        check(repeatPenalty > 0 && Float.isFinite(repeatPenalty),
                "--repeat-penalty must be more than 0 (1 = off), got " + repeatPenalty);
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    GenerateOptions generateOptions(int topLogprobs) {
        validate();
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        SamplerParams sampling = SamplerParams.defaults(s).withTemperature(temperature).withTopK(topK).withTopP(topP)
                .withMinP(minP).withPenalties(repeatPenalty, 0f, 0f, 64);
        return new GenerateOptions(maxTokens, sampling, stop, topLogprobs);
    }
}
