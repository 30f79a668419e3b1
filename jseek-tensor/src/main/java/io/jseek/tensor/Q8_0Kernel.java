package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q8_0 kernels ({@code {f16 d; int8 qs[32]}}), specialised per width by {@link Specializer}. A byte load feeds
 * {@code PARTS} float vectors (one at 512 bits, where 16 bytes fill 16 float lanes). The dot sums each block
 * unscaled, then folds it in with one FMA by the block scale into one of two accumulators that alternate (the
 * swap halves the latency chain).
 */
final class Q8_0Kernel implements RowKernel {
    private static final VectorWidth W = Specializer.width(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = W.floats();
    private static final LaneSum SUM = LaneSum.of(F);
    private static final VectorSpecies<Byte> B = W.bytes();
    private static final int L = F.length();
    private static final int PARTS = B.length() / L;
    private static final int QK = 32;
    private static final int BYTES = 34;

    @Override
    public float dot(MemorySegment data, long offset, float[] x, int xOffset, int n) {
        long bo = offset / QK * BYTES;
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = acc0;
        for (int xb = xOffset; xb < xOffset + n; xb += QK, bo += BYTES) {
            FloatVector sum = FloatVector.zero(F);
            for (int j = 0; j < QK; j += B.length()) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, bo + 2 + j, ByteOrder.LITTLE_ENDIAN);
                for (int p = 0; p < PARTS; p++) {
                    FloatVector qf = (FloatVector) q.convertShape(VectorOperators.B2F, F, p);
                    sum = qf.fma(FloatVector.fromArray(F, x, xb + j + p * L), sum);
                }
            }
            FloatVector next = sum.fma(FloatVector.broadcast(F, Mem.f16(data, bo)), acc1);
            acc1 = acc0;
            acc0 = next;
        }
        return SUM.sum(acc0.add(acc1));
    }

    @Override
    public void decode(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        long bo = offset / QK * BYTES;
        for (int o = outOffset; o < outOffset + n; o += QK, bo += BYTES) {
            float d = Mem.f16(data, bo);
            for (int j = 0; j < QK; j += B.length()) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, bo + 2 + j, ByteOrder.LITTLE_ENDIAN);
                for (int p = 0; p < PARTS; p++) {
                    ((FloatVector) q.convertShape(VectorOperators.B2F, F, p)).mul(d).intoArray(out, o + j + p * L);
                }
            }
        }
    }
}
