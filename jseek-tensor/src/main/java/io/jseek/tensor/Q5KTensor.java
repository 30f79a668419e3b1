package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q5_K ({@link K4Tensor}): {@code {f16 d; f16 dmin; u8 scales[12]; u8 qh[32]; u8 qs[128]}}: Q4_K plus a fifth
 * bit; {@code qh[l]} bit {@code 2c} (low nibbles) / {@code 2c+1} (high nibbles) belongs to chunk c.
 * Scalar dot; mat-muls decode it with the scalar dequantization.
 */
public final class Q5KTensor extends K4Tensor {

    Q5KTensor(MemorySegment data, long size) {
        super(GgmlType.Q5_K, data, size);
    }

    @Override
    int quants(long bo, int c, int l) {
        int q = Mem.u8(data, bo + 48 + 32 * c + l);
        int qh = Mem.u8(data, bo + 16 + l);
        return ((q & 0xF) + 16 * ((qh >>> (2 * c)) & 1)) | ((q >>> 4) + 16 * ((qh >>> (2 * c + 1)) & 1)) << 8;
    }
}
