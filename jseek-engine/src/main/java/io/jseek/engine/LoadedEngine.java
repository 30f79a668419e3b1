package io.jseek.engine;

import io.jseek.model.Model;
import io.jseek.model.Models;
import io.jseek.model.PagedModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A GGUF file opened for generation: the model, a paged KV pool sized from {@link EngineSettings} (in F32 rows: the
 * pool is also the RAM prefix cache), the batched {@link PagedModelRunner}, optionally a {@link DiskBlockCache} under
 * the model's {@link ModelFingerprint} (so KV blocks survive restarts and are shared by processes serving the same
 * weights with the same block layout), and the {@link Engine} over them, not yet started. The one way
 * {@code jseek serve}, the Java API and the CLI open an engine; closing it closes the engine, the disk cache and the
 * model.
 */
public final class LoadedEngine implements AutoCloseable {
    private static final int DISK_PENDING_WRITES = 256;

    private final PagedModel model;
    private final Engine engine;
    private final DiskBlockCache disk;

    private LoadedEngine(PagedModel model, Engine engine, DiskBlockCache disk) {
        this.model = model;
        this.engine = engine;
        this.disk = disk;
    }

    /** Loads {@code file} and builds its engine. */
    public static LoadedEngine open(Path file, EngineSettings settings) throws IOException {
        Model loaded = Models.load(file, settings.model());
        DiskBlockCache disk = null;
        try {
            PagedModel model = (PagedModel) loaded;
            int context = settings.context(model.config().contextLength());
            KvLayout layout = layout(model, settings, context, Runtime.getRuntime().maxMemory());
            RamKvBlockStore store = new RamKvBlockStore(layout, model.kvCacheType());
            if (settings.cacheDir() != null) {
                disk = new DiskBlockCache(settings.cacheDir(), ModelFingerprint.of(model, layout), store,
                        DISK_PENDING_WRITES);
            }
            EngineConfig config = new EngineConfig(settings.maxRunning(), settings.maxWaiting(),
                    settings.tokenBudget(), context);
            Engine engine = new Engine(config, PagedModelRunner.forEngine(model, store, config), layout,
                    disk == null ? CacheTier.NONE : disk);
            return new LoadedEngine(model, engine, disk);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (disk != null) {
                disk.close();
            }
            loaded.close();
            throw e;
        }
    }

    /**
     * Blocks for {@code --cache-ram} MiB, or by default for every running sequence at full context within a quarter
     * of the heap; at least one full context plus a block, so that any admitted prompt can run, unless that would
     * take more than half the heap: then the pool's capacity caps the context ({@link Engine#contextLimit()}).
     */
    static KvLayout layout(PagedModel model, EngineSettings s, int context, long maxHeap) {
        KvLayout one = KvLayout.forModel(model, s.blockSize(), 1);
        long blockBytes = model.kvCacheType().bytes(one.blockFloatsAllLayers());
        long perContext = (context + s.blockSize() - 1) / s.blockSize();
        long blocks;
        if (s.cacheRamMb() > 0) {
            blocks = (s.cacheRamMb() << 20) / blockBytes;
        } else {
            blocks = Math.min(perContext * s.maxRunning(), maxHeap / 4 / blockBytes);
        }
        long floor = Math.min(perContext + 1, Math.max(2, maxHeap / 2 / blockBytes));
        long maxWidth = 0;
        for (int w : one.widths()) {
            maxWidth = Math.max(maxWidth, w);
        }
        long arrayLimit = (Integer.MAX_VALUE - 8) / (maxWidth * s.blockSize());
        blocks = Math.min(Math.max(blocks, floor), arrayLimit);
        return KvLayout.forModel(model, s.blockSize(), (int) blocks);
    }

    public PagedModel model() {
        return model;
    }

    /** The engine; its owner starts it ({@link Engine#start()}) or steps it. */
    public Engine engine() {
        return engine;
    }

    /** Closes the engine (cancelling what still runs), then the disk cache and the model. */
    @Override
    public void close() {
        engine.close();
        if (disk != null) {
            disk.close();
        }
        model.close();
    }
}
