package io.jseek.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.model.KvCacheType;
import io.jseek.model.PagedModel;
import io.jseek.model.SamplerParams;
import io.jseek.model.fixtures.TinyModels;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LoadedEngine}: the one context default, the KV pool's size and the context the pool allows. */
class LoadedEngineTest {
    @TempDir
    static Path dir;
    private static Path file;

    @BeforeAll
    static void write() throws Exception {
        RandomModelSpec spec = TinyModels.qwen2(GgmlType.Q4_0);
        file = dir.resolve(spec.name() + ".gguf");
        RandomModelWriter.write(spec, GreedyRuns.TOKENIZERS.resolve(spec.vocab()), file);
    }

    @Test
    void thePoolHoldsEveryRunningSequenceAtFullContextAndTheEngineRuns() throws Exception {
        try (LoadedEngine loaded = LoadedEngine.open(file, EngineSettings.of(1, 3, 8, 100, 0, null))) {
            assertEquals(100, loaded.engine().contextLimit());
            assertEquals(3 * 7, loaded.engine().metrics().kvBlocksTotal(), "7 blocks of 16 per 100 positions");
            RecordingSink sink = new RecordingSink();
            loaded.engine().submit(new Request(new int[] {5, 6, 7}, 4, SamplerParams.greedy(), Set.of()), sink);
            while (loaded.engine().runStep()) {
                assertTrue(sink.tokenEvents.size() <= 4);
            }
            assertEquals(4, sink.tokenEvents.size());
        }
    }

    @Test
    void theDefaultContextIsTheModelsCappedAt4096() {
        EngineSettings s = EngineSettings.of(1, 1, 1, 0, 0, null);
        assertEquals(EngineSettings.DEFAULT_CONTEXT, s.context(131_072));
        assertEquals(512, s.context(512));
        assertEquals(300, EngineSettings.of(1, 1, 1, 300, 0, null).context(512));
    }

    @Test
    void aContextTooBigForHalfTheHeapIsCappedByThePool() throws Exception {
        try (LoadedEngine loaded = LoadedEngine.open(file, EngineSettings.of(1, 1, 1, 100, 0, null))) {
            PagedModel m = loaded.model();
            long blockBytes = m.kvCacheType().bytes(KvLayout.forModel(m, 16, 1).blockFloatsAllLayers());
            long heap = 40 * blockBytes;
            EngineSettings s = EngineSettings.of(1, 4, 1, 16 * 1000, 0, null);
            KvLayout layout = LoadedEngine.layout(m, s, 16 * 1000, heap);
            assertEquals(20, layout.numBlocks(), "half the heap, not one full context");
            assertEquals(4 * 3, LoadedEngine.layout(m, EngineSettings.of(1, 4, 1, 40, 0, null), 40, 1L << 40)
                    .numBlocks(), "four full contexts of 3 blocks");
            assertEquals(3 + 1, LoadedEngine.layout(m, EngineSettings.of(1, 4, 1, 40, 0, null), 40, 8 * blockBytes)
                    .numBlocks(), "a quarter of the heap is 2 blocks; one context plus a block still fits in half");
        }
    }

    @Test
    void theRamBudgetCountsTwoBytesPerF16Value() throws Exception {
        try (LoadedEngine loaded = LoadedEngine.open(file, EngineSettings.of(1, 1, 1, 100, 0, null))) {
            PagedModel m = loaded.model();
            assertEquals(KvCacheType.F16, m.kvCacheType(), "the default");
            long values = KvLayout.forModel(m, 16, 1).blockFloatsAllLayers();
            EngineSettings s = EngineSettings.of(1, 4, 1, 40, 1, null); // --cache-ram 1 (MiB)
            assertEquals((1 << 20) / (2 * values), LoadedEngine.layout(m, s, 40, 1L << 40).numBlocks());
        }
        try (LoadedEngine loaded = LoadedEngine.open(file,
                EngineSettings.of(1, 1, 1, 100, 0, null).withCacheType(KvCacheType.F32))) {
            PagedModel m = loaded.model();
            long values = KvLayout.forModel(m, 16, 1).blockFloatsAllLayers();
            EngineSettings s = EngineSettings.of(1, 4, 1, 40, 1, null);
            assertEquals((1 << 20) / (4 * values), LoadedEngine.layout(m, s, 40, 1L << 40).numBlocks());
        }
    }
}
