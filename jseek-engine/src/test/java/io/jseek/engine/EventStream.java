package io.jseek.engine;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EventSink} that queues events for the test thread: the engine
 * never waits for the client, the client blocks in {@link #take()}.
 */
final class EventStream implements EventSink {
    private final LinkedBlockingQueue<EngineEvent> events = new LinkedBlockingQueue<>();

    @Override
    public void accept(EngineEvent event) {
        events.add(event);
    }

    /** The next event, waiting as long as needed. */
    EngineEvent take() throws InterruptedException {
        return events.take();
    }

    /** The next event, or null after the timeout. */
    EngineEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
        return events.poll(timeout, unit);
    }
}
