package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * F16 kernels, specialised per width by {@link Specializer}. Halves are widened in registers by bit arithmetic that
 * is exact for normals and subnormals and keeps infinities and NaNs: the 15 magnitude bits shifted into float
 * position are a float 2^-112 times the value; exponent 31 (inf/NaN) instead gets the float all-ones exponent.
 */
final class F16Kernel implements RowKernel {
    private static final VectorWidth W = Specializer.width(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = W.floats();
    private static final LaneSum SUM = LaneSum.of(F);
    private static final VectorSpecies<Integer> I = W.ints();
    private static final VectorSpecies<Short> S = W.shorts();
    private static final float TWO_POW_112 = 0x1p112f;

    @Override
    public float dot(MemorySegment data, long offset, float[] x, int xOffset, int n) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = acc0;
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector next = widen(data, (offset + i) * 2).fma(FloatVector.fromArray(F, x, xOffset + i), acc1);
            acc1 = acc0;
            acc0 = next;
        }
        float sum = SUM.sum(acc0.add(acc1));
        for (; i < n; i++) {
            sum += Mem.f16(data, (offset + i) * 2) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    public void decode(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += F.length()) {
            widen(data, (offset + i) * 2).intoArray(out, outOffset + i);
        }
        for (; i < n; i++) {
            out[outOffset + i] = Mem.f16(data, (offset + i) * 2);
        }
    }

    private static FloatVector widen(MemorySegment data, long byteOffset) {
        ShortVector h = ShortVector.fromMemorySegment(S, data, byteOffset, ByteOrder.LITTLE_ENDIAN);
        IntVector bits = (IntVector) h.convertShape(VectorOperators.S2I, I, 0);
        IntVector mag = bits.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
        IntVector sign = bits.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        FloatVector finite = mag.reinterpretAsFloats().mul(TWO_POW_112);
        IntVector special = mag.or(0x7F800000);
        IntVector out = finite.reinterpretAsInts().blend(special, mag.compare(VectorOperators.GE, 0x7C00 << 13));
        return out.or(sign).reinterpretAsFloats();
    }
}
