package io.jseek.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BlockManagerTest {
    private static final int BS = 4;

    private static Sequence computed(BlockManager blocks, long id, int[] prompt) {
        Sequence s = new Sequence(id, prompt, 10);
        blocks.allocateFor(s);
        s.setComputedTokens(s.length());
        blocks.commitComputed(s);
        return s;
    }

    private static int[] range(int from, int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = from + i;
        }
        return t;
    }

    @Test
    void sharedPrefixBlocksAreCountedOncePerHolder() {
        BlockManager blocks = new BlockManager(8, BS, CacheTier.NONE);
        Sequence a = computed(blocks, 1, range(0, 9));
        Sequence b = new Sequence(2, range(0, 9), 10);
        assertEquals(8, blocks.allocateFor(b));
        assertEquals(a.block(0), b.block(0));
        assertEquals(a.block(1), b.block(1));
        assertEquals(2, blocks.refCount(a.block(0)));
        assertEquals(4, blocks.usedBlocks());
        int aPrivate = a.block(2);
        blocks.free(a);
        assertEquals(1, blocks.refCount(b.block(0)));
        assertEquals(0, blocks.refCount(aPrivate));
        blocks.free(b);
        assertEquals(0, blocks.usedBlocks());
        assertEquals(2, blocks.cachedBlocks());
        blocks.checkInvariants();
    }

    @Test
    void emptyBlocksGoFirstThenTheLeastRecentlyReleasedCachedOne() {
        BlockManager blocks = new BlockManager(4, BS, CacheTier.NONE);
        Sequence a = computed(blocks, 1, range(0, 5)); // block of [0..4) cached, partial block empty
        Sequence b = computed(blocks, 2, range(50, 5));
        int aFull = a.block(0);
        int bFull = b.block(0);
        blocks.free(a);
        blocks.free(b);
        assertEquals(2, blocks.cachedBlocks());
        Sequence c = new Sequence(3, range(100, 8), 10);
        blocks.allocateFor(c);
        assertEquals(2, blocks.cachedBlocks(), "the two empty blocks were taken before evicting");
        blocks.free(c);
        Sequence d = new Sequence(4, range(200, 12), 10);
        blocks.allocateFor(d);
        assertEquals(1, blocks.evictions());
        assertEquals(aFull, d.block(2), "a's block was released first, so it is evicted first");
        Sequence e = new Sequence(5, range(50, 5), 10);
        blocks.free(d);
        assertEquals(4, blocks.allocateFor(e), "b's block survived");
        assertEquals(bFull, e.block(0));
        blocks.checkInvariants();
    }

    @Test
    void canAllocateCountsCachedHitsThatLeaveTheFreePool() {
        BlockManager blocks = new BlockManager(3, BS, CacheTier.NONE);
        Sequence a = computed(blocks, 1, range(0, 9));
        blocks.free(a);
        Sequence same = new Sequence(2, range(0, 9), 10);
        assertTrue(blocks.canAllocate(same));
        assertEquals(8, blocks.allocateFor(same));
        Sequence other = new Sequence(3, range(30, 2), 10);
        assertFalse(blocks.canAllocate(other));
        assertThrows(IllegalStateException.class, () -> blocks.allocateFor(other));
        blocks.checkInvariants();
    }

    @Test
    void decodesGrowTheTableOneBlockAtATime() {
        BlockManager blocks = new BlockManager(3, BS, CacheTier.NONE);
        Sequence s = new Sequence(1, range(0, 4), 10);
        blocks.allocateFor(s);
        s.moveTo(SequenceState.PREFILLING);
        s.moveTo(SequenceState.DECODING);
        s.appendToken(9);
        assertEquals(1, s.blockCount());
        blocks.appendSlot(s);
        assertEquals(2, s.blockCount());
        blocks.appendSlot(s);
        assertEquals(2, s.blockCount(), "appendSlot is idempotent");
    }

    @Test
    void aFailingSecondTierIsAMiss() {
        CacheTier broken = new CacheTier() {
            @Override
            public boolean load(long hash, long parentHash, int[] tokens, int block) {
                return false;
            }

            @Override
            public void store(long hash, long parentHash, int[] tokens, int block) {
            }
        };
        BlockManager blocks = new BlockManager(4, BS, broken);
        assertEquals(0, blocks.allocateFor(new Sequence(1, range(0, 9), 10)));
    }

    @Test
    void hashesChainThroughParents() {
        int[] t = range(0, 8);
        long h0 = BlockHashes.chain(BlockHashes.ROOT, t, 0, 4);
        assertEquals(h0, BlockHashes.chain(BlockHashes.ROOT, t, 0, 4));
        assertFalse(BlockHashes.chain(h0, t, 4, 4) == BlockHashes.chain(BlockHashes.ROOT, t, 4, 4));
    }
}
