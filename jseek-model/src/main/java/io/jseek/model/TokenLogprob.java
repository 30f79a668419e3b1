package io.jseek.model;

/** A token and its natural-log probability. */
public record TokenLogprob(int token, float logprob) {
}
