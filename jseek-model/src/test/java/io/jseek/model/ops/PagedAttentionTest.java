package io.jseek.model.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.model.HeapKvPages;
import io.jseek.model.KvCacheType;
import io.jseek.tensor.AttentionKernel;
import io.jseek.tensor.VectorWidth;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PagedAttention} at every vector width: against sums worked out by hand, against its scalar twin (each query
 * attended alone with {@link VectorWidth#SCALAR}), and tiles against their rows attended one by one (same bits).
 *
 * <p>Error budget against the twin: both sum the same products in different orders, and a score's rounding moves
 * its softmax weight by a relative amount of about its own error, so {@code |out - twin| <= 1e-6 · max |v|} per
 * output: about eight times the largest error measured on these data over 40 positions (1.3e-7 at 512 bits, 0 at
 * the scalar width, whose tile runs the twin's very loops).
 */
class PagedAttentionTest {
    private static final int[] ONE_BLOCK = {0};
    private static final double BUDGET = 1e-6;
    /** GQA-shaped cache for the twin tests: 2 KV heads of 128, blocks of 16 in a shuffled table. */
    private static final int KV_HEADS = 2;
    private static final int D = 128;
    private static final int BLOCK = 16;
    private static final int[] TABLE = {3, 0, 2, 1};

    private static HeapKvPages cache(float[]... rows) {
        HeapKvPages kv = new HeapKvPages(rows.length, 1, new int[] {rows[0].length}, KvCacheType.F32);
        for (int p = 0; p < rows.length; p++) {
            kv.write(0, kv.rowOffset(0, ONE_BLOCK, p), 0, rows[p], 0, rows[p].length);
        }
        return kv;
    }

    private static PagedAttention attention(int bits, int maxQueries, int maxContext) {
        return new PagedAttention(AttentionKernel.of(VectorWidth.of(bits)), maxQueries, maxContext);
    }

    private static PagedAttention.Shape shape(int d, float scale) {
        return new PagedAttention.Shape(d, d, scale, KvCacheType.F32, false);
    }

    /** Two positions, one head of dim 2: out = softmax(q·k_t / sqrt(2)) weighted sum of v_t. */
    @ParameterizedTest
    @ValueSource(ints = {0, 128, 256, 512})
    void twoTokensByHand(int bits) {
        HeapKvPages kv = cache(new float[] {1f, 0f, 10f, 0f}, new float[] {0f, 1f, 0f, 20f});
        float[] out = new float[2];
        float scale = (float) (1 / Math.sqrt(2));
        attention(bits, 1, 2).attend(shape(2, scale), kv, 0, ONE_BLOCK, 0, 2, new float[] {2f, 1f}, 0, 2, 1, 1, 1,
                out, 0, 2);
        double s0 = 2 * scale;
        double s1 = 1 * scale;
        double a0 = Math.exp(s0) / (Math.exp(s0) + Math.exp(s1));
        assertEquals(10 * a0, out[0], 1e-5);
        assertEquals(20 * (1 - a0), out[1], 1e-5);
    }

    /** The first position only sees itself (causality): out = v_0 whatever the later cache holds. */
    @ParameterizedTest
    @ValueSource(ints = {0, 128, 256, 512})
    void firstPositionSeesOnlyItself(int bits) {
        HeapKvPages kv = cache(new float[] {1f, 1f, 3f, 4f}, new float[] {5f, 5f, 7f, 8f});
        float[] out = new float[2];
        attention(bits, 1, 2).attend(shape(2, 1f), kv, 0, ONE_BLOCK, 0, 2, new float[] {1f, 1f}, 0, 2, 1, 0, 1, out, 0,
                2);
        assertEquals(3f, out[0], 1e-6);
        assertEquals(4f, out[1], 1e-6);
    }

    /**
     * A tile of 6 rows (positions 34..39: the last block partly filled, the diagonal crossing a block boundary) times
     * 3 heads of KV group 1, against each query attended alone by the scalar twin; and against its rows attended one
     * by one at the same width, bit for bit.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 128, 256, 512})
    void tileMatchesScalarTwinAndRowsAlone(int bits) {
        int heads = 6;
        int perRow = 3;
        int first = 34;
        int rows = 6;
        HeapKvPages kv = randomCache(first + rows);
        float[] q = gaussian(rows * heads * D, 7);
        int qFrom = perRow * D; // heads 3..5: group 1
        int keyColumn = D;
        int valueColumn = KV_HEADS * D + D;
        PagedAttention.Shape shape = shape(D, (float) (1 / Math.sqrt(D)));
        float[] tile = new float[rows * heads * D];
        attention(bits, rows * perRow, 64).attend(shape, kv, 0, TABLE, keyColumn, valueColumn, q.clone(), qFrom,
                heads * D, perRow, first, rows, tile, qFrom, heads * D);

        float[] alone = new float[tile.length];
        float[] twin = new float[tile.length];
        PagedAttention one = attention(bits, perRow, 64);
        PagedAttention scalar = attention(0, 1, 64);
        double vMax = 0;
        for (float x : kv.layer(0)) {
            vMax = Math.max(vMax, Math.abs(x));
        }
        for (int r = 0; r < rows; r++) {
            one.attend(shape, kv, 0, TABLE, keyColumn, valueColumn, q.clone(), qFrom + r * heads * D, heads * D,
                    perRow, first + r, 1, alone, qFrom + r * heads * D, heads * D);
            for (int h = 0; h < perRow; h++) {
                int at = (r * heads + perRow + h) * D;
                scalar.attend(shape, kv, 0, TABLE, keyColumn, valueColumn, q.clone(), at, D, 1, first + r, 1, twin,
                        at, D);
            }
        }
        assertArrayEquals(alone, tile);
        for (int i = 0; i < tile.length; i++) {
            double err = Math.abs(tile[i] - twin[i]);
            int at = i;
            assertTrue(err <= BUDGET * vMax, () -> "output " + at + ": " + tile[at] + " vs twin " + twin[at]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 512})
    void tileBeyondScratchIsAnError(int bits) {
        HeapKvPages kv = randomCache(8);
        float[] q = new float[4 * D];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> attention(bits, 2, 64)
                .attend(shape(D, 1f), kv, 0, TABLE, 0, KV_HEADS * D, q, 0, D, 1, 0, 4, new float[4 * D], 0, D));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
    }

    /**
     * Pages of halves give the very bits of float pages that hold the same values rounded through F16: GQA heads of
     * 128 and an MLA latent of 512 + 64, blocks of 100 (so the widened chunks end at block ends as well as within a
     * block), a decode row and a tile of 5 rows of 3 heads, scalar and vector kernels.
     */
    @ParameterizedTest
    @CsvSource({"0, 128, 128", "512, 128, 128", "0, 576, 512", "512, 576, 512", "-1, 576, 512"})
    void halfPagesReadAsTheirRoundedFloats(int bits, int dK, int dV) {
        int block = 100;
        int[] table = {2, 0, 3, 1};
        int width = dK + dV;
        int positions = 350;
        HeapKvPages halves = new HeapKvPages(block, table.length, new int[] {width}, KvCacheType.F16);
        HeapKvPages floats = new HeapKvPages(block, table.length, new int[] {width}, KvCacheType.F32);
        for (int p = 0; p < positions; p++) {
            float[] row = gaussian(width, 7 + p);
            halves.write(0, halves.rowOffset(0, table, p), 0, row, 0, width);
            ActivationPrecision.toF16(row, 0, width);
            floats.write(0, floats.rowOffset(0, table, p), 0, row, 0, width);
        }
        PagedAttention.Shape shape = new PagedAttention.Shape(dK, dV, (float) (1 / Math.sqrt(dK)), KvCacheType.F16,
                true);
        int perRow = 3;
        for (int rows : new int[] {1, 5}) {
            float[] q = gaussian(rows * perRow * dK, 11);
            int first = positions - rows;
            float[] fromHalves = new float[rows * perRow * dV];
            float[] fromFloats = new float[fromHalves.length];
            VectorWidth w = bits < 0 ? VectorWidth.DEFAULT : VectorWidth.of(bits);
            new PagedAttention(AttentionKernel.of(w), rows * perRow, positions).attend(shape, halves, 0, table, 0,
                    dK, q.clone(), 0, perRow * dK, perRow, first, rows, fromHalves, 0, perRow * dV);
            new PagedAttention(AttentionKernel.of(w), rows * perRow, positions).attend(shape, floats, 0, table, 0,
                    dK, q.clone(), 0, perRow * dK, perRow, first, rows, fromFloats, 0, perRow * dV);
            assertArrayEquals(fromFloats, fromHalves, rows + " rows");
        }
    }

    /** Positions {@code 0 .. n} of one sequence in blocks {@link #TABLE}: keys, then values, of both KV heads. */
    private static HeapKvPages randomCache(int n) {
        int width = 2 * KV_HEADS * D;
        HeapKvPages kv = new HeapKvPages(BLOCK, TABLE.length, new int[] {width}, KvCacheType.F32);
        for (int p = 0; p < n; p++) {
            kv.write(0, kv.rowOffset(0, TABLE, p), 0, gaussian(width, 100 + p), 0, width);
        }
        return kv;
    }

    private static float[] gaussian(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }
}
