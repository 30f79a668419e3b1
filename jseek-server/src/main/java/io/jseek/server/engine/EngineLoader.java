package io.jseek.server.engine;

import io.jseek.api.ChatPrompt;
import io.jseek.engine.CacheTier;
import io.jseek.engine.DiskBlockCache;
import io.jseek.engine.Engine;
import io.jseek.engine.EngineConfig;
import io.jseek.engine.KvLayout;
import io.jseek.engine.ModelFingerprint;
import io.jseek.engine.PagedModelRunner;
import io.jseek.engine.RamKvBlockStore;
import io.jseek.model.Model;
import io.jseek.model.ModelOptions;
import io.jseek.model.Models;
import io.jseek.model.PagedModel;
import io.jseek.tokenizer.Tokenizer;
import io.jseek.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads a GGUF file into a ready {@link EngineBackend}: the model, its tokenizer and chat template, a paged KV pool
 * sized from {@code --cache-ram} (in F32 rows: the pool is also the RAM prefix cache), the batched
 * {@link PagedModelRunner}, and optionally a {@link DiskBlockCache} under the model's {@link ModelFingerprint}, so
 * KV blocks survive restarts and are shared by processes serving the same weights with the same block layout.
 */
public final class EngineLoader {
    private static final int DISK_PENDING_WRITES = 256;

    private EngineLoader() {
    }

    /** The backend for {@code file}; it owns the model and the disk cache and closes them. */
    public static EngineBackend open(Path file, EngineSettings settings) throws IOException {
        return open(file, settings, false);
    }

    /** As {@link #open(Path, EngineSettings)}, with the weights locked in RAM when {@code lockMemory} (mlock). */
    public static EngineBackend open(Path file, EngineSettings settings, boolean lockMemory) throws IOException {
        ModelOptions options = (settings.threads() > 0 ? ModelOptions.defaults().withThreads(settings.threads())
                : ModelOptions.defaults()).withLockMemory(lockMemory).withCacheType(settings.cacheType());
        Model loaded = Models.load(file, options);
        DiskBlockCache disk = null;
        try {
            if (!(loaded instanceof PagedModel model)) {
                throw new IOException(file.getFileName() + ": architecture " + loaded.config().architecture()
                        + " has no batched forward");
            }
            Tokenizer tokenizer = Tokenizers.fromGguf(model.gguf());
            int context = context(model, settings);
            KvLayout layout = layout(model, settings, context);
            RamKvBlockStore store = new RamKvBlockStore(layout);
            if (settings.cacheDir() != null) {
                disk = new DiskBlockCache(settings.cacheDir(), ModelFingerprint.of(model, layout), store,
                        DISK_PENDING_WRITES);
            }
            EngineConfig config = new EngineConfig(settings.maxRunning(), settings.maxWaiting(),
                    settings.tokenBudget(), context);
            Engine engine = new Engine(config, PagedModelRunner.forEngine(model, store, config), layout,
                    disk == null ? CacheTier.NONE : disk);
            DiskBlockCache ownedDisk = disk;
            return new EngineBackend(engine, tokenizer, ChatPrompt.templateOf(model, tokenizer), () -> {
                if (ownedDisk != null) {
                    ownedDisk.close();
                }
                model.close();
            });
        } catch (IOException | RuntimeException e) {
            if (disk != null) {
                disk.close();
            }
            loaded.close();
            throw e;
        }
    }

    private static int context(PagedModel model, EngineSettings s) {
        int trained = model.config().contextLength();
        return s.contextLength() > 0 ? s.contextLength() : Math.min(trained, EngineSettings.DEFAULT_CONTEXT);
    }

    /**
     * Blocks for {@code --cache-ram} MiB, or by default for every running sequence at full context within a quarter
     * of the heap; at least one full context plus a block, so that any admitted prompt can run.
     */
    static KvLayout layout(PagedModel model, EngineSettings s, int context) {
        KvLayout one = KvLayout.forModel(model, s.blockSize(), 1);
        long blockBytes = one.blockFloatsAllLayers() * Float.BYTES;
        long perContext = (context + s.blockSize() - 1) / s.blockSize();
        long blocks;
        if (s.cacheRamMb() > 0) {
            blocks = (s.cacheRamMb() << 20) / blockBytes;
        } else {
            blocks = Math.min(perContext * s.maxRunning(), Runtime.getRuntime().maxMemory() / 4 / blockBytes);
        }
        long maxWidth = 0;
        for (int w : one.widths()) {
            maxWidth = Math.max(maxWidth, w);
        }
        long arrayLimit = (Integer.MAX_VALUE - 8) / (maxWidth * s.blockSize());
        blocks = Math.min(Math.max(blocks, perContext + 1), arrayLimit);
        return KvLayout.forModel(model, s.blockSize(), (int) blocks);
    }
}
