package io.jseek.server;

import io.jseek.engine.EngineMetrics;
import io.jseek.engine.RequestRejectedException;
import io.jseek.text.stream.PositionLogprobs;

/**
 * Something that generates: the seam between the HTTP protocol layer and the engine.
 *
 * <p>The server turns each HTTP request into one {@link GenerationRequest} and hands it over with a
 * {@link GenerationSink}; the backend templates and tokenizes it (user text never becomes control tokens), runs it,
 * splits the reasoning from the answer and reports text deltas, then exactly one finish. Stop strings and tool-call
 * parsing are the server's (it cancels the handle once a stop string matched), so a backend reports raw answer
 * text, tool-call markup included. Refusals up front reuse the engine's {@link RequestRejectedException}, whose kind
 * maps to the HTTP status (429 with Retry-After when the queue is full).
 *
 * <p>The seam's other words are the engine's too ({@code FinishReason}, {@code Usage}, {@link EngineMetrics}): they
 * mean the same on both sides, and server copies would be twins to keep in step field by field. So are jseek-text's
 * ({@link PositionLogprobs}, shared with the Java API); the server's own is the reasoning count of
 * {@link AnswerUsage}.
 *
 * <p>Implementations must be thread-safe: every HTTP request calls {@link #submit} from its own virtual thread.
 */
public interface CompletionBackend extends AutoCloseable {

    /** False while the model is loading: {@code /health} answers 503 and generation requests 503. */
    boolean ready();

    /**
     * Queues a generation. Events reach {@code sink} on the backend's thread, in order, {@code onFinish} last.
     *
     * @throws RequestRejectedException when the queue is full, the prompt does not fit, the request is invalid for
     *     this model (e.g. FIM without FIM tokens) or the backend is shutting down
     */
    GenerationHandle submit(GenerationRequest request, GenerationSink sink) throws RequestRejectedException;

    /** Gauges and counters for {@code /metrics}; all zero while loading. */
    EngineMetrics metrics();

    /** Cancels what is still running and releases the model. */
    @Override
    void close();
}
