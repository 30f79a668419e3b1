package io.jseek.api;

import io.jseek.engine.FinishReason;
import io.jseek.template.ToolCall;

/**
 * Hears a chat answer as it happens, on the engine's thread (return quickly), with the reasoning
 * ({@code <think>…</think>}) kept apart from the answer. The deltas of each kind concatenate to
 * {@link ChatResult#reasoning()} and {@link ChatResult#content()}; the think tags themselves are never delivered.
 */
public interface ChatListener {
    /** Hears nothing. */
    ChatListener NONE = new ChatListener() {
    };

    /** More reasoning text. */
    default void onReasoning(String delta) {
    }

    /** More answer text (tool-call markup excluded when the turn offered tools). */
    default void onContent(String delta) {
    }

    /** A complete tool call, as soon as its markup has ended (only when the turn offered tools). */
    default void onToolCall(ToolCall call) {
    }

    /** Polled before each token; returning true ends the answer with {@link FinishReason#CANCELLED}. */
    default boolean stopRequested() {
        return false;
    }
}
