package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** bfloat16 elements: the upper 16 bits of a float32. Vectorised. */
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
    float dotVector(long offset, float[] x, int xOffset, int n, VectorWidth w) {
        return switch (w.bits()) {
            case 128 -> vectorDot(offset, x, xOffset, n, VectorWidth.W128);
            case 256 -> vectorDot(offset, x, xOffset, n, VectorWidth.W256);
            default -> vectorDot(offset, x, xOffset, n, VectorWidth.W512);
        };
    }

    /** The kernel; {@code w} is a constant at each call site so that the JIT specialises it per width. */
    private float vectorDot(long offset, float[] x, int xOffset, int n, VectorWidth w) {
        VectorSpecies<Float> s = w.floats();
        FloatVector acc = FloatVector.zero(s);
        int upper = s.loopBound(n);
        int i = 0;
        for (; i < upper; i += s.length()) {
            ShortVector h = ShortVector.fromMemorySegment(w.shorts(), data, (offset + i) * 2, ByteOrder.LITTLE_ENDIAN);
            FloatVector wv = ((IntVector) h.convertShape(VectorOperators.S2I, w.ints(), 0))
                    .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            acc = wv.fma(FloatVector.fromArray(s, x, xOffset + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += getFloat(offset + i) * x[xOffset + i];
        }
        return sum;
    }
}
