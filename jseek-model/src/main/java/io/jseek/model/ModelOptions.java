package io.jseek.model;

/**
 * How to run a model.
 *
 * @param threads compute threads, the caller included (at least 1)
 * @param kvCacheF16 round cached keys and values through half precision, like llama.cpp's default F16 cache
 * @param lockMemory lock the file's weights in RAM when loading ({@link io.jseek.gguf.GgufFile#lockInMemory}), so the
 *     OS never reclaims their pages and re-reads them from disk
 */
public record ModelOptions(int threads, boolean kvCacheF16, boolean lockMemory) {

    public ModelOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** Weights not locked in RAM. */
    public ModelOptions(int threads, boolean kvCacheF16) {
        this(threads, kvCacheF16, false);
    }

    /** All available processors, an F16-rounded cache, weights not locked. */
    public static ModelOptions defaults() {
        return new ModelOptions(ComputePool.defaultThreads(), true, false);
    }

    public ModelOptions withThreads(int threads) {
        return new ModelOptions(threads, kvCacheF16, lockMemory);
    }

    public ModelOptions withKvCacheF16(boolean kvCacheF16) {
        return new ModelOptions(threads, kvCacheF16, lockMemory);
    }

    public ModelOptions withLockMemory(boolean lockMemory) {
        return new ModelOptions(threads, kvCacheF16, lockMemory);
    }
}
