package io.jseek.tokenizer;

/**
 * Bounded, thread-safe cache from a pre-tokenized chunk to its token ids. Natural text repeats a small set of
 * words, so most chunks skip BPE entirely.
 *
 * <p>Direct-mapped, like a hardware cache: each chunk hashes to one slot and a new entry simply replaces the old
 * one, which bounds memory without any eviction bookkeeping. Lookups take the chunk as a region of the input, so a
 * hit allocates nothing (no substring). Lock-free: slots hold immutable {@link Entry} objects whose final fields
 * make them safely published even through the plain array; a lost race only costs a recomputation.
 */
final class WordCache {
    private final Entry[] slots;
    private final int mask;
    private final int maxKeyLength;

    private record Entry(String key, int hash, int[] ids) {
    }

    /**
     * @param capacity number of slots, rounded up to a power of two
     * @param maxKeyLength longer chunks are not cached (rare, and they would pin memory)
     */
    WordCache(int capacity, int maxKeyLength) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        slots = new Entry[size];
        mask = size - 1;
        this.maxKeyLength = maxKeyLength;
    }

    boolean accepts(int keyLength) {
        return keyLength <= maxKeyLength;
    }

    /** Hash of {@code text[start, end)}; equal to {@link String#hashCode()} of that substring. */
    static int hash(CharSequence text, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + text.charAt(i);
        }
        return h;
    }

    /** The ids cached for {@code text[start, end)} with hash {@code hash}, or null. Never modify the result. */
    int[] get(CharSequence text, int start, int end, int hash) {
        Entry e = slots[slot(hash)];
        if (e == null || e.hash != hash || e.key.length() != end - start) {
            return null;
        }
        String key = e.key;
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) != text.charAt(start + i)) {
                return null;
            }
        }
        return e.ids;
    }

    void put(String chunk, int hash, int[] ids) {
        slots[slot(hash)] = new Entry(chunk, hash, ids);
    }

    private int slot(int hash) {
        return (hash ^ (hash >>> 16)) & mask;
    }
}
