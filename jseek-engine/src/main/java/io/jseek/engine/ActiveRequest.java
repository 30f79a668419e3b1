package io.jseek.engine;

import io.jseek.model.Sampler;
import java.util.Set;

/**
 * The engine's per-request state besides the {@link Sequence}: how to sample, when to stop, where events go.
 *
 * @param processor the request's logits processor, or null
 * @param logprobs the raw-distribution bookkeeping when the request asked for logprobs, else null
 */
record ActiveRequest(Sequence sequence, Sampler sampler, Set<Integer> stopTokens, EventSink sink,
                     LogitsProcessor processor, RawLogprobs logprobs) {
}
