package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q5_0: blocks of 32 as {@code {f16 d; u8 qh[4]; u8 qs[16]}}; bit j of the little-endian {@code qh} is the fifth bit
 * of element j; {@code y = (q - 16) * d}. Vector kernels: {@link CenteredNibbleKernel}.
 */
public final class Q5_0Tensor extends BlockTensor {
    static final int QK = 32;

    Q5_0Tensor(MemorySegment data, long size) {
        super(GgmlType.Q5_0, data, size);
    }

    @Override
    float element(long bo, int j) {
        return (q5(data, bo + 6, Mem.i32(data, bo + 2), j) - 16) * Mem.f16(data, bo);
    }

    /** The 5-bit value of element {@code j}: its nibble of {@code qs} plus bit j of {@code qh} (also Q5_1's). */
    static int q5(MemorySegment data, long qs, int qh, int j) {
        return Q4_0Tensor.nibble(data, qs, j) | ((qh >>> j) & 1) << 4;
    }

    @Override
    void decodeBlock(long bo, float[] out, int o) {
        float d = Mem.f16(data, bo);
        int qh = Mem.i32(data, bo + 2);
        for (int j = 0; j < QK; j++) {
            out[o + j] = (q5(data, bo + 6, qh, j) - 16) * d;
        }
    }

    @Override
    float addBlockDot(float sum, long bo, float[] x, int xb) {
        int qh = Mem.i32(data, bo + 2);
        float s = 0f;
        for (int j = 0; j < QK; j++) {
            s += (q5(data, bo + 6, qh, j) - 16) * x[xb + j];
        }
        return sum + s * Mem.f16(data, bo);
    }

    @Override
    RowKernel kernel(VectorWidth width) {
        return Specializer.kernel(CenteredNibbleKernel.class, width, type());
    }
}
