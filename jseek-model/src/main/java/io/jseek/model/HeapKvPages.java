package io.jseek.model;

/**
 * {@link KvPages} over freshly allocated heap arrays, for running a {@link PagedModel} without the serving engine
 * (tests, benchmarks), and as one block spanning a whole context for a single sequence (a dense model's own state,
 * whose prefill runs the batched step over it). The engine's block store implements {@link KvPages} itself.
 */
public final class HeapKvPages implements KvPages {
    private final int blockSize;
    private final int[] widths;
    private final float[][] layers; // [layers][numBlocks * blockSize * width(l)]

    /** {@code numBlocks} blocks of {@code blockSize} positions with the model's row widths. */
    public HeapKvPages(PagedModel model, int blockSize, int numBlocks) {
        this(blockSize, numBlocks, widths(model));
    }

    /** {@code numBlocks} blocks of {@code blockSize} positions, {@code widths[l]} floats per position of layer l. */
    public HeapKvPages(int blockSize, int numBlocks, int[] widths) {
        this.blockSize = blockSize;
        this.widths = widths.clone();
        this.layers = new float[widths.length][];
        for (int l = 0; l < widths.length; l++) {
            layers[l] = new float[Math.multiplyExact(Math.multiplyExact(numBlocks, blockSize), widths[l])];
        }
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
    public float[] layer(int layer) {
        return layers[layer];
    }

    @Override
    public int offset(int layer, int block, int slot) {
        return (block * blockSize + slot) * widths[layer];
    }
}
