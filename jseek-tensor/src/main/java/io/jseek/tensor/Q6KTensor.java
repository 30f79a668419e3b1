package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q6_K: super-blocks of 256 as {@code {u8 ql[128]; u8 qh[64]; int8 scales[16]; f16 d}}; two halves of 128, each
 * element a nibble of {@code ql} plus two bits of {@code qh}, minus 32; {@code y = (d*sc) * q}. Vector kernels: {@link Q6KKernel}.
 */
public final class Q6KTensor extends BlockTensor {
    static final int QK = 256;

    Q6KTensor(MemorySegment data, long size) {
        super(GgmlType.Q6_K, data, size);
    }

    /** The signed 6-bit value of element {@code j} (0..255) of the block at {@code bo}, and its scale index. */
    private int q6(long bo, int j) {
        int half = j / 128;
        int r = j % 128;
        int quarter = r / 32;
        int l = r % 32;
        int ql = Mem.u8(data, bo + 64 * half + l + 32 * (quarter & 1));
        int nib = quarter < 2 ? ql & 0xF : ql >>> 4;
        int qh = (Mem.u8(data, bo + 128 + 32 * half + l) >>> (2 * quarter)) & 3;
        return (nib | qh << 4) - 32;
    }

    private static int scaleIndex(int j) {
        return 8 * (j / 128) + (j % 32) / 16 + 2 * ((j % 128) / 32);
    }

    @Override
    float element(long bo, int j) {
        return Mem.f16(data, bo + 208) * Mem.i8(data, bo + 192 + scaleIndex(j)) * q6(bo, j);
    }

    @Override
    void decodeBlock(long bo, float[] out, int o) {
        float d = Mem.f16(data, bo + 208);
        for (int j = 0; j < QK; j++) {
            out[o + j] = d * Mem.i8(data, bo + 192 + scaleIndex(j)) * q6(bo, j);
        }
    }

    @Override
    float addBlockDot(float sum, long bo, float[] x, int xb) {
        float d = Mem.f16(data, bo + 208);
        for (int g = 0; g < 16; g++) {
            float s = 0f;
            int j0 = groupStart(g);
            for (int l = 0; l < 16; l++) {
                s += q6(bo, j0 + l) * x[xb + j0 + l];
            }
            sum += d * Mem.i8(data, bo + 192 + scaleIndex(j0)) * s;
        }
        return sum;
    }

    /** First element of the 16-element group {@code g}, in the order of the scale bytes. */
    private static int groupStart(int g) {
        return 128 * (g / 8) + 32 * ((g % 8) / 2) + 16 * (g % 2);
    }

    @Override
    RowKernel kernel(VectorWidth width) {
        return Specializer.kernel(Q6KKernel.class, width);
    }
}
