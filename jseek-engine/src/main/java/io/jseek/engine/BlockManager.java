package io.jseek.engine;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The paged KV cache's bookkeeping: which fixed-size token blocks each sequence holds, reference counts, and the
 * automatic prefix cache. It never sees a tensor; payloads live in a {@link KvBlockStore} indexed by block id.
 *
 * <p>Every block is in exactly one of three states: referenced ({@code refCount > 0}, possibly by several sequences
 * when it is a shared prefix block), free and empty, or free and cached (it still holds the KV of a full block
 * registered under its chained hash, reusable until evicted). Allocation takes an empty block first and otherwise
 * evicts the least recently released cached block; sequences release their blocks last-to-first, so a prefix's
 * tail is evicted before its head (a child block is useless without its parent).
 *
 * <p>Only full blocks whose KV has been computed are registered ({@link #commitComputed}), so a hit never points
 * at KV still being written by a chunked prefill. A hit is verified against the stored parent hash and token ids.
 * Partial blocks are never shared, so no copy-on-write is needed. At most {@code (length - 1) / blockSize} blocks of
 * a sequence can hit: the last token must be computed to produce logits.
 *
 * <p>Not thread-safe: the engine calls it under its lock.
 */
public final class BlockManager {
    private final int blockSize;
    private final int numBlocks;
    private final CacheTier tier;
    private final int[] refCount;
    private final boolean[] registered;
    private final long[] hash;
    private final long[] parentHash;
    private final int[][] blockTokens;
    private final Map<Long, Integer> byHash = new HashMap<>();
    private final ArrayDeque<Integer> emptyFree = new ArrayDeque<>();
    private final LinkedHashSet<Integer> cachedFree = new LinkedHashSet<>(); // head = least recently released
    private long evictions;

    public BlockManager(int numBlocks, int blockSize, CacheTier tier) {
        if (numBlocks < 1 || blockSize < 1) {
            throw new IllegalArgumentException("need at least one block of at least one token");
        }
        this.blockSize = blockSize;
        this.numBlocks = numBlocks;
        this.tier = tier;
        this.refCount = new int[numBlocks];
        this.registered = new boolean[numBlocks];
        this.hash = new long[numBlocks];
        this.parentHash = new long[numBlocks];
        this.blockTokens = new int[numBlocks][];
        for (int b = 0; b < numBlocks; b++) {
            emptyFree.addLast(b);
        }
    }

    public int blockSize() {
        return blockSize;
    }

    public int totalBlocks() {
        return numBlocks;
    }

    /** Blocks no sequence references (empty or cached). */
    public int freeBlocks() {
        return emptyFree.size() + cachedFree.size();
    }

    public int usedBlocks() {
        return numBlocks - freeBlocks();
    }

    /** Blocks registered in the prefix cache, referenced or not. */
    public int cachedBlocks() {
        return byHash.size();
    }

    /** Fraction of blocks referenced by sequences (cached free blocks count as free: they are evictable). */
    public double usage() {
        return (double) usedBlocks() / numBlocks;
    }

    public long evictions() {
        return evictions;
    }

    public int refCount(int block) {
        return refCount[block];
    }

    /** Blocks needed to hold {@code tokens} positions. */
    public int blocksFor(int tokens) {
        return (tokens + blockSize - 1) / blockSize;
    }

    /** Whether {@link #allocateFor} would succeed now for a sequence holding no blocks. */
    public boolean canAllocate(Sequence seq) {
        requireNoBlocks(seq);
        int total = blocksFor(seq.length());
        int[] tokens = seq.tokenArray();
        int hits = 0;
        int hitsNowFree = 0;
        long parent = BlockHashes.ROOT;
        for (int i = 0; i < cacheableBlocks(seq); i++) {
            long h = BlockHashes.chain(parent, tokens, i * blockSize, blockSize);
            int b = lookup(h, parent, tokens, i * blockSize);
            if (b < 0) {
                break;
            }
            hits++;
            hitsNowFree += refCount[b] == 0 ? 1 : 0;
            parent = h;
        }
        return total - hits + hitsNowFree <= freeBlocks();
    }

    /**
     * Gives {@code seq} blocks for all its tokens, reusing the longest verified cached prefix (RAM first, then the
     * second tier), and sets its computed tokens to the prefix length.
     *
     * @return the tokens served from the cache
     * @throws IllegalStateException when {@link #canAllocate} is false
     */
    public int allocateFor(Sequence seq) {
        if (!canAllocate(seq)) {
            throw new IllegalStateException("not enough free blocks for " + seq);
        }
        int[] tokens = seq.tokenArray();
        int total = blocksFor(seq.length());
        int cacheable = cacheableBlocks(seq);
        int hits = 0;
        long parent = BlockHashes.ROOT;
        boolean matching = true;
        for (int i = 0; i < total; i++) {
            if (!matching || i >= cacheable) {
                seq.addBlock(allocateFresh());
                continue;
            }
            long h = BlockHashes.chain(parent, tokens, i * blockSize, blockSize);
            int b = lookup(h, parent, tokens, i * blockSize);
            if (b >= 0) {
                take(b);
            } else {
                b = allocateFresh();
                matching = !byHash.containsKey(h) && loadFromTier(b, h, parent, tokens, i * blockSize);
            }
            seq.addBlock(b);
            if (matching) {
                seq.addBlockHash(h);
                parent = h;
                hits++;
            }
        }
        seq.setComputedTokens(hits * blockSize);
        return hits * blockSize;
    }

    /** Whether {@link #appendSlot} would succeed now. */
    public boolean canAppend(Sequence seq) {
        return blocksFor(seq.length()) - seq.blockCount() <= freeBlocks();
    }

    /** Makes room for every token of {@code seq} (a decode step's new position may start a block). */
    public void appendSlot(Sequence seq) {
        if (!canAppend(seq)) {
            throw new IllegalStateException("no free block to extend " + seq);
        }
        while (seq.blockCount() < blocksFor(seq.length())) {
            seq.addBlock(allocateFresh());
        }
    }

    /**
     * Registers the full blocks of {@code seq} whose KV is now computed in the prefix cache (and hands each new one
     * to the second tier). A block whose content another sequence registered first stays private.
     */
    public void commitComputed(Sequence seq) {
        int[] tokens = seq.tokenArray();
        int full = Math.min(seq.computedTokens() / blockSize, seq.blockCount());
        for (int i = seq.hashedBlocks(); i < full; i++) {
            long parent = i == 0 ? BlockHashes.ROOT : seq.blockHash(i - 1);
            long h = BlockHashes.chain(parent, tokens, i * blockSize, blockSize);
            int b = seq.block(i);
            seq.addBlockHash(h);
            if (registered[b] || byHash.containsKey(h)) {
                continue;
            }
            int[] own = Arrays.copyOfRange(tokens, i * blockSize, (i + 1) * blockSize);
            register(b, h, parent, own);
            tier.store(h, parent, own, b);
        }
    }

    /** Releases every block of {@code seq} (last to first) and clears its table; safe on a sequence with none. */
    public void free(Sequence seq) {
        for (int i = seq.blockCount() - 1; i >= 0; i--) {
            release(seq.block(i));
        }
        seq.clearBlocks();
    }

    /**
     * Checks the internal invariants (for tests): each block is referenced xor in exactly one free set, free sets
     * match registration, and the hash index points at registered blocks holding that hash.
     */
    void checkInvariants() {
        for (int b = 0; b < numBlocks; b++) {
            boolean inEmpty = emptyFree.contains(b);
            boolean inCached = cachedFree.contains(b);
            check(refCount[b] >= 0, "negative ref count", b);
            check((refCount[b] > 0) == (!inEmpty && !inCached), "referenced and free, or neither", b);
            check(!(inEmpty && inCached), "in both free sets", b);
            check(!inEmpty || !registered[b], "empty-free block still registered", b);
            check(!inCached || registered[b], "cached-free block not registered", b);
            check(!registered[b] || byHash.get(hash[b]) == b, "registered block missing from the index", b);
        }
        check(emptyFree.size() == new java.util.HashSet<>(emptyFree).size(), "duplicate empty-free block", -1);
        for (Map.Entry<Long, Integer> e : byHash.entrySet()) {
            int b = e.getValue();
            check(registered[b] && hash[b] == e.getKey(), "index entry for an unregistered block", b);
        }
    }

    /** The verified token ids of a registered block (for tests), or null. */
    int[] registeredTokens(int block) {
        return registered[block] ? blockTokens[block].clone() : null;
    }

    private static void check(boolean ok, String what, int block) {
        if (!ok) {
            throw new IllegalStateException("block manager invariant broken: " + what + " (block " + block + ")");
        }
    }

    private void requireNoBlocks(Sequence seq) {
        if (seq.blockCount() != 0) {
            throw new IllegalStateException(seq + " already holds blocks");
        }
    }

    private int cacheableBlocks(Sequence seq) {
        return (seq.length() - 1) / blockSize;
    }

    /** The registered block with this hash, parent and tokens, or -1 (absent, or a colliding hash). */
    private int lookup(long h, long parent, int[] tokens, int from) {
        Integer b = byHash.get(h);
        if (b == null || parentHash[b] != parent
                || !Arrays.equals(blockTokens[b], 0, blockSize, tokens, from, from + blockSize)) {
            return -1;
        }
        return b;
    }

    private boolean loadFromTier(int b, long h, long parent, int[] tokens, int from) {
        int[] own = Arrays.copyOfRange(tokens, from, from + blockSize);
        if (!tier.load(h, parent, own, b)) {
            return false;
        }
        register(b, h, parent, own);
        return true;
    }

    private void take(int b) {
        if (refCount[b] == 0) {
            cachedFree.remove(b);
        }
        refCount[b]++;
    }

    private int allocateFresh() {
        Integer b = emptyFree.pollFirst();
        if (b == null) {
            Iterator<Integer> lru = cachedFree.iterator();
            if (!lru.hasNext()) {
                throw new IllegalStateException("no free KV block");
            }
            b = lru.next();
            lru.remove();
            unregister(b);
            evictions++;
        }
        refCount[b] = 1;
        return b;
    }

    private void release(int b) {
        if (refCount[b] <= 0) {
            throw new IllegalStateException("block " + b + " released more often than taken");
        }
        if (--refCount[b] == 0) {
            if (registered[b]) {
                cachedFree.add(b);
            } else {
                emptyFree.addLast(b);
            }
        }
    }

    private void register(int b, long h, long parent, int[] tokens) {
        registered[b] = true;
        hash[b] = h;
        parentHash[b] = parent;
        blockTokens[b] = tokens;
        byHash.put(h, b);
    }

    private void unregister(int b) {
        byHash.remove(hash[b], b);
        registered[b] = false;
        blockTokens[b] = null;
    }
}
