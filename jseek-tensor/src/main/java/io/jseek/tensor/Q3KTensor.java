package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q3_K: super-blocks of 256 as {@code {u8 hmask[32]; u8 qs[64]; u8 scales[12]; f16 d}}: 2-bit values plus a high bit
 * from {@code hmask} (a clear bit subtracts 4), 16 signed 6-bit scales. Scalar dot; mat-muls decode it with the scalar dequantization.
 */
public final class Q3KTensor extends BlockTensor {

    Q3KTensor(MemorySegment data, long size) {
        super(GgmlType.Q3_K, data, size);
    }

    /**
     * The signed 3-bit value of element {@code j}: its 2 bits of {@code qs} laid out as Q2_K's, and bit {@code j / 32}
     * of {@code hmask[j % 32]} (hmask is not offset by half).
     */
    private int q3(long bo, int j) {
        boolean high = ((Mem.u8(data, bo + j % 32) >>> (j / 32)) & 1) != 0;
        return Q2KTensor.twoBits(data, bo + 32, j) - (high ? 0 : 4);
    }

    /** The scale of element {@code j}'s 16-element group (group g of the element order uses scale g). */
    private float dl(long bo, float d, int j) {
        return d * KScales.scaleQ3(data, bo + 96, j / 16);
    }

    @Override
    float element(long bo, int j) {
        return dl(bo, Mem.f16(data, bo + 108), j) * q3(bo, j);
    }

    @Override
    void decodeBlock(long bo, float[] out, int o) {
        float d = Mem.f16(data, bo + 108);
        for (int g = 0; g < 16; g++) {
            float dl = dl(bo, d, 16 * g);
            for (int l = 0; l < 16; l++) {
                out[o + 16 * g + l] = dl * q3(bo, 16 * g + l);
            }
        }
    }

    @Override
    float addBlockDot(float sum, long bo, float[] x, int xb) {
        float d = Mem.f16(data, bo + 108);
        for (int g = 0; g < 16; g++) {
            float s = 0f;
            for (int l = 0; l < 16; l++) {
                s += q3(bo, 16 * g + l) * x[xb + 16 * g + l];
            }
            sum += dl(bo, d, 16 * g) * s;
        }
        return sum;
    }
}
