package io.jseek.model.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jseek.model.HeapKvPages;
import io.jseek.model.KvCacheType;
import org.junit.jupiter.api.Test;

/** One head of {@link PagedAttention} against sums worked out by hand. Cache rows: {@code [k ‖ v]}. */
class PagedAttentionTest {
    private static final int[] TABLE = {0};

    private static HeapKvPages cache(float[]... rows) {
        HeapKvPages kv = new HeapKvPages(rows.length, 1, new int[] {rows[0].length});
        for (int p = 0; p < rows.length; p++) {
            kv.write(0, kv.rowOffset(0, TABLE, p), 0, rows[p], 0, rows[p].length, KvCacheType.F32);
        }
        return kv;
    }

    /** Two positions, one head of dim 2: out = softmax(q·k_t / sqrt(2)) weighted sum of v_t. */
    @Test
    void twoTokensByHand() {
        HeapKvPages kv = cache(new float[] {1f, 0f, 10f, 0f}, new float[] {0f, 1f, 0f, 20f});
        float[] q = {2f, 1f};
        float[] out = new float[2];
        float scale = (float) (1 / Math.sqrt(2));
        PagedAttention.attendHead(q, 0, kv, 0, TABLE, 0, 2, 2, 2, 2, scale, new float[2], 0, out, 0, KvCacheType.F32, false);
        double s0 = 2 * scale;
        double s1 = 1 * scale;
        double a0 = Math.exp(s0) / (Math.exp(s0) + Math.exp(s1));
        assertEquals(10 * a0, out[0], 1e-5);
        assertEquals(20 * (1 - a0), out[1], 1e-5);
    }

    /** The first position only sees itself (causality): out = v_0 whatever the later cache holds. */
    @Test
    void firstPositionSeesOnlyItself() {
        HeapKvPages kv = cache(new float[] {1f, 1f, 3f, 4f}, new float[] {5f, 5f, 7f, 8f});
        float[] out = new float[2];
        PagedAttention.attendHead(new float[] {1f, 1f}, 0, kv, 0, TABLE, 0, 2, 2, 2, 1, 1f, new float[2], 0, out, 0,
                KvCacheType.F32, false);
        assertEquals(3f, out[0], 1e-6);
        assertEquals(4f, out[1], 1e-6);
    }
}
