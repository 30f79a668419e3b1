package io.jseek.server;

/** A submitted generation, as its HTTP request sees it. */
@FunctionalInterface
public interface GenerationHandle {
    /**
     * Ends the generation now (client gone, stop string matched, server shutting down) and frees its KV cache. The
     * backend still delivers {@link GenerationSink#onFinish} with the usage so far. Idempotent; safe from any thread.
     */
    void cancel();
}
