package io.jseek.engine;

import io.jseek.model.TokenLogprob;
import java.util.List;

/** What a request's {@link EventSink} receives: tokens as they are sampled, then exactly one {@link Finished}. */
public sealed interface EngineEvent {
    long requestId();

    /**
     * A sampled token. Log-probabilities are of the raw distribution, the softmax of the model's logits before the
     * request's logits processor, bias, penalties and temperature, as OpenAI-style {@code logprobs} report them.
     *
     * @param index 0 for the first completion token
     * @param logprob the token's natural-log probability when the request asked for logprobs, else NaN
     * @param topLogprobs the request's {@code topLogprobs} most likely tokens, most likely first; empty when none
     *     were asked for
     */
    record Token(long requestId, int token, int index, float logprob, List<TokenLogprob> topLogprobs)
            implements EngineEvent {
        public Token {
            topLogprobs = List.copyOf(topLogprobs);
        }

        /** A token without log-probabilities. */
        public Token(long requestId, int token, int index) {
            this(requestId, token, index, Float.NaN, List.of());
        }

        /** Whether the request asked for log-probabilities. */
        public boolean hasLogprob() {
            return !Float.isNaN(logprob);
        }
    }

    /**
     * The last event of a request.
     *
     * @param error what failed when {@code reason} is {@link FinishReason#ERROR}, else null
     * @param cause the runner's or the loop's exception behind an {@link FinishReason#ERROR}, or null, so that an
     *     in-process caller can rethrow it (a bad setting read at class initialisation, an out-of-memory)
     */
    record Finished(long requestId, FinishReason reason, Usage usage, String error, Throwable cause)
            implements EngineEvent {
    }
}
