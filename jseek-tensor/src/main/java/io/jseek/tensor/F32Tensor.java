package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Plain little-endian float32 elements. Vectorised. */
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
            FloatVector wv = FloatVector.fromMemorySegment(s, data, (offset + i) * 4, ByteOrder.LITTLE_ENDIAN);
            acc = wv.fma(FloatVector.fromArray(s, x, xOffset + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += getFloat(offset + i) * x[xOffset + i];
        }
        return sum;
    }
}
