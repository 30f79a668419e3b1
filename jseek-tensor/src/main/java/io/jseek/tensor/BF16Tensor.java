package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** bfloat16 elements: the upper 16 bits of a float32. Vector kernels: {@link BF16Kernel}. */
public final class BF16Tensor extends FloatTensor {

    BF16Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.BF16;
    }

    @Override
    public float getFloat(long index) {
        return Mem.bf16(data, index * 2);
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
        return Specializer.kernel(BF16Kernel.class, width);
    }
}
