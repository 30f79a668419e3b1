package io.jseek.engine;

import io.jseek.model.SamplerParams;
import java.util.Arrays;
import java.util.Set;

/**
 * A completion request as the engine sees it: token ids in, token ids out (templating, detokenization and stop
 * strings are the server's; it calls {@link Engine#stop} when a stop string matches).
 *
 * @param prompt the prompt's token ids
 * @param maxTokens completion tokens at most; 0 or less means up to the context length
 * @param sampling sampler settings (one {@link io.jseek.model.Sampler} per request)
 * @param stopTokens sampling one of these ends the request with {@link FinishReason#STOP} (the token is not emitted)
 */
public record Request(int[] prompt, int maxTokens, SamplerParams sampling, Set<Integer> stopTokens) {
    public Request {
        prompt = prompt.clone();
        stopTokens = Set.copyOf(stopTokens);
    }

    @Override
    public int[] prompt() {
        return prompt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Request r && Arrays.equals(r.prompt, prompt) && r.maxTokens == maxTokens
                && r.sampling.equals(sampling) && r.stopTokens.equals(stopTokens);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(prompt) + maxTokens;
    }

    @Override
    public String toString() {
        return "Request[prompt=" + prompt.length + " tokens, maxTokens=" + maxTokens + ", stopTokens=" + stopTokens
                + "]";
    }
}
