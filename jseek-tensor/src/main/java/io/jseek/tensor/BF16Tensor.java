package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/** bfloat16 elements: the upper 16 bits of a float32. */
public final class BF16Tensor extends ElementTensor {

    BF16Tensor(MemorySegment data, long size) {
        super(GgmlType.BF16, data, size);
    }

    @Override
    public float getFloat(long index) {
        return Mem.bf16(data, index * 2);
    }
}
