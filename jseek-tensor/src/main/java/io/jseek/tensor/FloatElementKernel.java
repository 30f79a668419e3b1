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
 * F32, F16 and BF16 kernels, specialised per width and format by {@link Specializer}: the format is a
 * {@code static final} of each copy, so only its branch of {@link #load} and {@link #scalar} is compiled (no
 * {@code switch} on it: an enum switch compiles to a nested class). The dot
 * runs two accumulators to halve the FMA latency chain.
 *
 * <p>Halves are widened in registers. BF16 is the upper half of a float's bits. F16 by bit arithmetic that is exact
 * for normals and subnormals and keeps infinities and NaNs: the 15 magnitude bits shifted into float position are a
 * float 2^-112 times the value; exponent 31 (inf/NaN) instead gets the float all-ones exponent.
 */
final class FloatElementKernel implements RowKernel {
    private static final MethodHandles.Lookup COPY = MethodHandles.lookup();
    private static final VectorWidth W = Specializer.width(COPY);
    private static final GgmlType FORMAT = Specializer.format(COPY);
    private static final int BYTES = FORMAT == GgmlType.F32 ? 4 : 2;
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
            FloatVector next = load(data, (offset + i) * BYTES).fma(FloatVector.fromArray(F, x, xOffset + i), acc1);
            acc1 = acc0;
            acc0 = next;
        }
        float sum = SUM.sum(acc0.add(acc1));
        for (; i < n; i++) {
            sum += scalar(data, (offset + i) * BYTES) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    public void decode(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        if (FORMAT == GgmlType.F32) {
            MemorySegment.copy(data, Mem.FLOAT_LE, offset * 4, out, outOffset, n);
            return;
        }
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += F.length()) {
            load(data, (offset + i) * BYTES).intoArray(out, outOffset + i);
        }
        for (; i < n; i++) {
            out[outOffset + i] = scalar(data, (offset + i) * BYTES);
        }
    }

    /** {@code F.length()} elements from {@code byteOffset}, as floats. */
    private static FloatVector load(MemorySegment data, long byteOffset) {
        if (FORMAT == GgmlType.F32) {
            return FloatVector.fromMemorySegment(F, data, byteOffset, ByteOrder.LITTLE_ENDIAN);
        }
        ShortVector h = ShortVector.fromMemorySegment(S, data, byteOffset, ByteOrder.LITTLE_ENDIAN);
        IntVector bits = (IntVector) h.convertShape(VectorOperators.S2I, I, 0);
        if (FORMAT == GgmlType.BF16) {
            return bits.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
        }
        IntVector mag = bits.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
        IntVector sign = bits.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        FloatVector finite = mag.reinterpretAsFloats().mul(TWO_POW_112);
        IntVector special = mag.or(0x7F800000);
        IntVector out = finite.reinterpretAsInts().blend(special, mag.compare(VectorOperators.GE, 0x7C00 << 13));
        return out.or(sign).reinterpretAsFloats();
    }

    private static float scalar(MemorySegment data, long byteOffset) {
        if (FORMAT == GgmlType.F32) {
            return Mem.f32(data, byteOffset);
        }
        return FORMAT == GgmlType.BF16 ? Mem.bf16(data, byteOffset) : Mem.f16(data, byteOffset);
    }
}
