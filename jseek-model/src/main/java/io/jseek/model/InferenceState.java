package io.jseek.model;

/**
 * Everything one sequence needs besides the weights: the KV cache and the activation buffers, all allocated once
 * by {@link Model#newState(int)} for a fixed context length. Not thread-safe; one state per concurrent sequence.
 */
public interface InferenceState {
    /** Positions the cache can hold. */
    int contextLength();

    /** The logits buffer that {@link Model#forward} fills ({@code vocabSize} values). */
    float[] logits();

    /** Installs a hook that sees intermediate buffers ({@link Checkpoints#NONE} to remove it). */
    void setCheckpoints(Checkpoints checkpoints);
}
