package io.jseek.engine;

import io.jseek.model.KvCacheType;
import io.jseek.model.ModelOptions;
import java.nio.file.Path;

/**
 * How {@link LoadedEngine} opens a model and sizes its engine: the one place the default context and the KV pool's
 * size are decided, for {@code jseek serve}, the Java API and the CLI alike.
 *
 * @param model how the model is loaded: compute threads, the KV cache's element type ({@code --cache-type}, part of
 *     the disk cache's fingerprint), whether the weights are locked in RAM ({@code --mlock})
 * @param maxRunning sequences decoded together ({@code --parallel})
 * @param maxWaiting requests queued before they are refused ({@code --queue})
 * @param contextLength positions per sequence; 0 for the model's, capped at {@value #DEFAULT_CONTEXT} ({@code --ctx})
 * @param cacheRamMb RAM for the paged KV cache, which is also the prefix cache, in MiB; 0 sizes it for
 *     {@code maxRunning} full contexts within a quarter of the heap ({@code --cache-ram})
 * @param cacheDir directory of the on-disk prefix cache, or null for none ({@code --cache-dir})
 * @param blockSize positions per KV block (the prefix cache's unit)
 * @param tokenBudget tokens computed per step: decodes plus chunked prefill
 */
public record EngineSettings(ModelOptions model, int maxRunning, int maxWaiting, int contextLength, long cacheRamMb,
                             Path cacheDir, int blockSize, int tokenBudget) {
    public static final int DEFAULT_BLOCK_SIZE = 16;
    public static final int DEFAULT_CONTEXT = 4096;

    public EngineSettings {
        if (maxRunning < 1 || maxWaiting < 0 || contextLength < 0 || cacheRamMb < 0 || blockSize < 1
                || tokenBudget < maxRunning || model == null) {
            throw new IllegalArgumentException("need --parallel >= 1, --queue >= 0, --ctx >= 0, --cache-ram >= 0");
        }
    }

    /**
     * Defaults for {@code maxRunning} parallel sequences on {@code threads} compute threads (0: all processors):
     * 16-position blocks, 256 tokens per step at least, an F16 cache, weights not locked.
     */
    public static EngineSettings of(int threads, int maxRunning, int maxWaiting, int contextLength, long cacheRamMb,
                                    Path cacheDir) {
        return new EngineSettings(ModelOptions.onThreads(threads), maxRunning, maxWaiting, contextLength, cacheRamMb,
                cacheDir, DEFAULT_BLOCK_SIZE, Math.max(256, maxRunning));
    }

    public EngineSettings withModel(ModelOptions options) {
        return new EngineSettings(options, maxRunning, maxWaiting, contextLength, cacheRamMb, cacheDir, blockSize,
                tokenBudget);
    }

    public EngineSettings withCacheType(KvCacheType type) {
        return withModel(model.withCacheType(type));
    }

    public EngineSettings withLockMemory(boolean lock) {
        return withModel(model.withLockMemory(lock));
    }

    public EngineSettings withTokenBudget(int tokens) {
        return new EngineSettings(model, maxRunning, maxWaiting, contextLength, cacheRamMb, cacheDir, blockSize, tokens);
    }

    /** Positions per sequence for a model trained on {@code trained}: the asked-for context, else the default. */
    public int context(int trained) {
        return contextLength > 0 ? contextLength : Math.min(trained, DEFAULT_CONTEXT);
    }
}
