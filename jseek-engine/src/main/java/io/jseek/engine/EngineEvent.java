package io.jseek.engine;

/** What a request's {@link EventSink} receives: tokens as they are sampled, then exactly one {@link Finished}. */
public sealed interface EngineEvent {
    long requestId();

    /**
     * A sampled token.
     *
     * @param index 0 for the first completion token
     */
    record Token(long requestId, int token, int index) implements EngineEvent {
    }

    /**
     * The last event of a request.
     *
     * @param error what failed when {@code reason} is {@link FinishReason#ERROR}, else null
     */
    record Finished(long requestId, FinishReason reason, Usage usage, String error) implements EngineEvent {
    }
}
