package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The formats whose blocks are single elements (F32, F16, BF16): they differ only in how an element is stored
 * ({@link #getFloat}). The scalar paths are plain loops over the elements; the vector kernels are the
 * {@link FloatElementKernel}.
 */
abstract sealed class ElementTensor extends FloatTensor permits F32Tensor, F16Tensor, BF16Tensor {

    ElementTensor(GgmlType type, MemorySegment data, long size) {
        super(type, data, size);
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
        return Specializer.kernel(FloatElementKernel.class, width, type());
    }
}
