package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q8_0: blocks of 32 as {@code {f16 d; int8 qs[32]}}, {@code y = qs[j] * d}. Vector kernels: {@link Q8_0Kernel}.
 */
public final class Q8_0Tensor extends BlockTensor {
    static final int QK = 32;

    Q8_0Tensor(MemorySegment data, long size) {
        super(GgmlType.Q8_0, data, size);
    }

    @Override
    float element(long bo, int j) {
        return Mem.i8(data, bo + 2 + j) * Mem.f16(data, bo);
    }

    @Override
    void decodeBlock(long bo, float[] out, int o) {
        float d = Mem.f16(data, bo);
        for (int j = 0; j < QK; j++) {
            out[o + j] = Mem.i8(data, bo + 2 + j) * d;
        }
    }

    @Override
    float addBlockDot(float sum, long bo, float[] x, int xb) {
        float s = 0f;
        for (int j = 0; j < QK; j++) {
            s += Mem.i8(data, bo + 2 + j) * x[xb + j];
        }
        return sum + s * Mem.f16(data, bo);
    }

    @Override
    RowKernel kernel(VectorWidth width) {
        return Specializer.kernel(Q8_0Kernel.class, width);
    }
}
