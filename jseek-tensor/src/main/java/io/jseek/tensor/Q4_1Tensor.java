package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q4_1: blocks of 32 as {@code {f16 d; f16 m; u8 qs[16]}}, {@code y = q * d + m} with Q4_0's nibble order.
 * Vector kernels: {@link ScaleMinKernel}.
 */
public final class Q4_1Tensor extends FloatTensor {
    static final int QK = 32;

    Q4_1Tensor(MemorySegment data, long size) {
        super(GgmlType.Q4_1, data, size);
    }

    @Override
    public float getFloat(long index) {
        long bo = blockBytes(index / QK);
        int j = (int) (index % QK);
        return Q4_0Tensor.nibble(data, bo + 4, j) * Mem.f16(data, bo) + Mem.f16(data, bo + 2);
    }

    @Override
    void dequantizeBlock(long block, float[] out, int outOffset) {
        long bo = blockBytes(block);
        float d = Mem.f16(data, bo);
        float m = Mem.f16(data, bo + 2);
        for (int j = 0; j < 16; j++) {
            int q = Mem.u8(data, bo + 4 + j);
            out[outOffset + j] = (q & 0xF) * d + m;
            out[outOffset + j + 16] = (q >>> 4) * d + m;
        }
    }

    @Override
    public float dotScalar(long offset, float[] x, int xOffset, int n) {
        long b0 = offset / QK;
        float sum = 0f;
        for (int b = 0; b < n / QK; b++) {
            long bo = blockBytes(b0 + b);
            int xb = xOffset + b * QK;
            float sq = 0f;
            float sx = 0f;
            for (int j = 0; j < 16; j++) {
                int q = Mem.u8(data, bo + 4 + j);
                sq += (q & 0xF) * x[xb + j] + (q >>> 4) * x[xb + j + 16];
                sx += x[xb + j] + x[xb + j + 16];
            }
            sum += sq * Mem.f16(data, bo) + sx * Mem.f16(data, bo + 2);
        }
        return sum;
    }

    @Override
    RowKernel kernel(VectorWidth width) {
        return Specializer.kernel(ScaleMinKernel.class, width, type());
    }
}
