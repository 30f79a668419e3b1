package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/** IEEE binary16 elements. */
public final class F16Tensor extends ElementTensor {

    F16Tensor(MemorySegment data, long size) {
        super(GgmlType.F16, data, size);
    }

    @Override
    public float getFloat(long index) {
        return Mem.f16(data, index * 2);
    }
}
