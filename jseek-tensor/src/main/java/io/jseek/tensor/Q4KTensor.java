package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q4_K: super-blocks of 256 as {@code {f16 d; f16 dmin; u8 scales[12]; u8 qs[128]}}: 8 sub-blocks of 32 with 6-bit
 * scale and min; chunk c (64 elements) takes low then high nibbles of {@code qs[32c..32c+31]};
 * {@code y = (d*sc) * q - (dmin*m)} (ggml's operation order, kept for bit-exact dequantization).
 * Vector kernels: {@link Q4KKernel}.
 */
public final class Q4KTensor extends FloatTensor {
    static final int QK = 256;

    Q4KTensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q4_K;
    }

    @Override
    public float getFloat(long index) {
        long bo = blockBytes(index / QK);
        int j = (int) (index % QK);
        int c = j / 64;
        int sub = 2 * c + (j % 64) / 32;
        int q = Mem.u8(data, bo + 16 + 32 * c + j % 32);
        int nib = (j % 64) < 32 ? q & 0xF : q >>> 4;
        float d1 = Mem.f16(data, bo) * KScales.scaleK4(data, bo + 4, sub);
        float m1 = Mem.f16(data, bo + 2) * KScales.minK4(data, bo + 4, sub);
        return d1 * nib - m1;
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
                int q = Mem.u8(data, bo + 16 + 32 * c + l);
                out[o + l] = d0 * (q & 0xF) - m0;
                out[o + 32 + l] = d1 * (q >>> 4) - m1;
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
                    int q = Mem.u8(data, bo + 16 + 32 * c + l);
                    qx0 += (q & 0xF) * x[xc + l];
                    qx1 += (q >>> 4) * x[xc + 32 + l];
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

    @Override
    RowKernel kernel(VectorWidth width) {
        return Specializer.kernel(Q4KKernel.class, width);
    }
}
