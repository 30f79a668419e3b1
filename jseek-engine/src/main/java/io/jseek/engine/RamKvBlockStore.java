package io.jseek.engine;

import io.jseek.model.KvArrays;
import io.jseek.model.KvCacheType;
import io.jseek.model.KvPages;
import java.nio.ByteBuffer;

/**
 * KV blocks in heap arrays, one array per layer holding every block back to back, so a runner can address position
 * rows directly: row {@code slot} of {@code block} in {@code layer} starts at {@link #offset}. F16 blocks are arrays
 * of halves, F32 and Q8_0 blocks float arrays ({@link KvCacheType#halves}). It is also the model's view of the cache
 * ({@link KvPages}): a {@code PagedModel} reads and writes these arrays in place.
 */
public final class RamKvBlockStore implements KvBlockStore, KvPages {
    private final KvLayout layout;
    private final KvArrays arrays; // [layer][numBlocks * blockFloats]

    /** The blocks of {@code layout}, holding values as {@code type} keeps them. */
    public RamKvBlockStore(KvLayout layout, KvCacheType type) {
        this.layout = layout;
        this.arrays = new KvArrays(type, layout.layers());
        for (int l = 0; l < layout.layers(); l++) {
            arrays.resize(l, Math.multiplyExact(layout.numBlocks(), layout.blockFloats(l)));
        }
    }

    @Override
    public KvLayout layout() {
        return layout;
    }

    @Override
    public KvCacheType type() {
        return arrays.type();
    }

    @Override
    public int blockSize() {
        return layout.blockSize();
    }

    @Override
    public int width(int layer) {
        return layout.width(layer);
    }

    @Override
    public float[] layer(int layer) {
        return arrays.floats(layer);
    }

    @Override
    public short[] halves(int layer) {
        return arrays.halves(layer);
    }

    /** Where the row of position slot {@code slot} (0 .. blockSize) of {@code block} starts in the layer's array. */
    @Override
    public int offset(int layer, int block, int slot) {
        return (block * layout.blockSize() + slot) * layout.width(layer);
    }

    @Override
    public void readBlock(int block, int layer, ByteBuffer dst) {
        int n = layout.blockFloats(layer);
        if (type().halves()) {
            dst.asShortBuffer().put(arrays.halves(layer), block * n, n);
        } else {
            dst.asFloatBuffer().put(arrays.floats(layer), block * n, n);
        }
        dst.position(dst.position() + n * type().bytesPerValue());
    }

    @Override
    public void writeBlock(int block, int layer, ByteBuffer src) {
        int n = layout.blockFloats(layer);
        if (type().halves()) {
            src.asShortBuffer().get(arrays.halves(layer), block * n, n);
        } else {
            src.asFloatBuffer().get(arrays.floats(layer), block * n, n);
        }
        src.position(src.position() + n * type().bytesPerValue());
    }
}
