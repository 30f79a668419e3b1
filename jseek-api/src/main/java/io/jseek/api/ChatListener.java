package io.jseek.api;

/**
 * Hears a chat answer as it happens, on the generating thread, with the reasoning ({@code <think>…</think>}) kept
 * apart from the answer. The deltas of each kind concatenate to {@link ChatResult#reasoning()} and
 * {@link ChatResult#content()}; the think tags themselves are never delivered.
 */
public interface ChatListener {
    /** Hears nothing. */
    ChatListener NONE = new ChatListener() {
    };

    /** More reasoning text. */
    default void onReasoning(String delta) {
    }

    /** More answer text. */
    default void onContent(String delta) {
    }

    /** Polled before each token; returning true ends the answer with {@link FinishReason#CANCELLED}. */
    default boolean stopRequested() {
        return false;
    }
}
