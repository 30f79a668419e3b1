package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q5_1: blocks of 32 as {@code {f16 d; f16 m; u8 qh[4]; u8 qs[16]}}, Q5_0's 5-bit values without the offset,
 * {@code y = q * d + m}. Vector kernels: {@link ScaleMinKernel}.
 */
public final class Q5_1Tensor extends BlockTensor {
    static final int QK = 32;

    Q5_1Tensor(MemorySegment data, long size) {
        super(GgmlType.Q5_1, data, size);
    }

    @Override
    float element(long bo, int j) {
        return Q5_0Tensor.q5(data, bo + 8, Mem.i32(data, bo + 4), j) * Mem.f16(data, bo) + Mem.f16(data, bo + 2);
    }

    @Override
    void decodeBlock(long bo, float[] out, int o) {
        float d = Mem.f16(data, bo);
        float m = Mem.f16(data, bo + 2);
        int qh = Mem.i32(data, bo + 4);
        for (int j = 0; j < QK; j++) {
            out[o + j] = Q5_0Tensor.q5(data, bo + 8, qh, j) * d + m;
        }
    }

    @Override
    float addBlockDot(float sum, long bo, float[] x, int xb) {
        int qh = Mem.i32(data, bo + 4);
        float sq = 0f;
        float sx = 0f;
        for (int j = 0; j < QK; j++) {
            sq += Q5_0Tensor.q5(data, bo + 8, qh, j) * x[xb + j];
            sx += x[xb + j];
        }
        return sum + (sq * Mem.f16(data, bo) + sx * Mem.f16(data, bo + 2));
    }

    @Override
    RowKernel kernel(VectorWidth width) {
        return Specializer.kernel(ScaleMinKernel.class, width, type());
    }
}
