package io.jseek.model;

/**
 * The activation buffers of {@link PagedModel#forward}, sized once by {@link PagedModel#newBatchState} for a maximum
 * number of tokens per step and a maximum context; a model accepts only the states it created. It holds no KV (that
 * lives in {@link KvPages}), so one state serves every sequence of the batch. Not thread-safe.
 */
public interface BatchState {
    /** Tokens one step may carry. */
    int maxTokens();

    /** Positions one sequence may attend over. */
    int maxContext();

    /** Installs a hook that sees the step's intermediate buffers ({@link Checkpoints#NONE} to remove it). */
    void setCheckpoints(Checkpoints checkpoints);
}
