package io.jseek.api;

import io.jseek.engine.EngineSettings;
import io.jseek.model.KvCacheType;

/**
 * How {@link JseekModel#load} opens a model.
 *
 * @param threads compute threads, the caller included; 0 = all available processors
 * @param contextLength positions of the KV cache (prompt plus generated tokens), at most the model's training
 *     context; 0 = the training context capped at {@link #DEFAULT_CONTEXT}. Where one full context would take
 *     more than half the heap, the KV pool's capacity caps it ({@link JseekModel#contextLength()})
 * @param pullIfMissing whether a model name that is not in the local cache is downloaded from the hub
 * @param lockMemory whether the weights are locked in RAM ({@code mlock}, like llama.cpp's {@code --mlock}), so that
 *     the OS never reclaims their pages and re-reads them from disk; loading fails with the reason where it cannot
 * @param cacheType element type of the KV cache ({@code --cache-type}): F16 like llama.cpp's default, or exact F32
 * @param parallel sequences the engine decodes together: calls from that many threads run as one batch, more
 *     wait their turn; the KV pool is sized for this many full contexts within a quarter of the heap
 */
public record LoadOptions(int threads, int contextLength, boolean pullIfMissing, boolean lockMemory,
                          KvCacheType cacheType, int parallel) {
    /** The context used when none is asked for and the model was trained on more. */
    public static final int DEFAULT_CONTEXT = EngineSettings.DEFAULT_CONTEXT;
    /** Parallel sequences unless told otherwise: a few callers batch, and the pool stays small. */
    public static final int DEFAULT_PARALLEL = 4;

    public LoadOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (all processors) or positive, got " + threads);
        }
        if (contextLength < 0) {
            throw new IllegalArgumentException("context length must be 0 (default) or positive, got "
                    + contextLength);
        }
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        if (cacheType == null) {
            throw new IllegalArgumentException("cacheType must not be null");
        }
    }

    /** Weights not locked in RAM, an F16 cache, {@value #DEFAULT_PARALLEL} parallel sequences. */
    public LoadOptions(int threads, int contextLength, boolean pullIfMissing) {
        this(threads, contextLength, pullIfMissing, false, KvCacheType.F16, DEFAULT_PARALLEL);
    }

    /** {@value #DEFAULT_PARALLEL} parallel sequences. */
    public LoadOptions(int threads, int contextLength, boolean pullIfMissing, boolean lockMemory,
                       KvCacheType cacheType) {
        this(threads, contextLength, pullIfMissing, lockMemory, cacheType, DEFAULT_PARALLEL);
    }

    /** All processors, the default context, pulls allowed, weights not locked, an F16 cache. */
    public static LoadOptions defaults() {
        return new LoadOptions(0, 0, true, false, KvCacheType.F16, DEFAULT_PARALLEL);
    }

    public LoadOptions withThreads(int n) {
        return new LoadOptions(n, contextLength, pullIfMissing, lockMemory, cacheType, parallel);
    }

    public LoadOptions withContextLength(int n) {
        return new LoadOptions(threads, n, pullIfMissing, lockMemory, cacheType, parallel);
    }

    public LoadOptions withPullIfMissing(boolean pull) {
        return new LoadOptions(threads, contextLength, pull, lockMemory, cacheType, parallel);
    }

    public LoadOptions withLockMemory(boolean lock) {
        return new LoadOptions(threads, contextLength, pullIfMissing, lock, cacheType, parallel);
    }

    public LoadOptions withParallel(int n) {
        return new LoadOptions(threads, contextLength, pullIfMissing, lockMemory, cacheType, n);
    }

    public LoadOptions withCacheType(KvCacheType type) {
        return new LoadOptions(threads, contextLength, pullIfMissing, lockMemory, type, parallel);
    }
}
