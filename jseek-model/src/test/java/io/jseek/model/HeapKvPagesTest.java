package io.jseek.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A sequence's cache grows as positions are reserved, keeps its rows, and fails with a message, not an error. */
class HeapKvPagesTest {
    @Test
    void aSequenceCacheAllocatesOnlyWhatIsReserved() {
        HeapKvPages kv = HeapKvPages.sequence(131_072, new int[] {8, 4}, KvCacheType.F32);
        assertEquals(0, kv.allocatedPositions());
        kv.reserve(3);
        assertEquals(HeapKvPages.FIRST_ROWS, kv.allocatedPositions());
        assertEquals(HeapKvPages.FIRST_ROWS * 8, kv.layer(0).length);
        assertEquals(HeapKvPages.FIRST_ROWS * 4, kv.layer(1).length);
    }

    @Test
    void growingKeepsTheRowsWritten() {
        HeapKvPages kv = HeapKvPages.sequence(1000, new int[] {3}, KvCacheType.F32);
        kv.reserve(11);
        int row = kv.offset(0, 0, 10);
        kv.write(0, row, 0, new float[] {1.5f, -2f, 3f}, 0, 3);
        kv.reserve(300);
        assertEquals(2 * HeapKvPages.FIRST_ROWS, kv.allocatedPositions(), "doubles");
        assertEquals(row, kv.offset(0, 0, 10), "offsets do not move");
        assertEquals(-2f, kv.layer(0)[row + 1]);
        kv.reserve(1000);
        assertEquals(1000, kv.allocatedPositions(), "capped at the context");
        assertEquals(3f, kv.layer(0)[row + 2]);
        assertThrows(IndexOutOfBoundsException.class, () -> kv.reserve(1001));
    }

    @Test
    void aContextBeyondOneArrayIsRefusedUpFront() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeapKvPages.sequence(1_000_000_000, new int[] {576}, KvCacheType.F16));
        assertTrue(e.getMessage().contains("1000000000 positions"), e.getMessage());
    }

    @Test
    void runningOutOfHeapIsAnExceptionThatSaysWhatToChange() {
        // 2^19 halves per position: 4095 positions need 4 GiB, beyond the tests' -Xmx2g (and past any small heap).
        HeapKvPages kv = HeapKvPages.sequence(4095, new int[] {1 << 19}, KvCacheType.F16);
        KvCacheMemoryException e = assertThrows(KvCacheMemoryException.class, () -> kv.reserve(4095));
        assertEquals(4095, e.positions());
        assertEquals(4095L * (1 << 19) * Short.BYTES, e.bytes());
        assertTrue(e.getMessage().contains("smaller context length"), e.getMessage());
        assertEquals(0, kv.allocatedPositions(), "the cache is left as it was");
    }

    @Test
    void f16PagesHoldTwoBytesPerValueAsHalves() {
        HeapKvPages f16 = new HeapKvPages(4, 2, new int[] {8, 4}, KvCacheType.F16);
        HeapKvPages f32 = new HeapKvPages(4, 2, new int[] {8, 4}, KvCacheType.F32);
        assertEquals(12L * Short.BYTES, f16.bytesPerPosition());
        assertEquals(12L * Float.BYTES, f32.bytesPerPosition());
        assertEquals(2 * 4 * 8, f16.halves(0).length);
        assertThrows(IllegalStateException.class, () -> f16.layer(0));
        assertThrows(IllegalStateException.class, () -> f32.halves(0));

        float[] row = {1f / 3, -65504f, 1e-7f, 70000f};
        int at = f16.offset(1, 1, 2);
        f16.write(1, at, 0, row, 0, row.length);
        float[] back = new float[row.length];
        f16.read(1, at, 1, row.length, back, 0);
        for (int i = 0; i < row.length; i++) {
            short half = Float.floatToFloat16(row[i]);
            assertEquals(half, f16.halves(1)[at + i], "value " + i + " held as its half");
            assertEquals(Float.float16ToFloat(half), back[i], "value " + i + " read back exactly");
        }
    }
}
