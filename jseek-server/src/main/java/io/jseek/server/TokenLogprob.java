package io.jseek.server;

import java.util.List;

/**
 * The log-probability of one generated token and its most likely alternatives.
 *
 * @param token the token's text
 * @param logprob natural-log probability
 * @param top the most likely tokens at that position (as many as {@code top_logprobs} asked), most likely first
 */
public record TokenLogprob(String token, double logprob, List<Alternative> top) {
    public TokenLogprob {
        top = List.copyOf(top);
    }

    /** One alternative at a position. */
    public record Alternative(String token, double logprob) {
    }
}
