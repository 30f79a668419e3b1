package io.jseek.model;

/**
 * The activation buffers of {@link PagedModel#forward}, sized once by {@link PagedModel#newBatchState} for a maximum
 * number of tokens per step and a maximum context; a model accepts only the states it created. It holds no KV (that
 * lives in {@link KvPages}), so one state serves every sequence of the batch. Not thread-safe.
 *
 * <p>This class holds the sizes and the checkpoint hook; each architecture's subclass adds its buffers.
 */
public abstract class BatchState {
    private final int maxTokens;
    private final int maxContext;
    private Checkpoints checkpoints = Checkpoints.NONE;

    protected BatchState(int maxTokens, int maxContext) {
        if (maxTokens < 1 || maxContext < 1) {
            throw new IllegalArgumentException("batch state needs positive sizes: " + maxTokens + ", " + maxContext);
        }
        this.maxTokens = maxTokens;
        this.maxContext = maxContext;
    }

    /** Tokens one step may carry. */
    public final int maxTokens() {
        return maxTokens;
    }

    /** Positions one sequence may attend over. */
    public final int maxContext() {
        return maxContext;
    }

    /** Installs a hook that sees the step's intermediate buffers ({@link Checkpoints#NONE} or null to remove it). */
    public final void setCheckpoints(Checkpoints checkpoints) {
        this.checkpoints = checkpoints == null ? Checkpoints.NONE : checkpoints;
    }

    /** The installed hook; {@link Checkpoints#NONE} when there is none. */
    public final Checkpoints checkpoints() {
        return checkpoints;
    }
}
