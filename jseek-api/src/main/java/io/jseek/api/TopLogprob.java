package io.jseek.api;

/**
 * One of the most likely tokens at a generated position, from the raw distribution (softmax of the model's logits
 * before bias, penalties and truncation), as OpenAI's {@code top_logprobs} report it.
 *
 * @param id the token id
 * @param token its text (control tokens rendered; a lone piece of a multi-byte character shows as U+FFFD)
 * @param logprob natural-log probability
 */
public record TopLogprob(int id, String token, float logprob) {
}
