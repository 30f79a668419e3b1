package io.jseek.text.stream;

import io.jseek.model.TokenLogprob;
import io.jseek.tokenizer.Tokenizer;
import java.util.List;

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

    /** Each of {@code ts} with its text, in order. */
    public static List<TopLogprob> all(Tokenizer tokenizer, List<TokenLogprob> ts) {
        return ts.stream().map(t -> of(tokenizer, t.token(), t.logprob())).toList();
    }

    /** Token {@code id} with its text, decoded on its own. */
    public static TopLogprob of(Tokenizer tokenizer, int id, float logprob) {
        return new TopLogprob(id, tokenizer.decode(new int[] {id}, true), logprob);
    }
}
