package io.jseek.text.stream;

import io.jseek.text.stream.TopLogprob;
import java.util.List;

/**
 * The log-probabilities at one generated position: the sampled token's and its most likely alternatives', as
 * OpenAI's {@code logprobs.content} entries carry them.
 *
 * @param sampled the generated token
 * @param top the most likely tokens at that position (as many as {@code top_logprobs} asked), most likely first
 */
public record PositionLogprobs(TopLogprob sampled, List<TopLogprob> top) {
    public PositionLogprobs {
        top = List.copyOf(top);
    }
}
