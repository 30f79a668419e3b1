package io.jseek.model;

import io.jseek.tensor.Halves;

/**
 * A paged KV cache as {@link PagedModel#forward} sees it: per layer one array holding every block back to back, each
 * block {@link #blockSize()} consecutive rows of {@link #width(int)} values. A sequence names its blocks in a block
 * table, so position {@code p} lives in row {@code p % blockSize} of block {@code table[p / blockSize]}. The pages'
 * {@link #type()} says what the arrays are: 16-bit halves ({@link #halves(int)}) for F16, floats
 * ({@link #layer(int)}) for F32 and Q8_0.
 *
 * <p>Why arrays and offsets rather than a row accessor: attention reads thousands of rows per token, and a plain
 * array plus an offset lets those loops stay simple indexed loops. The model decides what a row holds (see
 * {@link PagedModel#kvWidth(int)}); the owner of the pages (the engine's block store) only copies whole blocks.
 */
public interface KvPages {
    /** Positions per block. */
    int blockSize();

    /** Values per position in {@code layer}. */
    int width(int layer);

    /** What the pages hold: the cache type every row was stored as. */
    KvCacheType type();

    /**
     * The float array of {@code layer} (F32 and Q8_0 pages): {@code [numBlocks][blockSize][width(layer)]}, flattened.
     *
     * @throws IllegalStateException for pages of halves
     */
    float[] layer(int layer);

    /**
     * The half array of {@code layer} (F16 pages), laid out as {@link #layer(int)}.
     *
     * @throws IllegalStateException for pages of floats
     */
    short[] halves(int layer);

    /** Where row {@code slot} of {@code block} starts in the array of {@code layer}; rows of a block are consecutive. */
    int offset(int layer, int block, int slot);

    /** Where the row of position {@code pos} starts, for a sequence with block table {@code table}. */
    default int rowOffset(int layer, int[] table, int pos) {
        int bs = blockSize();
        return offset(layer, table[pos / bs], pos % bs);
    }

    /**
     * Copies {@code src[srcOffset .. srcOffset + n)} into columns {@code [column, column + n)} of the row at
     * {@code rowOffset}, rounded as the pages' type keeps it ({@link KvCacheType#store}, {@link KvCacheType#storeHalves}):
     * the one write point of every cache type.
     */
    default void write(int layer, int rowOffset, int column, float[] src, int srcOffset, int n) {
        KvCacheType type = type();
        if (type.halves()) {
            type.storeHalves(src, srcOffset, halves(layer), rowOffset + column, n);
        } else {
            type.store(src, srcOffset, layer(layer), rowOffset + column, n);
        }
    }

    /**
     * Reads {@code rows} rows of {@code n} values as floats into {@code dst[dstOffset ..]}, back to back: row
     * {@code i} from {@code offset + i * width(layer)} of the array of {@code layer}. Halves widen exactly
     * ({@link Halves#widen}, as {@link Float#float16ToFloat}), so this is what a float page of the same rows would hold.
     */
    default void read(int layer, int offset, int rows, int n, float[] dst, int dstOffset) {
        int width = width(layer);
        if (type().halves()) {
            short[] src = halves(layer);
            for (int i = 0; i < rows; i++) {
                Halves.widen(src, offset + i * width, dst, dstOffset + i * n, n);
            }
        } else {
            float[] src = layer(layer);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(src, offset + i * width, dst, dstOffset + i * n, n);
            }
        }
    }
}
