package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** F32 kernels, specialised per width by {@link Specializer}: two accumulators to halve the FMA latency chain. */
final class F32Kernel implements RowKernel {
    private static final VectorSpecies<Float> F = Specializer.width(MethodHandles.lookup()).floats();
    private static final LaneSum SUM = LaneSum.of(F);

    @Override
    public float dot(MemorySegment data, long offset, float[] x, int xOffset, int n) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = acc0;
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector w = FloatVector.fromMemorySegment(F, data, (offset + i) * 4, ByteOrder.LITTLE_ENDIAN);
            FloatVector next = w.fma(FloatVector.fromArray(F, x, xOffset + i), acc1);
            acc1 = acc0;
            acc0 = next;
        }
        float sum = SUM.sum(acc0.add(acc1));
        for (; i < n; i++) {
            sum += Mem.f32(data, (offset + i) * 4) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    public void decode(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        MemorySegment.copy(data, Mem.FLOAT_LE, offset * 4, out, outOffset, n);
    }
}
