package io.jseek.api;

import io.jseek.engine.FinishReason;

/**
 * Hears a generation as it happens, on the engine's thread (return quickly). Text comes in deltas whose
 * concatenation is the final {@link Generation#text()}: stop strings are never delivered, and text that may begin
 * one is delivered only once it is known not to.
 */
@FunctionalInterface
public interface TokenListener {
    /** Hears nothing. */
    TokenListener NONE = text -> { };

    /** More text of the answer. */
    void onText(String delta);

    /** Polled before each token; returning true ends the generation with {@link FinishReason#CANCELLED}. */
    default boolean stopRequested() {
        return false;
    }
}
