package io.jseek.engine;

import io.jseek.model.Sampler;
import java.util.Set;

/** The engine's per-request state besides the {@link Sequence}: how to sample, when to stop, where events go. */
record ActiveRequest(Sequence sequence, Sampler sampler, Set<Integer> stopTokens, EventSink sink) {
}
