package io.jseek.api;

import io.jseek.engine.FinishReason;
import io.jseek.text.stream.TopLogprob;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one generation.
 *
 * @param promptTokens the prompt's token ids, BOS included when the model adds one
 * @param tokens the generated token ids (an end-of-generation token is not included)
 * @param text the generated text, without a stop string and what followed it
 * @param finishReason why it ended
 * @param timings prefill and decode speed
 * @param topLogprobs when asked for, one list per generated token of the most likely tokens at that position,
 *     most likely first; empty otherwise
 */
public record Generation(int[] promptTokens, int[] tokens, String text, FinishReason finishReason, Timings timings,
                         List<List<TopLogprob>> topLogprobs) {

    public Generation {
        promptTokens = promptTokens.clone();
        tokens = tokens.clone();
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(timings, "timings");
        topLogprobs = topLogprobs.stream().map(List::copyOf).toList();
    }

    @Override
    public int[] promptTokens() {
        return promptTokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }
}
