package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q5_1: blocks of 32 as {@code {f16 d; f16 m; u8 qh[4]; u8 qs[16]}}, Q5_0's 5-bit values without the offset,
 * {@code y = q * d + m}. Vector kernels: {@link ScaleMinKernel}.
 */
public final class Q5_1Tensor extends FloatTensor {
    static final int QK = 32;

    Q5_1Tensor(MemorySegment data, long size) {
        super(GgmlType.Q5_1, data, size);
    }

    @Override
    public float getFloat(long index) {
        long bo = blockBytes(index / QK);
        int j = (int) (index % QK);
        return Q5_0Tensor.q5(data, bo + 8, Mem.i32(data, bo + 4), j) * Mem.f16(data, bo) + Mem.f16(data, bo + 2);
    }

    @Override
    void dequantizeBlock(long block, float[] out, int outOffset) {
        long bo = blockBytes(block);
        float d = Mem.f16(data, bo);
        float m = Mem.f16(data, bo + 2);
        int qh = Mem.i32(data, bo + 4);
        for (int j = 0; j < QK; j++) {
            out[outOffset + j] = Q5_0Tensor.q5(data, bo + 8, qh, j) * d + m;
        }
    }

    @Override
    public float dotScalar(long offset, float[] x, int xOffset, int n) {
        long b0 = offset / QK;
        float sum = 0f;
        for (int b = 0; b < n / QK; b++) {
            long bo = blockBytes(b0 + b);
            int qh = Mem.i32(data, bo + 4);
            int xb = xOffset + b * QK;
            float sq = 0f;
            float sx = 0f;
            for (int j = 0; j < QK; j++) {
                sq += Q5_0Tensor.q5(data, bo + 8, qh, j) * x[xb + j];
                sx += x[xb + j];
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
