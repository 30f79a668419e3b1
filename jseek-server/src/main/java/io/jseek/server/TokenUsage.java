package io.jseek.server;

/**
 * Token accounting of one request as DeepSeek reports it.
 *
 * @param promptTokens tokens in the prompt
 * @param completionTokens tokens generated, the chain of thought included
 * @param cacheHitTokens prompt tokens served from the prefix cache
 * @param cacheMissTokens prompt tokens computed
 * @param reasoningTokens completion tokens that were chain of thought
 */
public record TokenUsage(int promptTokens, int completionTokens, int cacheHitTokens, int cacheMissTokens,
                         int reasoningTokens) {
    public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0, 0);

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
