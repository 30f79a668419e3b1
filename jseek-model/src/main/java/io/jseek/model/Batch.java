package io.jseek.model;

/**
 * What one {@link PagedModel#forward} step computes: entries, each a run of consecutive tokens of one sequence (a
 * prefill chunk, or one decode token) with that sequence's block table, flattened into token rows in insertion order.
 * An entry may ask for the logits after its last token; they land in {@link #logits()} at
 * {@link #logitsOffset(int)}.
 *
 * <p>Reused step after step: {@link #clear()} then {@link #add}; nothing is allocated after construction. Block tables
 * are referenced, not copied, and must not change until the step has run.
 */
public final class Batch {
    private final int vocabSize;
    private final int[] tokens;        // [maxTokens] token id per row
    private final int[] positions;     // [maxTokens] position per row
    private final int[] entryOf;       // [maxTokens] entry index per row
    private final int[][] tables;      // [maxEntries] block table per entry
    private final int[] logitsRows;    // [maxEntries] row of each logits slot
    private final float[] logits;      // [maxEntries, vocabSize]
    private int rows;
    private int entries;
    private int logitsCount;

    /** Room for {@code maxTokens} rows in {@code maxEntries} entries, logits of {@code vocabSize}. */
    public Batch(int maxTokens, int maxEntries, int vocabSize) {
        if (maxTokens < 1 || maxEntries < 1) {
            throw new IllegalArgumentException("a batch needs room for a token and an entry");
        }
        this.vocabSize = vocabSize;
        this.tokens = new int[maxTokens];
        this.positions = new int[maxTokens];
        this.entryOf = new int[maxTokens];
        this.tables = new int[maxEntries][];
        this.logitsRows = new int[maxEntries];
        this.logits = new float[Math.multiplyExact(maxEntries, vocabSize)];
    }

    /** Forgets every entry (tables included). */
    public void clear() {
        java.util.Arrays.fill(tables, 0, entries, null);
        rows = 0;
        entries = 0;
        logitsCount = 0;
    }

    /**
     * Adds {@code count} tokens {@code tokens[from ..]} at positions {@code startPos, startPos + 1, ...} of the
     * sequence whose blocks are {@code blockTable}.
     *
     * @return the logits slot of this entry when {@code wantLogits}, else -1
     */
    public int add(int[] tokens, int from, int count, int startPos, int[] blockTable, boolean wantLogits) {
        int entry = startEntry(count, blockTable);
        for (int i = 0; i < count; i++) {
            this.tokens[rows] = tokens[from + i];
            positions[rows] = startPos + i;
            entryOf[rows++] = entry;
        }
        return finishEntry(wantLogits);
    }

    /** Adds one token at {@code pos} (a decode); returns its logits slot when {@code wantLogits}, else -1. */
    public int add(int token, int pos, int[] blockTable, boolean wantLogits) {
        int entry = startEntry(1, blockTable);
        tokens[rows] = token;
        positions[rows] = pos;
        entryOf[rows++] = entry;
        return finishEntry(wantLogits);
    }

    private int startEntry(int count, int[] blockTable) {
        if (count < 1 || rows + count > tokens.length || entries == tables.length) {
            throw new IllegalArgumentException("batch full: " + rows + " + " + count + " rows of " + tokens.length
                    + ", " + entries + " entries of " + tables.length);
        }
        tables[entries] = blockTable;
        return entries++;
    }

    private int finishEntry(boolean wantLogits) {
        if (wantLogits) {
            logitsRows[logitsCount] = rows - 1;
            return logitsCount++;
        }
        return -1;
    }

    /** Token rows in the batch. */
    public int rows() {
        return rows;
    }

    public int entries() {
        return entries;
    }

    public int token(int row) {
        return tokens[row];
    }

    public int position(int row) {
        return positions[row];
    }

    /** The block table of {@code row}'s sequence. */
    public int[] table(int row) {
        return tables[entryOf[row]];
    }

    /** Entries that asked for logits. */
    public int logitsCount() {
        return logitsCount;
    }

    /** The row whose logits fill slot {@code slot}. */
    public int logitsRow(int slot) {
        return logitsRows[slot];
    }

    /** The logits of every slot: {@code [logitsCount, vocabSize]}, slot {@code i} at {@link #logitsOffset(int)}. */
    public float[] logits() {
        return logits;
    }

    public int logitsOffset(int slot) {
        return slot * vocabSize;
    }

    public int vocabSize() {
        return vocabSize;
    }
}
