package io.jseek.model;

/**
 * The key/value cache of a standard multi-head (or grouped-query) attention, preallocated once for a context length.
 *
 * <p>Layer {@code l} stores, per position, {@code keyWidth(l) = nKvHeads(l) * headDimK} key values and
 * {@code valueWidth(l)} value values, position-major, so that the keys of position {@code t} for KV head {@code g}
 * start at {@code t * keyWidth(l) + g * headDimK}. With {@code roundToF16} stored values are rounded through half
 * precision, as llama.cpp's default F16 cache does (it keeps float arrays: rounding, not compression).
 */
public final class KvCache {
    private final int contextLength;
    private final int[] keyWidth;
    private final int[] valueWidth;
    private final boolean roundToF16;
    private final float[][] keys;   // [nLayers][contextLength * keyWidth[l]]
    private final float[][] values; // [nLayers][contextLength * valueWidth[l]]

    /** A cache for {@code contextLength} positions with the given per-layer key and value widths. */
    public KvCache(int contextLength, int[] keyWidth, int[] valueWidth, boolean roundToF16) {
        if (keyWidth.length != valueWidth.length) {
            throw new IllegalArgumentException("key and value widths must have one entry per layer");
        }
        this.contextLength = contextLength;
        this.keyWidth = keyWidth.clone();
        this.valueWidth = valueWidth.clone();
        this.roundToF16 = roundToF16;
        this.keys = new float[keyWidth.length][];
        this.values = new float[keyWidth.length][];
        for (int l = 0; l < keyWidth.length; l++) {
            keys[l] = new float[Math.multiplyExact(contextLength, keyWidth[l])];
            values[l] = new float[Math.multiplyExact(contextLength, valueWidth[l])];
        }
    }

    /** Whether stored values are rounded through half precision (llama.cpp's F16 cache). */
    public boolean roundsToF16() {
        return roundToF16;
    }

    public int contextLength() {
        return contextLength;
    }

    public int layers() {
        return keys.length;
    }

    public int keyWidth(int layer) {
        return keyWidth[layer];
    }

    public int valueWidth(int layer) {
        return valueWidth[layer];
    }

    /** The keys of {@code layer}: {@code [contextLength][keyWidth(layer)]}, flattened. */
    public float[] keys(int layer) {
        return keys[layer];
    }

    /** The values of {@code layer}: {@code [contextLength][valueWidth(layer)]}, flattened. */
    public float[] values(int layer) {
        return values[layer];
    }

    /** Stores the key and value rows of position {@code pos} ({@code k[0 .. keyWidth)}, {@code v[0 .. valueWidth)}). */
    public void store(int layer, int pos, float[] k, float[] v) {
        if (pos < 0 || pos >= contextLength) {
            throw new IndexOutOfBoundsException("position " + pos + " is outside the context of " + contextLength);
        }
        copy(k, keys[layer], pos * keyWidth[layer], keyWidth[layer]);
        copy(v, values[layer], pos * valueWidth[layer], valueWidth[layer]);
    }

    private void copy(float[] src, float[] dst, int offset, int n) {
        (roundToF16 ? KvCacheType.F16 : KvCacheType.F32).store(src, 0, dst, offset, n);
    }
}
