package io.jseek.engine;

/** A request the engine refused up front; {@link #kind()} tells the server which HTTP answer to give. */
public final class RequestRejectedException extends Exception {
    /** Why; each maps to one HTTP status. */
    public enum Kind {
        /** The waiting queue is full: 429 with {@code Retry-After}. */
        QUEUE_FULL(429),
        /** The prompt leaves no room for a completion in the context: 400. */
        CONTEXT_TOO_LONG(400),
        /** An empty prompt, a token outside the vocabulary or bad sampling settings: 400. */
        INVALID(400),
        /** The engine is closed: 503. */
        SHUT_DOWN(503);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private static final long serialVersionUID = 1L;

    private final Kind kind;
    private final int retryAfterSeconds;

    public RequestRejectedException(Kind kind, String message, int retryAfterSeconds) {
        super(message);
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Kind kind() {
        return kind;
    }

    /** A hint for {@code Retry-After} when {@link Kind#QUEUE_FULL}; 0 otherwise. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
