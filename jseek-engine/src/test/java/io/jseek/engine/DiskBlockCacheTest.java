package io.jseek.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk tier across "restarts": a new engine, a new KV store and a new cache over the same directory. */
class DiskBlockCacheTest {
    private static final int BS = 8;
    private static final long MODEL = 0x5EED_0001L;
    private static final int[] PROMPT = TestEngines.prompt(9, 3 * BS + 2);

    @TempDir
    Path dir;

    private final List<DiskBlockCache> caches = new ArrayList<>();

    @AfterEach
    void closeCaches() {
        caches.forEach(DiskBlockCache::close);
    }

    /** Runs {@link #PROMPT} on a fresh engine over the cache directory; returns its usage. */
    private Usage runFresh(long fingerprint) throws Exception {
        DiskBlockCache[] cache = new DiskBlockCache[1];
        TestEngines t = new TestEngines(new EngineConfig(2, 4, 64, 256), BS, 16, store -> {
            cache[0] = open(store, fingerprint);
            return cache[0];
        });
        RecordingSink sink = t.submit(PROMPT, 4);
        t.drain();
        t.engine.close();
        cache[0].flush();
        assertEquals(t.expected(PROMPT, 4), sink.tokens, "the completion is right, whatever the cache served");
        assertTrue(t.runner.problems().isEmpty(), t.runner.problems()::toString);
        return sink.finished.usage();
    }

    private DiskBlockCache open(KvBlockStore store, long fingerprint) {
        try {
            DiskBlockCache c = new DiskBlockCache(dir, fingerprint, store, 64);
            caches.add(c);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DiskBlockCache lastCache() {
        return caches.getLast();
    }

    private Path fileOfBlock(int index, long fingerprint) throws IOException {
        long h = BlockHashes.ROOT;
        for (int i = 0; i <= index; i++) {
            h = BlockHashes.chain(h, PROMPT, i * BS, BS);
        }
        return open(new RamKvBlockStore(new KvLayout(BS, 1, new int[] {3, 5})), fingerprint).fileFor(h);
    }

    @Test
    void blocksSurviveARestart() throws Exception {
        assertEquals(0, runFresh(MODEL).cacheHitTokens());
        assertTrue(lastCache().writes() >= 3);
        assertEquals(3 * BS, runFresh(MODEL).cacheHitTokens());
        assertEquals(3, lastCache().hits());
    }

    @Test
    void aCorruptedFileIsIgnoredAndHealed() throws Exception {
        runFresh(MODEL);
        Path second = fileOfBlock(1, MODEL);
        byte[] bytes = Files.readAllBytes(second);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(second, bytes);
        assertEquals(BS, runFresh(MODEL).cacheHitTokens(), "only the block before the corrupt one hits");
        assertEquals(1, lastCache().rejected());
        assertEquals(3 * BS, runFresh(MODEL).cacheHitTokens(), "the recomputed block was written again");
    }

    @Test
    void truncatedAndGarbageFilesAreMisses() throws Exception {
        runFresh(MODEL);
        Path first = fileOfBlock(0, MODEL);
        Files.write(first, new byte[] {1, 2, 3});
        assertEquals(0, runFresh(MODEL).cacheHitTokens());
        assertEquals(1, lastCache().rejected());
    }

    @Test
    void anotherModelsFilesAreIgnored() throws Exception {
        runFresh(MODEL);
        assertEquals(0, runFresh(MODEL + 1).cacheHitTokens(), "another fingerprint has its own directory");
        Path foreign = fileOfBlock(0, MODEL);
        Path mine = fileOfBlock(0, MODEL + 2);
        Files.createDirectories(mine.getParent());
        Files.copy(foreign, mine);
        assertEquals(0, runFresh(MODEL + 2).cacheHitTokens(), "a copied file still names its own model");
        assertEquals(1, lastCache().rejected());
    }
}
