package io.jseek.engine;

import io.jseek.model.KvCacheType;
import java.nio.ByteBuffer;

/**
 * The payload side of the paged KV cache: for each block and layer, {@code blockSize} rows of
 * {@link KvLayout#width(int)} values held as {@link #type()} keeps them, position-major (row {@code p % blockSize} of
 * block {@code table[p / blockSize]} holds position {@code p}). The model runner reads and writes rows; the cache
 * tiers copy whole blocks, as the bytes the store holds ({@link KvCacheType#bytesPerValue} per value, little-endian).
 */
public interface KvBlockStore {
    KvLayout layout();

    /** What the blocks hold. */
    KvCacheType type();

    /** Bytes of block {@code block} of {@code layer} ({@link KvLayout#blockFloats} values) put into {@code dst}. */
    void readBlock(int block, int layer, ByteBuffer dst);

    /** Overwrites block {@code block} of {@code layer} from the bytes at {@code src}'s position. */
    void writeBlock(int block, int layer, ByteBuffer src);
}
