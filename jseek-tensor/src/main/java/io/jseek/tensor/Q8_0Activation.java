package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An activation row quantized to Q8_0, the {@code vec_dot_type} llama.cpp uses for Q4_0/Q5_0/Q8_0 weights:
 * per block of 32, {@code d = amax/127} (stored rounded to f16, as ggml does) and {@code q = round(x/d)}
 * (ggml's {@code quantize_row_q8_0_ref}; rounding half away from zero).
 *
 * <p>A reusable buffer: allocate once per row length, {@link #quantize} per token.
 */
public final class Q8_0Activation {
    static final int QK = 32;

    /** Quantized values, {@code blocks * 32}. */
    final byte[] qs;
    /** Block scales, already rounded through f16. */
    final float[] d;

    /** A buffer for rows of up to {@code capacity} elements (a multiple of 32). */
    public Q8_0Activation(int capacity) {
        if (capacity % QK != 0) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a multiple of " + QK);
        }
        qs = new byte[capacity];
        d = new float[capacity / QK];
    }

    /** Quantizes {@code x[offset .. offset + n)} into blocks {@code 0 .. n/32}. */
    public void quantize(float[] x, int offset, int n) {
        if (n % QK != 0 || n > qs.length) {
            throw new IllegalArgumentException("n " + n + " must be a multiple of 32 and at most " + qs.length);
        }
        for (int b = 0; b < n / QK; b++) {
            int xb = offset + b * QK;
            float amax = 0f;
            for (int j = 0; j < QK; j++) {
                amax = Math.max(amax, Math.abs(x[xb + j]));
            }
            float scale = amax / 127f;
            float id = scale != 0f ? 1f / scale : 0f;
            for (int j = 0; j < QK; j++) {
                qs[b * QK + j] = (byte) LegacyQuantizers.roundAway(x[xb + j] * id);
            }
            d[b] = Mem.roundF16(scale);
        }
    }

    /** The dequantized value of element {@code i}. */
    public float get(int i) {
        return qs[i] * d[i / QK];
    }

    /** Loads ggml {@code block_q8_0} bytes ({@code {f16 d; int8 qs[32]}}) of {@code n} elements, e.g. llama.cpp's own. */
    void readBlocks(MemorySegment src, int n) {
        for (int b = 0; b < n / QK; b++) {
            long o = b * 34L;
            d[b] = Mem.f16(src, o);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, o + 2, qs, b * QK, QK);
        }
    }
}
