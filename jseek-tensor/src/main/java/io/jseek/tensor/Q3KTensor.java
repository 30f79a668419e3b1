package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q3_K: super-blocks of 256 as {@code {u8 hmask[32]; u8 qs[64]; u8 scales[12]; f16 d}}: 2-bit values plus a high bit
 * from {@code hmask} (a clear bit subtracts 4), 16 signed 6-bit scales. Scalar dot; mat-muls decode it with the scalar dequantization.
 */
public final class Q3KTensor extends FloatTensor {
    static final int QK = 256;

    Q3KTensor(MemorySegment data, long size) {
        super(GgmlType.Q3_K, data, size);
    }

    /** The signed 3-bit value of element {@code j}; see the layout notes in the spec (hmask is not offset by half). */
    private int q3(long bo, int j) {
        int half = j / 128;
        int shift = (j % 128) / 32;
        int g = (j % 32) / 16;
        int l = j % 16;
        int q = (Mem.u8(data, bo + 32 + 32 * half + 16 * g + l) >>> (2 * shift)) & 3;
        boolean high = (Mem.u8(data, bo + 16 * g + l) & (1 << (4 * half + shift))) != 0;
        return q - (high ? 0 : 4);
    }

    /** The scale of element {@code j}'s 16-element group (group g of the element order uses scale g). */
    private float dl(long bo, float d, int j) {
        return d * KScales.scaleQ3(data, bo + 96, j / 16);
    }

    @Override
    public float getFloat(long index) {
        long bo = blockBytes(index / QK);
        int j = (int) (index % QK);
        return dl(bo, Mem.f16(data, bo + 108), j) * q3(bo, j);
    }

    @Override
    void dequantizeBlock(long block, float[] out, int outOffset) {
        long bo = blockBytes(block);
        float d = Mem.f16(data, bo + 108);
        for (int g = 0; g < 16; g++) {
            float dl = dl(bo, d, 16 * g);
            for (int l = 0; l < 16; l++) {
                out[outOffset + 16 * g + l] = dl * q3(bo, 16 * g + l);
            }
        }
    }

    @Override
    public float dotScalar(long offset, float[] x, int xOffset, int n) {
        long b0 = offset / QK;
        float sum = 0f;
        for (int b = 0; b < n / QK; b++) {
            long bo = blockBytes(b0 + b);
            float d = Mem.f16(data, bo + 108);
            int xb = xOffset + b * QK;
            for (int g = 0; g < 16; g++) {
                float s = 0f;
                for (int l = 0; l < 16; l++) {
                    s += q3(bo, 16 * g + l) * x[xb + 16 * g + l];
                }
                sum += dl(bo, d, 16 * g) * s;
            }
        }
        return sum;
    }
}
