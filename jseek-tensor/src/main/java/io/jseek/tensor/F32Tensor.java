package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** Plain little-endian float32 elements. */
public final class F32Tensor extends ElementTensor {

    F32Tensor(MemorySegment data, long size) {
        super(GgmlType.F32, data, size);
    }

    @Override
    public float getFloat(long index) {
        return Mem.f32(data, index * 4);
    }

    @Override
    public void dequantize(long from, float[] out, int outOffset, int count) {
        Objects.checkFromIndexSize(from, count, size());
        MemorySegment.copy(data, Mem.FLOAT_LE, from * 4, out, outOffset, count);
    }
}
