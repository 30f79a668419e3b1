package io.jseek.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.model.KvCacheType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
        return open(new RamKvBlockStore(new KvLayout(BS, 1, new int[] {3, 5}), KvCacheType.F32), fingerprint).fileFor(h);
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

    /** A store of two blocks of {@link #BS} rows of 3 and 5 values, block 0 filled with random values. */
    private static RamKvBlockStore filledStore(KvCacheType type) {
        RamKvBlockStore store = new RamKvBlockStore(new KvLayout(BS, 2, new int[] {3, 5}), type);
        SplittableRandom rnd = new SplittableRandom(5);
        for (int l = 0; l < 2; l++) {
            for (int slot = 0; slot < BS; slot++) {
                float[] row = new float[store.width(l)];
                for (int i = 0; i < row.length; i++) {
                    row[i] = (float) rnd.nextGaussian();
                }
                store.write(l, store.offset(l, 0, slot), 0, row, 0, row.length);
            }
        }
        return store;
    }

    @Test
    void f16BlocksGoToDiskAsHalvesAndComeBackBitForBit() throws Exception {
        int[] tokens = TestEngines.prompt(3, BS);
        RamKvBlockStore f16 = filledStore(KvCacheType.F16);
        DiskBlockCache c16 = open(f16, MODEL);
        c16.store(42, 7, tokens, 0);
        c16.flush();
        DiskBlockCache c32 = open(filledStore(KvCacheType.F32), MODEL + 1);
        c32.store(42, 7, tokens, 0);
        c32.flush();
        long values = BS * (3 + 5);
        assertEquals(Files.size(c32.fileFor(42)) - 2 * values, Files.size(c16.fileFor(42)), "2 bytes per value");

        RamKvBlockStore fresh = new RamKvBlockStore(new KvLayout(BS, 2, new int[] {3, 5}), KvCacheType.F16);
        DiskBlockCache reopened = open(fresh, MODEL);
        assertTrue(reopened.load(42, 7, tokens, 1));
        for (int l = 0; l < 2; l++) {
            int n = BS * fresh.width(l);
            short[] want = Arrays.copyOfRange(f16.halves(l), 0, n);
            assertArrayEquals(want, Arrays.copyOfRange(fresh.halves(l), n, 2 * n), "layer " + l);
        }
        RamKvBlockStore asFloats = new RamKvBlockStore(new KvLayout(BS, 2, new int[] {3, 5}), KvCacheType.F32);
        assertFalse(open(asFloats, MODEL).load(42, 7, tokens, 1), "an F16 entry is never read as floats");
    }

    @Test
    void anOldFormatFileIsRefusedWithOneWarning() throws Exception {
        int[] tokens = TestEngines.prompt(3, BS);
        DiskBlockCache cache = open(filledStore(KvCacheType.F16), MODEL);
        List<String> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(DiskBlockCache.class.getName());
        logger.addHandler(handler);
        try {
            for (long hash : new long[] {42, 43}) {
                // version 1 (main before F16 halves): magic, version, fingerprint, ..., F16 values as floats
                ByteBuffer v1 = ByteBuffer.allocate(4 + 4 + 8 + 256 + 4 * BS * (3 + 5)).order(ByteOrder.LITTLE_ENDIAN);
                v1.putInt(0x4A534B56).putInt(1).putLong(MODEL);
                Files.createDirectories(cache.fileFor(hash).getParent());
                Files.write(cache.fileFor(hash), v1.array());
                assertFalse(cache.load(hash, 7, tokens, 1));
            }
        } finally {
            logger.removeHandler(handler);
        }
        assertEquals(2, cache.rejected());
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.getFirst().contains("format version 1"), warnings.getFirst());
        cache.store(42, 7, tokens, 0);
        cache.flush();
        assertTrue(cache.load(42, 7, tokens, 1), "the entry is rewritten in the current format");
    }
}
