package io.jseek.engine;

import io.jseek.model.PagedModel;
import java.util.Arrays;

/**
 * The shape of the paged KV cache: {@code numBlocks} blocks of {@code blockSize} positions, and per layer the values
 * one position needs. The engine does not interpret the values: for standard attention a row is the keys then the
 * values of every KV head ({@code nKvHeads * (headDimK + headDimV)}); for deepseek2's MLA it is the compressed latent
 * plus the rotary key ({@code kvLoraRank + ropeDim}).
 *
 * @param blockSize positions per block
 * @param numBlocks blocks in the pool
 * @param widths values per position, per layer
 */
public record KvLayout(int blockSize, int numBlocks, int[] widths) {

    public KvLayout {
        if (blockSize < 1 || numBlocks < 1 || widths.length == 0) {
            throw new IllegalArgumentException("a KV layout needs positive block size, blocks and layers");
        }
        widths = widths.clone();
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("layer widths must be positive: " + Arrays.toString(widths));
            }
            Math.multiplyExact(Math.multiplyExact(numBlocks, blockSize), w);
        }
    }

    /** The rows {@code model} caches ({@link PagedModel#kvWidth}): GQA keys and values, or deepseek2's MLA latent. */
    public static KvLayout forModel(PagedModel model, int blockSize, int numBlocks) {
        int[] w = new int[model.config().blockCount()];
        for (int l = 0; l < w.length; l++) {
            w[l] = model.kvWidth(l);
        }
        return new KvLayout(blockSize, numBlocks, w);
    }

    public int layers() {
        return widths.length;
    }

    public int width(int layer) {
        return widths[layer];
    }

    @Override
    public int[] widths() {
        return widths.clone();
    }

    /** Values one block holds in one layer. */
    public int blockFloats(int layer) {
        return blockSize * widths[layer];
    }

    /** Values one block holds over all layers (a disk entry's payload). */
    public long blockFloatsAllLayers() {
        long n = 0;
        for (int w : widths) {
            n += (long) blockSize * w;
        }
        return n;
    }

    /** Positions the pool can hold. */
    public long capacityTokens() {
        return (long) blockSize * numBlocks;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KvLayout k && k.blockSize == blockSize && k.numBlocks == numBlocks
                && Arrays.equals(k.widths, widths);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * blockSize + numBlocks) + Arrays.hashCode(widths);
    }

    @Override
    public String toString() {
        return "KvLayout[blockSize=" + blockSize + ", numBlocks=" + numBlocks + ", widths=" + Arrays.toString(widths)
                + "]";
    }
}
