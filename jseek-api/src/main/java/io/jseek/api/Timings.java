package io.jseek.api;

/**
 * How long a generation took.
 *
 * @param promptTokens tokens in the prompt
 * @param reusedTokens prompt tokens whose cache entries were kept from the previous generation (not recomputed)
 * @param prefillNanos time to run the rest of the prompt
 * @param generatedTokens tokens generated (an end-of-generation token not counted)
 * @param decodeNanos time from the end of the prefill to the end of the generation
 */
public record Timings(int promptTokens, int reusedTokens, long prefillNanos, int generatedTokens, long decodeNanos) {

    /** Prompt tokens computed per second (0 when none were). */
    public double prefillTokensPerSecond() {
        return rate(promptTokens - reusedTokens, prefillNanos);
    }

    /** Generated tokens per second (0 when none were). */
    public double decodeTokensPerSecond() {
        return rate(generatedTokens, decodeNanos);
    }

    private static double rate(int tokens, long nanos) {
        return tokens <= 0 || nanos <= 0 ? 0 : tokens * 1e9 / nanos;
    }
}
