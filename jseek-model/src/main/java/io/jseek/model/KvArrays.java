package io.jseek.model;

import java.util.Arrays;

/**
 * The per-layer arrays behind {@link KvPages}: 16-bit halves for F16, floats for F32 and Q8_0
 * ({@link KvCacheType#halves}), so every owner of pages (the heap pages, the engine's block store) holds, grows and
 * hands them out one way.
 */
public final class KvArrays {
    private final KvCacheType type;
    private final float[][] floats; // [layers][values of the layer], or null for halves
    private final short[][] halves; // [layers][values of the layer], or null for floats

    /** {@code layers} layers of {@code type}, none allocated until {@link #resize}. */
    public KvArrays(KvCacheType type, int layers) {
        this.type = type;
        this.floats = type.halves() ? null : new float[layers][];
        this.halves = type.halves() ? new short[layers][] : null;
    }

    /** The type the arrays hold values as. */
    public KvCacheType type() {
        return type;
    }

    /** Makes {@code layer} hold {@code n} values, keeping those it held (zeros beyond them). */
    public void resize(int layer, int n) {
        if (halves != null) {
            halves[layer] = halves[layer] == null ? new short[n] : Arrays.copyOf(halves[layer], n);
        } else {
            floats[layer] = floats[layer] == null ? new float[n] : Arrays.copyOf(floats[layer], n);
        }
    }

    /** The float array of {@code layer}; an {@link IllegalStateException} for halves. */
    public float[] floats(int layer) {
        if (floats == null) {
            throw new IllegalStateException(type + " pages hold halves, not floats");
        }
        return floats[layer];
    }

    /** The half array of {@code layer}; an {@link IllegalStateException} for floats. */
    public short[] halves(int layer) {
        if (halves == null) {
            throw new IllegalStateException(type + " pages hold floats, not halves");
        }
        return halves[layer];
    }
}
