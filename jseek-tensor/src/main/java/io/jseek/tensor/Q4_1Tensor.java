package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q4_1: blocks of 32 as {@code {f16 d; f16 m; u8 qs[16]}}, {@code y = q * d + m} with Q4_0's nibble order.
 * Vector kernels: {@link ScaleMinKernel}.
 */
public final class Q4_1Tensor extends BlockTensor {

    Q4_1Tensor(MemorySegment data, long size) {
        super(GgmlType.Q4_1, data, size);
    }

    @Override
    float element(long bo, int j) {
        return Q4_0Tensor.nibble(data, bo + 4, j) * Mem.f16(data, bo) + Mem.f16(data, bo + 2);
    }

    @Override
    void decodeBlock(long bo, float[] out, int o) {
        float d = Mem.f16(data, bo);
        float m = Mem.f16(data, bo + 2);
        for (int j = 0; j < 16; j++) {
            int q = Mem.u8(data, bo + 4 + j);
            out[o + j] = (q & 0xF) * d + m;
            out[o + j + 16] = (q >>> 4) * d + m;
        }
    }

    @Override
    float addBlockDot(float sum, long bo, float[] x, int xb) {
        float sq = 0f;
        float sx = 0f;
        for (int j = 0; j < 16; j++) {
            int q = Mem.u8(data, bo + 4 + j);
            sq += (q & 0xF) * x[xb + j] + (q >>> 4) * x[xb + j + 16];
            sx += x[xb + j] + x[xb + j + 16];
        }
        return sum + (sq * Mem.f16(data, bo) + sx * Mem.f16(data, bo + 2));
    }

    @Override
    RowKernel kernel(VectorWidth width) {
        return Specializer.kernel(ScaleMinKernel.class, width, type());
    }
}
