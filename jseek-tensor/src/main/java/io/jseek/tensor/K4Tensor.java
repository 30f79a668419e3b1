package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The super-block shared by Q4_K and Q5_K: 256 elements as {@code {f16 d; f16 dmin; u8 scales[12]; [u8 qh[32];]
 * u8 qs[128]}}, 8 sub-blocks of 32 with 6-bit scale and min; chunk c (64 elements) takes the low then the high
 * nibbles of {@code qs[32c..32c+31]}, and in Q5_K bit {@code 2c} (low) / {@code 2c+1} (high) of {@code qh[l]} as a
 * fifth bit; {@code y = (d*sc) * q - (dmin*m)} (ggml's operation order, kept for bit-exact dequantization). The loops
 * read the fifth bits where {@link #highBits}; a loop-invariant test, so Q5_K's scalar dot (its production path)
 * runs the same loop as when it had one of its own.
 */
abstract sealed class K4Tensor extends BlockTensor permits Q4KTensor, Q5KTensor {
    /** Byte offset of {@code qs} in a block. */
    private final int qsAt;
    /** Whether the blocks carry {@code qh} (at byte 16). */
    private final boolean highBits;

    K4Tensor(GgmlType type, MemorySegment data, long size, int qsAt, boolean highBits) {
        super(type, data, size);
        this.qsAt = qsAt;
        this.highBits = highBits;
    }

    @Override
    float element(long bo, int j) {
        int c = j / 64;
        int half = (j % 64) / 32;
        int l = j % 32;
        int sub = 2 * c + half;
        int q = Mem.u8(data, bo + qsAt + 32 * c + l);
        int qh = highBits ? Mem.u8(data, bo + 16 + l) : 0;
        int nib = half == 0 ? q & 0xF : q >>> 4;
        float d1 = Mem.f16(data, bo) * KScales.scaleK4(data, bo + 4, sub);
        float m1 = Mem.f16(data, bo + 2) * KScales.minK4(data, bo + 4, sub);
        return d1 * (nib + 16 * ((qh >>> sub) & 1)) - m1;
    }

    @Override
    void decodeBlock(long bo, float[] out, int outOffset) {
        float d = Mem.f16(data, bo);
        float dmin = Mem.f16(data, bo + 2);
        for (int c = 0; c < 4; c++) {
            float d0 = d * KScales.scaleK4(data, bo + 4, 2 * c);
            float m0 = dmin * KScales.minK4(data, bo + 4, 2 * c);
            float d1 = d * KScales.scaleK4(data, bo + 4, 2 * c + 1);
            float m1 = dmin * KScales.minK4(data, bo + 4, 2 * c + 1);
            int o = outOffset + 64 * c;
            for (int l = 0; l < 32; l++) {
                int q = Mem.u8(data, bo + qsAt + 32 * c + l);
                int qh = highBits ? Mem.u8(data, bo + 16 + l) : 0;
                out[o + l] = d0 * ((q & 0xF) + 16 * ((qh >>> (2 * c)) & 1)) - m0;
                out[o + 32 + l] = d1 * ((q >>> 4) + 16 * ((qh >>> (2 * c + 1)) & 1)) - m1;
            }
        }
    }

    @Override
    float addBlockDot(float sum, long bo, float[] x, int xb) {
        float d = Mem.f16(data, bo);
        float dmin = Mem.f16(data, bo + 2);
        for (int c = 0; c < 4; c++) {
            int xc = xb + 64 * c;
            float qx0 = 0f, qx1 = 0f, sx0 = 0f, sx1 = 0f;
            for (int l = 0; l < 32; l++) {
                int q = Mem.u8(data, bo + qsAt + 32 * c + l);
                int qh = highBits ? Mem.u8(data, bo + 16 + l) : 0;
                qx0 += ((q & 0xF) + 16 * ((qh >>> (2 * c)) & 1)) * x[xc + l];
                qx1 += ((q >>> 4) + 16 * ((qh >>> (2 * c + 1)) & 1)) * x[xc + 32 + l];
                sx0 += x[xc + l];
                sx1 += x[xc + 32 + l];
            }
            sum += d * KScales.scaleK4(data, bo + 4, 2 * c) * qx0 - dmin * KScales.minK4(data, bo + 4, 2 * c) * sx0;
            sum += d * KScales.scaleK4(data, bo + 4, 2 * c + 1) * qx1
                    - dmin * KScales.minK4(data, bo + 4, 2 * c + 1) * sx1;
        }
        return sum;
    }
}
