package io.jseek.api;

import java.util.Locale;

/** Why a generation ended. */
public enum FinishReason {
    /** An end-of-generation token (EOS, EOT, …) or a stop string. */
    STOP,
    /** The token budget or the context is used up. */
    LENGTH,
    /** The listener asked to stop ({@link TokenListener#stopRequested()}). */
    CANCELLED;

    /** The OpenAI-style name: {@code stop}, {@code length}, {@code cancelled}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
