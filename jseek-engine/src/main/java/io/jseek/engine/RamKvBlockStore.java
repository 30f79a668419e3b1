package io.jseek.engine;

import io.jseek.model.KvPages;

/**
 * KV blocks in heap float arrays, one array per layer holding every block back to back, so a runner can address
 * position rows directly: row {@code slot} of {@code block} in {@code layer} starts at {@link #offset}. It is also the
 * model's view of the cache ({@link KvPages}): a {@code PagedModel} reads and writes these arrays in place.
 */
public final class RamKvBlockStore implements KvBlockStore, KvPages {
    private final KvLayout layout;
    private final float[][] data;

    public RamKvBlockStore(KvLayout layout) {
        this.layout = layout;
        this.data = new float[layout.layers()][];
        for (int l = 0; l < data.length; l++) {
            data[l] = new float[Math.multiplyExact(layout.numBlocks(), layout.blockFloats(l))];
        }
    }

    @Override
    public KvLayout layout() {
        return layout;
    }

    @Override
    public int blockSize() {
        return layout.blockSize();
    }

    @Override
    public int width(int layer) {
        return layout.width(layer);
    }

    /** The backing array of {@code layer}: {@code [numBlocks][blockSize][width(layer)]}, flattened. */
    @Override
    public float[] layer(int layer) {
        return data[layer];
    }

    /** Where the row of position slot {@code slot} (0 .. blockSize) of {@code block} starts in {@link #layer}. */
    @Override
    public int offset(int layer, int block, int slot) {
        return (block * layout.blockSize() + slot) * layout.width(layer);
    }

    @Override
    public void readBlock(int block, int layer, float[] dst, int dstOffset) {
        int n = layout.blockFloats(layer);
        System.arraycopy(data[layer], block * n, dst, dstOffset, n);
    }

    @Override
    public void writeBlock(int block, int layer, float[] src, int srcOffset) {
        int n = layout.blockFloats(layer);
        System.arraycopy(src, srcOffset, data[layer], block * n, n);
    }
}
