package io.jseek.text.stream;

import io.jseek.model.TokenLogprob;
import io.jseek.tokenizer.Tokenizer;

/**
 * A token with its text and its log-probability from the raw distribution (softmax of the model's logits before
 * bias, penalties and truncation): the sampled token or one of the most likely at a generated position, as OpenAI's
 * {@code top_logprobs} report them.
 *
 * @param id the token id
 * @param token its text (control tokens rendered; a lone piece of a multi-byte character shows as U+FFFD)
 * @param logprob natural-log probability
 */
public record TopLogprob(int id, String token, float logprob) {

    /** {@code t} with its text, the token decoded on its own. */
    public static TopLogprob of(Tokenizer tokenizer, TokenLogprob t) {
        return of(tokenizer, t.token(), t.logprob());
    }

    /** Token {@code id} with its text, decoded on its own. */
    public static TopLogprob of(Tokenizer tokenizer, int id, float logprob) {
        return new TopLogprob(id, tokenizer.decode(new int[] {id}, true), logprob);
    }
}
