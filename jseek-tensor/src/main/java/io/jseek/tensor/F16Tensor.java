package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * IEEE binary16 elements. Vector kernels: {@link F16Kernel}.
 */
public final class F16Tensor extends FloatTensor {
    F16Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.F16;
    }

    @Override
    public float getFloat(long index) {
        return Mem.f16(data, index * 2);
    }

    @Override
    void dequantizeBlock(long block, float[] out, int outOffset) {
        out[outOffset] = getFloat(block);
    }

    @Override
    public void dequantize(long from, float[] out, int outOffset, int count) {
        Objects.checkFromIndexSize(from, count, size());
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = getFloat(from + i);
        }
    }

    @Override
    public float dotScalar(long offset, float[] x, int xOffset, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += getFloat(offset + i) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    RowKernel kernel(VectorWidth width) {
        return Specializer.kernel(F16Kernel.class, width);
    }
}
