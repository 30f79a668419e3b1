package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q4_K ({@link K4Tensor}): {@code {f16 d; f16 dmin; u8 scales[12]; u8 qs[128]}}; chunk c takes low then high
 * nibbles of {@code qs[32c..32c+31]}. Vector kernels: {@link Q4KKernel}.
 */
public final class Q4KTensor extends K4Tensor {

    Q4KTensor(MemorySegment data, long size) {
        super(GgmlType.Q4_K, data, size, 16, false);
    }

    @Override
    RowKernel kernel(VectorWidth width) {
        return Specializer.kernel(Q4KKernel.class, width);
    }
}
