package io.jseek.engine;

/**
 * Token accounting of one request, as OpenAI/DeepSeek report it.
 *
 * @param promptTokens tokens in the prompt
 * @param cacheHitTokens prompt tokens whose KV came from the prefix cache (RAM or disk) at first admission
 * @param cacheMissTokens prompt tokens that had to be computed ({@code promptTokens - cacheHitTokens})
 * @param completionTokens tokens emitted to the client (a sampled stop token is not emitted and not counted)
 */
public record Usage(int promptTokens, int cacheHitTokens, int cacheMissTokens, int completionTokens) {
    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
