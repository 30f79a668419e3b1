package io.jseek.model;


/**
 * {@link KvPages} over heap arrays, for running a {@link PagedModel} without the serving engine (tests, benchmarks),
 * and as one block spanning a whole context for a single sequence (the tests' reference runs). The engine's block store
 * implements {@link KvPages} itself.
 *
 * <p>A single sequence's cache ({@link #sequence}) is not allocated whole: its one block holds the rows reserved so
 * far ({@link #reserve}), none at first, and grows by doubling up to the context, so a 128k-token context costs
 * memory only as the conversation reaches it. Rows of the block are position-major, so growing keeps every offset.
 */
public final class HeapKvPages implements KvPages {
    /** Rows a sequence's cache allocates on its first {@link #reserve}. */
    static final int FIRST_ROWS = 256;

    private final int blockSize;
    private final int[] widths;
    private final KvArrays arrays; // [layers][allocated rows * width(l)]
    private int rows;               // rows allocated per layer; numBlocks * blockSize when not growing

    /** {@code numBlocks} blocks of {@code blockSize} positions with the model's row widths and cache type. */
    public HeapKvPages(PagedModel model, int blockSize, int numBlocks) {
        this(blockSize, numBlocks, widths(model), model.kvCacheType());
    }

    /**
     * {@code numBlocks} blocks of {@code blockSize} positions, {@code widths[l]} values per position of layer l,
     * held as {@code type} keeps them.
     */
    public HeapKvPages(int blockSize, int numBlocks, int[] widths, KvCacheType type) {
        this(blockSize, widths, type, Math.multiplyExact(numBlocks, blockSize));
    }

    private HeapKvPages(int blockSize, int[] widths, KvCacheType type, int rows) {
        this.blockSize = blockSize;
        this.widths = widths.clone();
        this.arrays = new KvArrays(type, widths.length);
        for (int l = 0; l < widths.length; l++) {
            checkArraySize(rows, widths[l]);
        }
        allocate(rows);
    }

    /**
     * The cache of one sequence of up to {@code contextLength} positions: one block, whose rows are allocated as
     * {@link #reserve} asks for them.
     *
     * @throws IllegalArgumentException when a layer's full context would not fit one Java array
     */
    public static HeapKvPages sequence(int contextLength, int[] widths, KvCacheType type) {
        for (int w : widths) {
            checkArraySize(contextLength, w);
        }
        return new HeapKvPages(contextLength, widths, type, 0);
    }

    private static void checkArraySize(long rows, int width) {
        if (rows * width > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a KV cache of " + rows + " positions of " + width
                    + " values per layer does not fit a Java array; use a smaller context length");
        }
    }

    /**
     * Makes positions {@code [0, positions)} of the single block writable, growing its arrays (at least doubling,
     * at most to the block size); the rows already written keep their values.
     *
     * @throws KvCacheMemoryException when the heap cannot hold the larger cache
     */
    public void reserve(int positions) {
        if (positions <= rows) {
            return;
        }
        if (positions > blockSize) {
            throw new IndexOutOfBoundsException("position " + (positions - 1) + " is outside the context of "
                    + blockSize);
        }
        int grown = (int) Math.min(blockSize, Math.max(positions, Math.max(FIRST_ROWS, 2L * rows)));
        try {
            allocate(grown);
        } catch (OutOfMemoryError e) {
            throw new KvCacheMemoryException(grown, bytesPerPosition());
        }
    }

    private void allocate(int newRows) {
        for (int l = 0; l < widths.length; l++) {
            arrays.resize(l, newRows * widths[l]);
        }
        rows = newRows;
    }

    /** Positions whose rows are allocated. */
    public int allocatedPositions() {
        return rows;
    }

    /** Heap bytes of one position across all layers: {@link KvCacheType#bytes} of its values. */
    public long bytesPerPosition() {
        long values = 0;
        for (int w : widths) {
            values += w;
        }
        return arrays.type().bytes(values);
    }

    private static int[] widths(PagedModel model) {
        int[] w = new int[model.config().blockCount()];
        for (int l = 0; l < w.length; l++) {
            w[l] = model.kvWidth(l);
        }
        return w;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public int width(int layer) {
        return widths[layer];
    }

    @Override
    public KvCacheType type() {
        return arrays.type();
    }

    @Override
    public float[] layer(int layer) {
        return arrays.floats(layer);
    }

    @Override
    public short[] halves(int layer) {
        return arrays.halves(layer);
    }

    @Override
    public int offset(int layer, int block, int slot) {
        return (block * blockSize + slot) * widths[layer];
    }
}
