package io.jseek.model;

/**
 * How to run a model.
 *
 * @param threads compute threads, the caller included (at least 1)
 * @param cacheType element type of the KV cache: F16 (llama.cpp's default) rounds cached keys and values through half
 *     precision, Q8_0 through 8-bit blocks, F32 keeps them exact
 * @param lockMemory lock the file's weights in RAM when loading ({@link io.jseek.gguf.GgufFile#lockInMemory}), so the
 *     OS never reclaims their pages and re-reads them from disk
 */
public record ModelOptions(int threads, KvCacheType cacheType, boolean lockMemory) {

    public ModelOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (cacheType == null) {
            throw new IllegalArgumentException("cacheType must not be null");
        }
    }

    /** All available processors, an F16 cache, weights not locked. */
    public static ModelOptions defaults() {
        return new ModelOptions(ComputePool.defaultThreads(), KvCacheType.F16, false);
    }

    /** {@link #defaults()} on {@code threads} compute threads, or on all available processors when 0. */
    public static ModelOptions onThreads(int threads) {
        return threads > 0 ? defaults().withThreads(threads) : defaults();
    }

    public ModelOptions withThreads(int threads) {
        return new ModelOptions(threads, cacheType, lockMemory);
    }

    public ModelOptions withCacheType(KvCacheType cacheType) {
        return new ModelOptions(threads, cacheType, lockMemory);
    }

    public ModelOptions withLockMemory(boolean lockMemory) {
        return new ModelOptions(threads, cacheType, lockMemory);
    }
}
