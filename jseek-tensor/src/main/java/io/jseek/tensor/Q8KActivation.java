package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * An activation row quantized to Q8_K, the {@code vec_dot_type} of all K-quants in llama.cpp
 * ({@code quantize_row_q8_K_ref}): per block of 256, {@code iscale = -127/max} where {@code max} is the signed value
 * of largest magnitude, {@code q = min(127, rint(iscale*x))}, {@code d = 1/iscale} (kept in f32), and the sums of
 * each 16 quantized values ({@code bsums}) that the K-quant dots use to apply the mins.
 *
 * <p>A reusable buffer: allocate once per row length, {@link #quantize} per token.
 */
public final class Q8KActivation {
    static final int QK = 256;

    final byte[] qs;
    final float[] d;
    final short[] bsums;

    /** A buffer for rows of up to {@code capacity} elements (a multiple of 256). */
    public Q8KActivation(int capacity) {
        if (capacity % QK != 0) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a multiple of " + QK);
        }
        qs = new byte[capacity];
        d = new float[capacity / QK];
        bsums = new short[capacity / 16];
    }

    /** Quantizes {@code x[offset .. offset + n)} into blocks {@code 0 .. n/256}. */
    public void quantize(float[] x, int offset, int n) {
        if (n % QK != 0 || n > qs.length) {
            throw new IllegalArgumentException("n " + n + " must be a multiple of 256 and at most " + qs.length);
        }
        for (int b = 0; b < n / QK; b++) {
            quantizeBlock(x, offset + b * QK, b);
        }
    }

    private void quantizeBlock(float[] x, int xb, int b) {
        float max = 0f;
        float amax = 0f;
        for (int j = 0; j < QK; j++) {
            float ax = Math.abs(x[xb + j]);
            if (ax > amax) {
                amax = ax;
                max = x[xb + j];
            }
        }
        if (amax == 0f) {
            d[b] = 0f;
            Arrays.fill(qs, b * QK, (b + 1) * QK, (byte) 0);
            Arrays.fill(bsums, b * 16, (b + 1) * 16, (short) 0);
            return;
        }
        float iscale = -127f / max;
        for (int j = 0; j < QK; j++) {
            qs[b * QK + j] = (byte) Math.min(127, (int) Math.rint(iscale * x[xb + j]));
        }
        for (int g = 0; g < 16; g++) {
            int s = 0;
            for (int l = 0; l < 16; l++) {
                s += qs[b * QK + 16 * g + l];
            }
            bsums[b * 16 + g] = (short) s;
        }
        d[b] = 1f / iscale;
    }

    /** The dequantized value of element {@code i}. */
    public float get(int i) {
        return qs[i] * d[i / QK];
    }

    /** Sum of the 32 quantized values of sub-block {@code sub} (0..7) of block {@code block}. */
    int bsum32(int block, int sub) {
        return bsums[block * 16 + 2 * sub] + bsums[block * 16 + 2 * sub + 1];
    }

    /** Loads ggml {@code block_q8_K} bytes ({@code {f32 d; int8 qs[256]; int16 bsums[16]}}) of {@code n} elements. */
    void readBlocks(MemorySegment src, int n) {
        for (int b = 0; b < n / QK; b++) {
            long o = b * 292L;
            d[b] = Mem.f32(src, o);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, o + 4, qs, b * QK, QK);
            MemorySegment.copy(src, Mem.SHORT_LE, o + 260, bsums, b * 16, 16);
        }
    }
}
