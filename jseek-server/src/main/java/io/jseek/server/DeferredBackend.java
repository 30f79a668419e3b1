package io.jseek.server;

import io.jseek.engine.EngineMetrics;
import io.jseek.engine.RequestRejectedException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A backend that arrives later: the server listens (and answers {@code /health} with 503) while the model loads,
 * then {@link #set} makes it ready.
 */
public final class DeferredBackend implements CompletionBackend {
    private static final EngineMetrics IDLE = new EngineMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private final AtomicReference<CompletionBackend> delegate = new AtomicReference<>();

    public DeferredBackend() {
        // Not ready until set.
    }

    public void set(CompletionBackend backend) {
        delegate.set(backend);
    }

    @Override
    public boolean ready() {
        CompletionBackend b = delegate.get();
        return b != null && b.ready();
    }

    @Override
    public GenerationHandle submit(GenerationRequest request, GenerationSink sink) throws RequestRejectedException {
        CompletionBackend b = delegate.get();
        if (b == null) {
            throw new RequestRejectedException(RequestRejectedException.Kind.SHUT_DOWN, "the model is loading", 0);
        }
        return b.submit(request, sink);
    }

    @Override
    public EngineMetrics metrics() {
        CompletionBackend b = delegate.get();
        return b == null ? IDLE : b.metrics();
    }

    @Override
    public void close() {
        CompletionBackend b = delegate.getAndSet(null);
        if (b != null) {
            b.close();
        }
    }
}
