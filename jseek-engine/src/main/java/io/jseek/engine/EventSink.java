package io.jseek.engine;

/**
 * Receives a request's events. Called on the engine thread (or on the thread that cancels) while the engine's lock
 * is held, which keeps each request's events in order with {@link EngineEvent.Finished} last; an implementation
 * must therefore return quickly and never block (hand the event to a queue, or work in memory). A sink
 * that throws is treated as a client that went away: the request is cancelled.
 */
@FunctionalInterface
public interface EventSink {
    void accept(EngineEvent event);
}
