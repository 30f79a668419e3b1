package io.jseek.server.openai;

import io.jseek.engine.FinishReason;
import io.jseek.server.AnswerUsage;
import io.jseek.server.GenerationSink;
import io.jseek.text.stream.PositionLogprobs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The sink the server gives a backend: it only enqueues, so the backend's thread never waits for a slow client; the
 * request's virtual thread takes the events and writes them.
 */
final class EventQueue implements GenerationSink {
    /** What the backend reported. */
    sealed interface Event {
    }

    record Text(boolean reasoning, String text, List<PositionLogprobs> logprobs) implements Event {
    }

    record Finished(FinishReason reason, AnswerUsage usage, String error) implements Event {
    }

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void onText(boolean reasoning, String text, List<PositionLogprobs> logprobs) {
        events.add(new Text(reasoning, text, logprobs == null ? List.of() : List.copyOf(logprobs)));
    }

    @Override
    public void onFinish(FinishReason reason, AnswerUsage usage, String error) {
        events.add(new Finished(reason, usage == null ? AnswerUsage.ZERO : usage, error));
    }

    /** The next event, or null when none came within {@code timeout}. */
    Event poll(Duration timeout) throws InterruptedException {
        return events.poll(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }
}
