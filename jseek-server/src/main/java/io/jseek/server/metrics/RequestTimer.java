package io.jseek.server.metrics;

/**
 * Latencies of one request: time to first text, time between pieces of text, end to end. Text pieces are what the
 * backend delivers (usually one token each), so the inter-token latency is per delivered piece. Used by the one
 * virtual thread that serves the request.
 */
public final class RequestTimer {
    private final ServerMetrics metrics;
    private final String endpoint;
    private final long start;
    private long last;
    private boolean done;

    RequestTimer(ServerMetrics metrics, String endpoint, long start) {
        this.metrics = metrics;
        this.endpoint = endpoint;
        this.start = start;
    }

    /** A piece of generated text was delivered now. */
    public void text() {
        long now = System.nanoTime();
        if (last == 0) {
            metrics.firstToken(seconds(now - start));
        } else {
            metrics.interToken(seconds(now - last));
        }
        last = now;
    }

    /** The request ended; counted once. */
    public void finished(String outcome) {
        if (!done) {
            done = true;
            metrics.finished(endpoint, outcome, seconds(System.nanoTime() - start));
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
