package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** Plain little-endian float32 elements. Vector kernels: {@link F32Kernel}. */
public final class F32Tensor extends FloatTensor {

    F32Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.F32;
    }

    @Override
    public float getFloat(long index) {
        return Mem.f32(data, index * 4);
    }

    @Override
    void dequantizeBlock(long block, float[] out, int outOffset) {
        out[outOffset] = getFloat(block);
    }

    @Override
    public void dequantize(long from, float[] out, int outOffset, int count) {
        Objects.checkFromIndexSize(from, count, size());
        MemorySegment.copy(data, Mem.FLOAT_LE, from * 4, out, outOffset, count);
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
        return Specializer.kernel(F32Kernel.class, width);
    }
}
