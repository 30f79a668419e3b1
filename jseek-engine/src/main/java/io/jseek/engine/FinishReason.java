package io.jseek.engine;

import java.util.Locale;

/**
 * Why a sequence stopped, for the engine's events, the Java API's results and the server's {@code finish_reason}
 * ({@code cancelled} and {@code error} are ours).
 */
public enum FinishReason {
    /** A stop token was sampled, or a stop string matched ({@link Engine#stop}). */
    STOP,
    /** The completion reached its token limit or the context length. */
    LENGTH,
    /** The caller cancelled or went away; the sequence's blocks were freed at once. */
    CANCELLED,
    /** The model runner failed on a step that included the sequence (the Java API throws instead). */
    ERROR;

    /** The OpenAI-style name: {@code stop}, {@code length}, {@code cancelled}, {@code error}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
