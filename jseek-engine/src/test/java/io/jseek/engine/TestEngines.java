package io.jseek.engine;

import io.jseek.model.KvCacheType;
import io.jseek.model.SamplerParams;
import java.util.Set;
import java.util.function.Function;

/** A fake-model engine with a small paged KV pool, for tests. */
final class TestEngines {
    static final int VOCAB = 64;
    static final int STOP_TOKEN = 0;

    final KvLayout layout;
    final RamKvBlockStore store;
    final FakeModelRunner runner;
    final Engine engine;

    /** An engine whose second cache tier {@code tier} builds over the fresh KV store. */
    TestEngines(EngineConfig config, int blockSize, int numBlocks, Function<RamKvBlockStore, CacheTier> tier) {
        this.layout = new KvLayout(blockSize, numBlocks, new int[] {3, 5});
        this.store = new RamKvBlockStore(layout, KvCacheType.F32);
        this.runner = new FakeModelRunner(store, VOCAB);
        this.engine = new Engine(config, runner, layout, tier.apply(store));
    }

    TestEngines(EngineConfig config, int blockSize, int numBlocks) {
        this(config, blockSize, numBlocks, store -> CacheTier.NONE);
    }

    static Request request(int[] prompt, int maxTokens) {
        return new Request(prompt, maxTokens, SamplerParams.greedy(), Set.of(STOP_TOKEN));
    }

    /** Tokens 1 .. VOCAB-1 (never the stop token) from a seed. */
    static int[] prompt(long seed, int length) {
        int[] p = new int[length];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            p[i] = 1 + (int) Math.floorMod(x, (long) (VOCAB - 1));
        }
        return p;
    }

    RecordingSink submit(int[] prompt, int maxTokens) throws RequestRejectedException {
        RecordingSink sink = new RecordingSink();
        engine.submit(request(prompt, maxTokens), sink);
        return sink;
    }

    /** Steps until idle; fails on a runaway loop. */
    int drain() {
        int steps = 0;
        while (engine.runStep()) {
            if (++steps > 100_000) {
                throw new AssertionError("engine does not settle");
            }
        }
        return steps;
    }

    java.util.List<Integer> expected(int[] prompt, int maxTokens) {
        return FakeModelRunner.expectedCompletion(prompt, maxTokens, Set.of(STOP_TOKEN), VOCAB);
    }
}
