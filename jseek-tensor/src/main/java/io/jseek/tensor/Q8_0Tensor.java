package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q8_0: blocks of 32 as {@code {f16 d; int8 qs[32]}}, {@code y = qs[j] * d}. Vector kernels: {@link Q8_0Kernel}.
 */
public final class Q8_0Tensor extends FloatTensor {
    static final int QK = 32;
    static final int BYTES = 34;

    Q8_0Tensor(MemorySegment data, long size) {
        super(GgmlType.Q8_0, data, size);
    }

    @Override
    public float getFloat(long index) {
        long bo = blockBytes(index / QK);
        return Mem.i8(data, bo + 2 + index % QK) * Mem.f16(data, bo);
    }

    @Override
    void dequantizeBlock(long block, float[] out, int outOffset) {
        long bo = blockBytes(block);
        float d = Mem.f16(data, bo);
        for (int j = 0; j < QK; j++) {
            out[outOffset + j] = Mem.i8(data, bo + 2 + j) * d;
        }
    }

    @Override
    public float dotScalar(long offset, float[] x, int xOffset, int n) {
        long b0 = offset / QK;
        float sum = 0f;
        for (int b = 0; b < n / QK; b++) {
            long bo = blockBytes(b0 + b);
            int xb = xOffset + b * QK;
            float s = 0f;
            for (int j = 0; j < QK; j++) {
                s += Mem.i8(data, bo + 2 + j) * x[xb + j];
            }
            sum += s * Mem.f16(data, bo);
        }
        return sum;
    }

    @Override
    RowKernel kernel(VectorWidth width) {
        return Specializer.kernel(Q8_0Kernel.class, width);
    }
}
