package io.jseek.server;

import io.jseek.api.SamplingOptions;
import io.jseek.text.json.ResponseFormat;
import java.util.List;
import java.util.Objects;

/**
 * One generation as the server hands it to a {@link CompletionBackend}: validated, free of HTTP and JSON syntax.
 *
 * @param prompt a conversation or a raw text (with an optional FIM suffix)
 * @param sampling sampler settings; null fields mean the model's defaults
 * @param maxTokens completion tokens at most, the chain of thought included; 0 means up to the context length
 * @param stop stop strings; the server cuts the answer at them and cancels (a backend may also use them to stop
 *     earlier, never to cut text differently)
 * @param logprobs whether {@link GenerationSink#onText} should carry log-probabilities
 * @param topLogprobs alternatives per position when {@code logprobs} (0..20)
 * @param responseFormat the answer's required shape; constrained decoding belongs to the backend
 */
public record GenerationRequest(Prompt prompt, SamplingOptions sampling, int maxTokens, List<String> stop,
                                boolean logprobs, int topLogprobs, ResponseFormat responseFormat) {
    public GenerationRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(responseFormat, "responseFormat");
        stop = List.copyOf(stop);
    }
}
