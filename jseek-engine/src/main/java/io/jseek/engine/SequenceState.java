package io.jseek.engine;

/**
 * The life cycle of a {@link Sequence}: {@code WAITING -> PREFILLING -> DECODING -> FINISHED}. Preemption sends a
 * running sequence back to {@code WAITING} (its KV is recomputed); any live state may finish.
 */
public enum SequenceState {
    /** Queued, holding no KV blocks. */
    WAITING,
    /** Holding blocks for all its tokens; some of them still have no KV (chunked prefill in progress). */
    PREFILLING,
    /** Every token but the last has KV; each step feeds the last token and samples one more. */
    DECODING,
    /** Done for good; holds no blocks. */
    FINISHED;

    /** Whether the state machine allows {@code this -> next}. */
    public boolean canMoveTo(SequenceState next) {
        return switch (this) {
            case WAITING -> next == PREFILLING || next == FINISHED;
            case PREFILLING -> next == DECODING || next == WAITING || next == FINISHED;
            case DECODING -> next == WAITING || next == FINISHED;
            case FINISHED -> false;
        };
    }
}
