package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q4_0: blocks of 32 as {@code {f16 d; u8 qs[16]}}; low nibbles are elements 0..15, high nibbles 16..31,
 * {@code y = (q - 8) * d}. Vector kernels: {@link CenteredNibbleKernel}.
 */
public final class Q4_0Tensor extends BlockTensor {

    Q4_0Tensor(MemorySegment data, long size) {
        super(GgmlType.Q4_0, data, size);
    }

    @Override
    float element(long bo, int j) {
        return (nibble(data, bo + 2, j) - 8) * Mem.f16(data, bo);
    }

    /** Element {@code j}'s nibble of the 16 bytes at {@code qs}, low nibbles elements 0..15 (Q4_1, Q5_x too). */
    static int nibble(MemorySegment data, long qs, int j) {
        int q = Mem.u8(data, qs + (j & 15));
        return j < 16 ? q & 0xF : q >>> 4;
    }

    @Override
    void decodeBlock(long bo, float[] out, int o) {
        float d = Mem.f16(data, bo);
        for (int j = 0; j < 16; j++) {
            int q = Mem.u8(data, bo + 2 + j);
            out[o + j] = ((q & 0xF) - 8) * d;
            out[o + j + 16] = ((q >>> 4) - 8) * d;
        }
    }

    @Override
    float addBlockDot(float sum, long bo, float[] x, int xb) {
        float s = 0f;
        for (int j = 0; j < 16; j++) {
            int q = Mem.u8(data, bo + 2 + j);
            s += ((q & 0xF) - 8) * x[xb + j] + ((q >>> 4) - 8) * x[xb + j + 16];
        }
        return sum + s * Mem.f16(data, bo);
    }

    @Override
    RowKernel kernel(VectorWidth width) {
        return Specializer.kernel(CenteredNibbleKernel.class, width, type());
    }
}
