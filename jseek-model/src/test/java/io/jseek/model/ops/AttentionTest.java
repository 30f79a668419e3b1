package io.jseek.model.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jseek.model.ComputePool;
import io.jseek.model.KvCache;
import org.junit.jupiter.api.Test;

class AttentionTest {

    /** Two positions, one head of dim 2: out = softmax(q·k_t / sqrt(2)) weighted sum of v_t. */
    @Test
    void twoTokensByHand() {
        KvCache cache = new KvCache(4, new int[] {2}, new int[] {2}, false);
        cache.store(0, 0, new float[] {1f, 0f}, new float[] {10f, 0f});
        cache.store(0, 1, new float[] {0f, 1f}, new float[] {0f, 20f});
        float[] q = {2f, 1f};
        float[] out = new float[2];
        float scale = (float) (1 / Math.sqrt(2));
        try (ComputePool pool = new ComputePool(1)) {
            new Attention(1, 4).attend(pool, cache, 0, q, 1, 1, 2, 2, 1, scale, out);
        }
        double s0 = 2 * scale;
        double s1 = 1 * scale;
        double a0 = Math.exp(s0) / (Math.exp(s0) + Math.exp(s1));
        assertEquals(10 * a0, out[0], 1e-5);
        assertEquals(20 * (1 - a0), out[1], 1e-5);
    }

    /** The first position only sees itself (causality): out = v_0 whatever the later cache holds. */
    @Test
    void firstPositionSeesOnlyItself() {
        KvCache cache = new KvCache(2, new int[] {2}, new int[] {2}, false);
        cache.store(0, 0, new float[] {1f, 1f}, new float[] {3f, 4f});
        cache.store(0, 1, new float[] {5f, 5f}, new float[] {7f, 8f});
        float[] out = new float[2];
        try (ComputePool pool = new ComputePool(1)) {
            new Attention(1, 2).attend(pool, cache, 0, new float[] {1f, 1f}, 1, 1, 2, 2, 0, 1f, out);
        }
        assertEquals(3f, out[0], 1e-6);
        assertEquals(4f, out[1], 1e-6);
    }

    /** GQA: four query heads over two KV heads; heads 0-1 read KV head 0, heads 2-3 KV head 1. */
    @Test
    void groupedQueryHeadsShareKvHeads() {
        KvCache cache = new KvCache(1, new int[] {2}, new int[] {2}, false);
        cache.store(0, 0, new float[] {1f, 1f}, new float[] {5f, 6f});
        float[] out = new float[4];
        try (ComputePool pool = new ComputePool(2)) {
            new Attention(4, 1).attend(pool, cache, 0, new float[4], 4, 2, 1, 1, 0, 1f, out);
        }
        assertEquals(5f, out[0]);
        assertEquals(5f, out[1]);
        assertEquals(6f, out[2]);
        assertEquals(6f, out[3]);
    }

    @Test
    void f16CacheRoundsValues() {
        KvCache cache = new KvCache(1, new int[] {1}, new int[] {1}, true);
        cache.store(0, 0, new float[] {0.1f}, new float[] {1.0001f});
        assertEquals(Float.float16ToFloat(Float.floatToFloat16(0.1f)), cache.keys(0)[0]);
        assertEquals(1f, cache.values(0)[0]);
    }
}
