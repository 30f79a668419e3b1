package io.jseek.model;

/**
 * A paged KV cache as {@link PagedModel#forward} sees it: per layer one float array holding every block back to
 * back, each block {@link #blockSize()} consecutive rows of {@link #width(int)} floats. A sequence names its blocks in
 * a block table, so position {@code p} lives in row {@code p % blockSize} of block {@code table[p / blockSize]}.
 *
 * <p>Why arrays and offsets rather than a row accessor: attention reads thousands of rows per token, and a plain
 * array plus an offset lets those loops stay simple indexed loops. The model decides what a row holds (see
 * {@link PagedModel#kvWidth(int)}); the owner of the pages (the engine's block store) only copies whole blocks.
 */
public interface KvPages {
    /** Positions per block. */
    int blockSize();

    /** Floats per position in {@code layer}. */
    int width(int layer);

    /** The backing array of {@code layer}: {@code [numBlocks][blockSize][width(layer)]}, flattened. */
    float[] layer(int layer);

    /** Where row {@code slot} of {@code block} starts in {@link #layer(int) layer(layer)}; rows of a block are consecutive. */
    int offset(int layer, int block, int slot);

    /** Where the row of position {@code pos} starts, for a sequence with block table {@code table}. */
    default int rowOffset(int layer, int[] table, int pos) {
        int bs = blockSize();
        return offset(layer, table[pos / bs], pos % bs);
    }

    /**
     * Copies {@code src[srcOffset .. srcOffset + n)} into columns {@code [column, column + n)} of the row at
     * {@code rowOffset}, rounded as {@code type} keeps it ({@link KvCacheType#store}), the one write
     * point of every cache type.
     */
    default void write(int layer, int rowOffset, int column, float[] src, int srcOffset, int n, KvCacheType type) {
        type.store(src, srcOffset, layer(layer), rowOffset + column, n);
    }
}
