package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q2_K: super-blocks of 256 as {@code {u8 scales[16]; u8 qs[64]; f16 d; f16 dmin}}: 2-bit values, a 4-bit scale
 * (low nibble) and 4-bit min (high nibble) per 16 elements; {@code y = (d*sc) * q - (dmin*m)}. Scalar dot; mat-muls decode it with the scalar dequantization.
 */
public final class Q2KTensor extends FloatTensor {
    static final int QK = 256;

    Q2KTensor(MemorySegment data, long size) {
        super(GgmlType.Q2_K, data, size);
    }

    /** Group g (0..15) of 16 elements, in element order, uses scales[g]; its 2-bit values are at this shift/offset. */
    private int q2(long bo, int j) {
        int half = j / 128;
        int shift = (j % 128) / 32;
        int g = (j % 32) / 16;
        return (Mem.u8(data, bo + 16 + 32 * half + 16 * g + j % 16) >>> (2 * shift)) & 3;
    }

    @Override
    public float getFloat(long index) {
        long bo = blockBytes(index / QK);
        int j = (int) (index % QK);
        int sc = Mem.u8(data, bo + j / 16);
        float dl = Mem.f16(data, bo + 80) * (sc & 0xF);
        float ml = Mem.f16(data, bo + 82) * (sc >>> 4);
        return dl * q2(bo, j) - ml;
    }

    @Override
    void dequantizeBlock(long block, float[] out, int outOffset) {
        long bo = blockBytes(block);
        float d = Mem.f16(data, bo + 80);
        float dmin = Mem.f16(data, bo + 82);
        for (int g = 0; g < 16; g++) {
            int sc = Mem.u8(data, bo + g);
            float dl = d * (sc & 0xF);
            float ml = dmin * (sc >>> 4);
            for (int l = 0; l < 16; l++) {
                out[outOffset + 16 * g + l] = dl * q2(bo, 16 * g + l) - ml;
            }
        }
    }

    @Override
    public float dotScalar(long offset, float[] x, int xOffset, int n) {
        long b0 = offset / QK;
        float sum = 0f;
        for (int b = 0; b < n / QK; b++) {
            long bo = blockBytes(b0 + b);
            float d = Mem.f16(data, bo + 80);
            float dmin = Mem.f16(data, bo + 82);
            int xb = xOffset + b * QK;
            for (int g = 0; g < 16; g++) {
                int sc = Mem.u8(data, bo + g);
                float qx = 0f;
                float sx = 0f;
                for (int l = 0; l < 16; l++) {
                    qx += q2(bo, 16 * g + l) * x[xb + 16 * g + l];
                    sx += x[xb + 16 * g + l];
                }
                sum += d * (sc & 0xF) * qx - dmin * (sc >>> 4) * sx;
            }
        }
        return sum;
    }
}
