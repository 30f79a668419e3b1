package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * IEEE binary16 elements. Vectorised: halves are widened in registers by bit arithmetic that is exact for normals
 * and subnormals and keeps infinities and NaNs (see {@link #widen}).
 */
public final class F16Tensor extends FloatTensor {
    private static final float TWO_POW_112 = 0x1p112f;

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
            acc = widen(h, w).fma(FloatVector.fromArray(s, x, xOffset + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += getFloat(offset + i) * x[xOffset + i];
        }
        return sum;
    }

    /**
     * binary16 → float: the 15 magnitude bits shifted into float position are a float 2^-112 times the value (exact
     * for normals and subnormals alike); exponent 31 (inf/NaN) instead gets the float all-ones exponent.
     */
    static FloatVector widen(ShortVector h, VectorWidth w) {
        IntVector bits = (IntVector) h.convertShape(VectorOperators.S2I, w.ints(), 0);
        IntVector mag = bits.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
        IntVector sign = bits.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        FloatVector finite = mag.reinterpretAsFloats().mul(TWO_POW_112);
        IntVector special = mag.or(0x7F800000);
        IntVector out = finite.reinterpretAsInts()
                .blend(special, mag.compare(VectorOperators.GE, 0x7C00 << 13));
        return out.or(sign).reinterpretAsFloats();
    }
}
