package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The super-block shared by Q4_K and Q5_K: 256 elements as {@code {f16 d; f16 dmin; u8 scales[12]; ...}}, 8
 * sub-blocks of 32 with 6-bit scale and min; chunk c (64 elements) is sub-blocks 2c and 2c+1, whose quants share
 * bytes ({@link #quants}); {@code y = (d*sc) * q - (dmin*m)} (ggml's operation order, kept for bit-exact
 * dequantization). The formats differ only in how a quant is stored.
 */
abstract sealed class K4Tensor extends FloatTensor permits Q4KTensor, Q5KTensor {
    static final int QK = 256;

    K4Tensor(GgmlType type, MemorySegment data, long size) {
        super(type, data, size);
    }

    /** The quants of elements {@code l} (low byte) and {@code 32 + l} (next byte) of chunk {@code c} at {@code bo}. */
    abstract int quants(long bo, int c, int l);

    @Override
    public float getFloat(long index) {
        long bo = blockBytes(index / QK);
        int j = (int) (index % QK);
        int c = j / 64;
        int half = (j % 64) / 32;
        int sub = 2 * c + half;
        int pair = quants(bo, c, j % 32);
        int q = half == 0 ? pair & 0xFF : pair >>> 8;
        float d1 = Mem.f16(data, bo) * KScales.scaleK4(data, bo + 4, sub);
        float m1 = Mem.f16(data, bo + 2) * KScales.minK4(data, bo + 4, sub);
        return d1 * q - m1;
    }

    @Override
    void dequantizeBlock(long block, float[] out, int outOffset) {
        long bo = blockBytes(block);
        float d = Mem.f16(data, bo);
        float dmin = Mem.f16(data, bo + 2);
        for (int c = 0; c < 4; c++) {
            float d0 = d * KScales.scaleK4(data, bo + 4, 2 * c);
            float m0 = dmin * KScales.minK4(data, bo + 4, 2 * c);
            float d1 = d * KScales.scaleK4(data, bo + 4, 2 * c + 1);
            float m1 = dmin * KScales.minK4(data, bo + 4, 2 * c + 1);
            int o = outOffset + 64 * c;
            for (int l = 0; l < 32; l++) {
                int pair = quants(bo, c, l);
                out[o + l] = d0 * (pair & 0xFF) - m0;
                out[o + 32 + l] = d1 * (pair >>> 8) - m1;
            }
        }
    }

    @Override
    public float dotScalar(long offset, float[] x, int xOffset, int n) {
        long b0 = offset / QK;
        float sum = 0f;
        for (int b = 0; b < n / QK; b++) {
            long bo = blockBytes(b0 + b);
            float d = Mem.f16(data, bo);
            float dmin = Mem.f16(data, bo + 2);
            for (int c = 0; c < 4; c++) {
                int xc = xOffset + b * QK + 64 * c;
                float qx0 = 0f, qx1 = 0f, sx0 = 0f, sx1 = 0f;
                for (int l = 0; l < 32; l++) {
                    int pair = quants(bo, c, l);
                    qx0 += (pair & 0xFF) * x[xc + l];
                    qx1 += (pair >>> 8) * x[xc + 32 + l];
                    sx0 += x[xc + l];
                    sx1 += x[xc + 32 + l];
                }
                sum += d * KScales.scaleK4(data, bo + 4, 2 * c) * qx0 - dmin * KScales.minK4(data, bo + 4, 2 * c) * sx0;
                sum += d * KScales.scaleK4(data, bo + 4, 2 * c + 1) * qx1
                        - dmin * KScales.minK4(data, bo + 4, 2 * c + 1) * sx1;
            }
        }
        return sum;
    }
}
