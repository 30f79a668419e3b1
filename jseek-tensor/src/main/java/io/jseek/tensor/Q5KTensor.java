package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q5_K ({@link K4Tensor}): {@code {f16 d; f16 dmin; u8 scales[12]; u8 qh[32]; u8 qs[128]}}: Q4_K plus a fifth
 * bit; {@code qh[l]} bit {@code 2c} (low nibbles) / {@code 2c+1} (high nibbles) belongs to chunk c.
 * Scalar dot; mat-muls decode it with the scalar dequantization.
 */
public final class Q5KTensor extends K4Tensor {

    Q5KTensor(MemorySegment data, long size) {
        super(GgmlType.Q5_K, data, size, 48, true);
    }
}
