package io.jseek.engine;

/**
 * The payload side of the paged KV cache: for each block and layer, {@code blockSize} rows of
 * {@link KvLayout#width(int)} floats, position-major (row {@code p % blockSize} of block {@code table[p / blockSize]}
 * holds position {@code p}). The model runner reads and writes rows; the cache tiers copy whole blocks.
 */
public interface KvBlockStore {
    KvLayout layout();

    /** Copies block {@code block} of {@code layer} ({@link KvLayout#blockFloats} floats) into {@code dst}. */
    void readBlock(int block, int layer, float[] dst, int dstOffset);

    /** Overwrites block {@code block} of {@code layer} from {@code src}. */
    void writeBlock(int block, int layer, float[] src, int srcOffset);
}
