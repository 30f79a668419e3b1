package io.jseek.model;

/**
 * {@link KvPages} over freshly allocated heap arrays, for running a {@link PagedModel} without the serving engine
 * (tests, benchmarks). The engine's block store implements {@link KvPages} itself over its own arrays.
 */
public final class HeapKvPages implements KvPages {
    private final int blockSize;
    private final int[] widths;
    private final float[][] layers; // [layers][numBlocks * blockSize * width(l)]

    /** {@code numBlocks} blocks of {@code blockSize} positions with the model's row widths. */
    public HeapKvPages(PagedModel model, int blockSize, int numBlocks) {
        int n = model.config().blockCount();
        this.blockSize = blockSize;
        this.widths = new int[n];
        this.layers = new float[n][];
        for (int l = 0; l < n; l++) {
            widths[l] = model.kvWidth(l);
            layers[l] = new float[Math.multiplyExact(Math.multiplyExact(numBlocks, blockSize), widths[l])];
        }
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
    public float[] layer(int layer) {
        return layers[layer];
    }

    @Override
    public int offset(int layer, int block, int slot) {
        return (block * blockSize + slot) * widths[layer];
    }
}
