package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** BF16 kernels, specialised per width by {@link Specializer}: a bfloat16 is the upper half of a float's bits. */
final class BF16Kernel implements RowKernel {
    private static final VectorWidth W = Specializer.width(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = W.floats();
    private static final LaneSum SUM = LaneSum.of(F);
    private static final VectorSpecies<Integer> I = W.ints();
    private static final VectorSpecies<Short> S = W.shorts();

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
            sum += Mem.bf16(data, (offset + i) * 2) * x[xOffset + i];
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
            out[outOffset + i] = Mem.bf16(data, (offset + i) * 2);
        }
    }

    private static FloatVector widen(MemorySegment data, long byteOffset) {
        ShortVector h = ShortVector.fromMemorySegment(S, data, byteOffset, ByteOrder.LITTLE_ENDIAN);
        return ((IntVector) h.convertShape(VectorOperators.S2I, I, 0)).lanewise(VectorOperators.LSHL, 16)
                .reinterpretAsFloats();
    }
}
