package io.jseek.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rank-ordered byte-level BPE over one pre-tokenized chunk (llama.cpp {@code llm_tokenizer_bpe_session}, docs §4.4).
 *
 * <p>Symbols are token ids from the start: each UTF-8 byte becomes the id of its byte-level character, and a merge
 * replaces a pair of ids by the id of their concatenation, found in a {@link MergeTable} keyed by the id pair. The
 * symbols form a doubly linked list over arrays, and candidate merges sit in a binary min-heap of
 * {@code (rank << 32 | leftPosition)} longs, so the lowest rank wins and ties go to the leftmost pair. Stale heap
 * entries are recognised on removal: an entry is applied only if its left symbol is alive and the pair it now forms
 * still has the entry's rank (ranks identify pairs, so the pair is then the same one).
 *
 * <p>Strings that a merge rule mentions but the vocabulary lacks get "virtual" ids above the vocabulary, so merging
 * behaves exactly as llama.cpp's string-based merge; a final virtual symbol is emitted as the tokens of its single
 * characters, characters without a token being dropped (llama.cpp behaviour). Immutable and thread-safe; per-call
 * state lives in a {@link Workspace}.
 */
final class BpeEncoder {
    private final MergeTable merges;
    private final int[] byteSymbols = new int[256];
    private final int vocabularySize;
    private final String[] virtualTexts;
    private final int[][] virtualExpansion;

    /**
     * @param tokenIds vocabulary text to id
     * @param vocabularySize number of real ids
     * @param mergeLeft left parts of the merge rules, in rank order
     * @param mergeRight right parts of the merge rules, in rank order
     */
    BpeEncoder(Map<String, Integer> tokenIds, int vocabularySize, String[] mergeLeft, String[] mergeRight) {
        this.vocabularySize = vocabularySize;
        Map<String, Integer> virtualIds = new HashMap<>();
        List<String> virtual = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            byteSymbols[b] = symbolId(String.valueOf(ByteLevel.charOf(b)), tokenIds, virtualIds, virtual);
        }
        merges = new MergeTable(mergeLeft.length);
        for (int rank = 0; rank < mergeLeft.length; rank++) {
            int left = symbolId(mergeLeft[rank], tokenIds, virtualIds, virtual);
            int right = symbolId(mergeRight[rank], tokenIds, virtualIds, virtual);
            int merged = symbolId(mergeLeft[rank] + mergeRight[rank], tokenIds, virtualIds, virtual);
            merges.putIfAbsent(left, right, rank, merged);
        }
        virtualTexts = virtual.toArray(String[]::new);
        virtualExpansion = new int[virtualTexts.length][];
        for (int i = 0; i < virtualTexts.length; i++) {
            virtualExpansion[i] = characterTokens(virtualTexts[i], tokenIds);
        }
    }

    private int symbolId(String text, Map<String, Integer> tokenIds, Map<String, Integer> virtualIds,
                         List<String> virtual) {
        Integer id = tokenIds.get(text);
        if (id != null) {
            return id;
        }
        return virtualIds.computeIfAbsent(text, t -> {
            virtual.add(t);
            return vocabularySize + virtual.size() - 1;
        });
    }

    private static int[] characterTokens(String text, Map<String, Integer> tokenIds) {
        IntList ids = new IntList(text.length());
        text.codePoints().forEach(cp -> {
            Integer id = tokenIds.get(Character.toString(cp));
            if (id != null) {
                ids.add(id);
            }
        });
        return ids.toArray();
    }

    int mergeCount() {
        return merges.size();
    }

    /** Appends the tokens of the UTF-8 chunk {@code bytes[0..length)} to {@code out}. */
    void encode(byte[] bytes, int length, Workspace ws, IntList out) {
        if (length == 1) {
            emit(byteSymbols[bytes[0] & 0xFF], out);
            return;
        }
        ws.reset(length);
        int[] sym = ws.symbols;
        int[] prev = ws.prev;
        int[] next = ws.next;
        for (int i = 0; i < length; i++) {
            sym[i] = byteSymbols[bytes[i] & 0xFF];
            prev[i] = i - 1;
            next[i] = i + 1 < length ? i + 1 : -1;
        }
        for (int i = 0; i + 1 < length; i++) {
            offer(i, sym[i], sym[i + 1], ws);
        }
        while (!ws.heapEmpty()) {
            long entry = ws.pop();
            int left = (int) entry;
            int right = next[left];
            if (sym[left] < 0 || right < 0) {
                continue;
            }
            long merge = merges.get(sym[left], sym[right]);
            if (merge == MergeTable.ABSENT || MergeTable.rank(merge) != (int) (entry >>> 32)) {
                continue;
            }
            sym[left] = MergeTable.merged(merge);
            sym[right] = -1;
            int after = next[right];
            next[left] = after;
            if (after >= 0) {
                prev[after] = left;
                offer(left, sym[left], sym[after], ws);
            }
            if (prev[left] >= 0) {
                offer(prev[left], sym[prev[left]], sym[left], ws);
            }
        }
        for (int i = 0; i >= 0; i = next[i]) {
            emit(sym[i], out);
        }
    }

    private void offer(int position, int left, int right, Workspace ws) {
        long merge = merges.get(left, right);
        if (merge != MergeTable.ABSENT) {
            ws.push(((long) MergeTable.rank(merge) << 32) | position);
        }
    }

    private void emit(int symbol, IntList out) {
        if (symbol < vocabularySize) {
            out.add(symbol);
        } else {
            for (int id : virtualExpansion[symbol - vocabularySize]) {
                out.add(id);
            }
        }
    }

    /** Reusable per-call arrays: symbol list and merge heap. Not thread-safe; one per encoding call. */
    static final class Workspace {
        int[] symbols = new int[64];
        int[] prev = new int[64];
        int[] next = new int[64];
        private long[] heap = new long[128];
        private int heapSize;

        void reset(int length) {
            if (symbols.length < length) {
                int capacity = Integer.highestOneBit(length) << 1;
                symbols = new int[capacity];
                prev = new int[capacity];
                next = new int[capacity];
            }
            heapSize = 0;
        }

        boolean heapEmpty() {
            return heapSize == 0;
        }

        void push(long value) {
            if (heapSize == heap.length) {
                heap = java.util.Arrays.copyOf(heap, heap.length * 2);
            }
            int i = heapSize++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heap[parent] <= value) {
                    break;
                }
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = value;
        }

        long pop() {
            long top = heap[0];
            long last = heap[--heapSize];
            int i = 0;
            int half = heapSize >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                if (child + 1 < heapSize && heap[child + 1] < heap[child]) {
                    child++;
                }
                if (last <= heap[child]) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = last;
            return top;
        }
    }
}
