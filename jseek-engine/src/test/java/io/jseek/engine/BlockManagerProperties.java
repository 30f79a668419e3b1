package io.jseek.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random interleavings of admit (with prefix hits), chunked compute, decode, finish, cancel and preempt keep the
 * block manager's books straight. Prompts come from three families that share prefixes, so hits are frequent.
 */
class BlockManagerProperties {
    private static final int BS = 4;

    private final List<Sequence> live = new ArrayList<>();
    private final List<Sequence> preempted = new ArrayList<>();
    private long nextId;

    @Property(tries = 300, seed = "7340033")
    void randomOperationsKeepTheBooksConsistent(@ForAll("ops") List<Integer> ops,
                                                @ForAll @IntRange(min = 3, max = 24) int numBlocks) {
        live.clear();
        preempted.clear();
        BlockManager blocks = new BlockManager(numBlocks, BS, CacheTier.NONE);
        for (int op : ops) {
            switch (op % 5) {
                case 0 -> admit(blocks, op / 5);
                case 1 -> compute(blocks, op / 5);
                case 2 -> end(blocks, op / 5, FinishReason.STOP);
                case 3 -> end(blocks, op / 5, FinishReason.CANCELLED);
                default -> preempt(blocks, op / 5);
            }
            checkBooks(blocks);
        }
        while (!live.isEmpty()) {
            end(blocks, 0, FinishReason.CANCELLED);
        }
        assertEquals(numBlocks, blocks.freeBlocks(), "everything is free once every sequence ended");
    }

    @Provide
    Arbitrary<List<Integer>> ops() {
        return Arbitraries.integers().between(0, 1 << 24).list().ofMaxSize(120);
    }

    private void admit(BlockManager blocks, int v) {
        boolean resume = !preempted.isEmpty() && v % 3 == 0;
        Sequence s = resume ? preempted.getFirst() : newSequence(v);
        if (!blocks.canAllocate(s)) {
            return;
        }
        if (resume) {
            preempted.removeFirst();
        }
        int hit = blocks.allocateFor(s);
        assertEquals(0, hit % BS);
        assertTrue(hit <= (s.length() - 1) / BS * BS, "the last token is always computed");
        assertEquals(hit, s.computedTokens());
        assertEquals(blocks.blocksFor(s.length()), s.blockCount());
        s.moveTo(SequenceState.PREFILLING);
        live.add(s);
    }

    private Sequence newSequence(int v) {
        int family = v % 3;
        int length = 1 + (v / 3) % 18;
        int[] prompt = new int[length];
        for (int i = 0; i < length; i++) {
            prompt[i] = (family * 7 + i * 3) % 11 + 1;
        }
        if ((v / 54) % 3 == 0) {
            prompt[(v / 162) % length] = 99;
        }
        return new Sequence(nextId++, prompt, 1000);
    }

    private void compute(BlockManager blocks, int v) {
        if (live.isEmpty()) {
            return;
        }
        Sequence s = live.get(v % live.size());
        if (s.state() == SequenceState.PREFILLING) {
            int n = 1 + (v / live.size()) % 7;
            s.setComputedTokens(Math.min(s.length(), s.computedTokens() + n));
            blocks.commitComputed(s);
            if (s.computedTokens() == s.length()) {
                s.moveTo(SequenceState.DECODING);
                s.appendToken(v % 13);
            }
        } else if (blocks.canAppend(s)) {
            blocks.appendSlot(s);
            s.setComputedTokens(s.length());
            blocks.commitComputed(s);
            s.appendToken(v % 13);
        }
    }

    private void end(BlockManager blocks, int v, FinishReason reason) {
        if (live.isEmpty()) {
            return;
        }
        Sequence s = live.remove(v % live.size());
        blocks.free(s);
        s.finish(reason);
        assertEquals(0, s.blockCount());
    }

    private void preempt(BlockManager blocks, int v) {
        if (live.isEmpty()) {
            return;
        }
        Sequence s = live.remove(v % live.size());
        blocks.free(s);
        s.moveTo(SequenceState.WAITING);
        preempted.addLast(s);
    }

    private void checkBooks(BlockManager blocks) {
        blocks.checkInvariants();
        Map<Integer, Integer> refs = new HashMap<>();
        for (Sequence s : live) {
            for (int i = 0; i < s.blockCount(); i++) {
                refs.merge(s.block(i), 1, Integer::sum);
                int[] cached = blocks.registeredTokens(s.block(i));
                if (cached != null) {
                    assertArrayEquals(s.tokens(i * BS, (i + 1) * BS), cached, "a cached block holds its tokens");
                    assertTrue((i + 1) * BS <= s.computedTokens(), "only computed blocks are cached");
                }
            }
        }
        for (int b = 0; b < blocks.totalBlocks(); b++) {
            int expected = refs.getOrDefault(b, 0);
            assertEquals(expected, blocks.refCount(b), "ref count of block " + b);
            assertTrue(expected <= 1 || blocks.registeredTokens(b) != null, "only cached full blocks are shared");
        }
        assertEquals(refs.size(), blocks.usedBlocks());
        assertEquals(blocks.totalBlocks(), blocks.freeBlocks() + blocks.usedBlocks());
        for (Sequence s : preempted) {
            assertEquals(0, s.blockCount());
        }
    }
}
