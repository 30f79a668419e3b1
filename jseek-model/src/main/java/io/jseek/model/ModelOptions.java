package io.jseek.model;

/**
 * How to run a model.
 *
 * @param threads compute threads, the caller included (at least 1)
 * @param kvCacheF16 round cached keys and values through half precision, like llama.cpp's default F16 cache
 */
public record ModelOptions(int threads, boolean kvCacheF16) {

    public ModelOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** All available processors and an F16-rounded cache. */
    public static ModelOptions defaults() {
        return new ModelOptions(ComputePool.defaultThreads(), true);
    }

    public ModelOptions withThreads(int threads) {
        return new ModelOptions(threads, kvCacheF16);
    }

    public ModelOptions withKvCacheF16(boolean kvCacheF16) {
        return new ModelOptions(threads, kvCacheF16);
    }
}
