package io.jseek.api;

/**
 * How {@link JseekModel#load} opens a model.
 *
 * @param threads compute threads, the caller included; 0 = all available processors
 * @param contextLength positions of the KV cache (prompt plus generated tokens), at most the model's training
 *     context; 0 = the training context capped at {@link #DEFAULT_CONTEXT}. The cache grows as positions are
 *     reached, so a long context costs memory only when a conversation uses it
 * @param pullIfMissing whether a model name that is not in the local cache is downloaded from the hub
 * @param lockMemory whether the weights are locked in RAM ({@code mlock}, like llama.cpp's {@code --mlock}), so that
 *     the OS never reclaims their pages and re-reads them from disk; loading fails with the reason where it cannot
 */
public record LoadOptions(int threads, int contextLength, boolean pullIfMissing, boolean lockMemory) {
    /** The context used when none is asked for and the model was trained on more. */
    public static final int DEFAULT_CONTEXT = 4096;

    public LoadOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (all processors) or positive, got " + threads);
        }
        if (contextLength < 0) {
            throw new IllegalArgumentException("context length must be 0 (default) or positive, got "
                    + contextLength);
        }
    }

    /** Weights not locked in RAM. */
    public LoadOptions(int threads, int contextLength, boolean pullIfMissing) {
        this(threads, contextLength, pullIfMissing, false);
    }

    /** All processors, the default context, pulls allowed, weights not locked. */
    public static LoadOptions defaults() {
        return new LoadOptions(0, 0, true, false);
    }

    public LoadOptions withThreads(int n) {
        return new LoadOptions(n, contextLength, pullIfMissing, lockMemory);
    }

    public LoadOptions withContextLength(int n) {
        return new LoadOptions(threads, n, pullIfMissing, lockMemory);
    }

    public LoadOptions withPullIfMissing(boolean pull) {
        return new LoadOptions(threads, contextLength, pull, lockMemory);
    }

    public LoadOptions withLockMemory(boolean lock) {
        return new LoadOptions(threads, contextLength, pullIfMissing, lock);
    }
}
