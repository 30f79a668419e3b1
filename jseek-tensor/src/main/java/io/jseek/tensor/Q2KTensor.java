package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q2_K: super-blocks of 256 as {@code {u8 scales[16]; u8 qs[64]; f16 d; f16 dmin}}: 2-bit values, a 4-bit scale
 * (low nibble) and 4-bit min (high nibble) per 16 elements; {@code y = (d*sc) * q - (dmin*m)}. Scalar dot; mat-muls decode it with the scalar dequantization.
 */
public final class Q2KTensor extends BlockTensor {

    Q2KTensor(MemorySegment data, long size) {
        super(GgmlType.Q2_K, data, size);
    }

    /**
     * Element {@code j}'s 2 bits of the 64 bytes at {@code qs} (Q3_K's low bits too): each half of 128 elements has
     * 32 bytes, and the four 32-element quarters of a half take bits 0-1, 2-3, 4-5, 6-7 of them.
     */
    static int twoBits(MemorySegment data, long qs, int j) {
        int half = j / 128;
        int shift = (j % 128) / 32;
        return (Mem.u8(data, qs + 32 * half + j % 32) >>> (2 * shift)) & 3;
    }

    @Override
    float element(long bo, int j) {
        int sc = Mem.u8(data, bo + j / 16);
        float dl = Mem.f16(data, bo + 80) * (sc & 0xF);
        float ml = Mem.f16(data, bo + 82) * (sc >>> 4);
        return dl * twoBits(data, bo + 16, j) - ml;
    }

    @Override
    void decodeBlock(long bo, float[] out, int o) {
        float d = Mem.f16(data, bo + 80);
        float dmin = Mem.f16(data, bo + 82);
        for (int g = 0; g < 16; g++) {
            int sc = Mem.u8(data, bo + g);
            float dl = d * (sc & 0xF);
            float ml = dmin * (sc >>> 4);
            for (int l = 0; l < 16; l++) {
                out[o + 16 * g + l] = dl * twoBits(data, bo + 16, 16 * g + l) - ml;
            }
        }
    }

    @Override
    float addBlockDot(float sum, long bo, float[] x, int xb) {
        float d = Mem.f16(data, bo + 80);
        float dmin = Mem.f16(data, bo + 82);
        for (int g = 0; g < 16; g++) {
            int sc = Mem.u8(data, bo + g);
            float qx = 0f;
            float sx = 0f;
            for (int l = 0; l < 16; l++) {
                qx += twoBits(data, bo + 16, 16 * g + l) * x[xb + 16 * g + l];
                sx += x[xb + 16 * g + l];
            }
            sum += d * (sc & 0xF) * qx - dmin * (sc >>> 4) * sx;
        }
        return sum;
    }
}
