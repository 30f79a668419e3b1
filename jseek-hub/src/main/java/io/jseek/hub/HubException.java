package io.jseek.hub;

import java.io.IOException;

/**
 * A failure with a message meant for the user ("gated repo: set HF_TOKEN", "no Q4_K_M file in ...").
 * {@code retryable} marks server-side hiccups (5xx, 429) that a download may retry, as opposed to answers
 * that will not change (401, 404, a checksum mismatch).
 */
public final class HubException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public HubException(String message) {
        this(message, false);
    }

    public HubException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
