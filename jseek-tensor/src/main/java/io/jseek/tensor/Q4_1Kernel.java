package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_1 kernels ({@code {f16 d; f16 m; u8 qs[16]}}, {@code y = q*d + m}, low nibbles elements 0..15), specialised
 * per width by {@link Specializer}. The dot builds each weight in registers with one FMA and keeps low and high
 * nibbles in separate accumulators.
 */
final class Q4_1Kernel implements RowKernel {
    private static final VectorWidth W = Specializer.width(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = W.floats();
    private static final LaneSum SUM = LaneSum.of(F);
    private static final VectorSpecies<Byte> B = W.bytes();
    private static final int L = F.length();
    private static final int PARTS = B.length() / L;
    private static final int QK = 32;
    private static final int BYTES = 20;

    @Override
    public float dot(MemorySegment data, long offset, float[] x, int xOffset, int n) {
        long bo = offset / QK * BYTES;
        FloatVector accLo = FloatVector.zero(F);
        FloatVector accHi = accLo;
        for (int xb = xOffset; xb < xOffset + n; xb += QK, bo += BYTES) {
            float d = Mem.f16(data, bo);
            float m = Mem.f16(data, bo + 2);
            for (int j = 0; j < QK / 2; j += B.length()) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, bo + 4 + j, ByteOrder.LITTLE_ENDIAN);
                ByteVector lo = q.and((byte) 0xF);
                ByteVector hi = q.lanewise(VectorOperators.LSHR, 4);
                for (int p = 0; p < PARTS; p++) {
                    int xj = xb + j + p * L;
                    accLo = ((FloatVector) lo.convertShape(VectorOperators.B2F, F, p)).fma(d, m)
                            .fma(FloatVector.fromArray(F, x, xj), accLo);
                    accHi = ((FloatVector) hi.convertShape(VectorOperators.B2F, F, p)).fma(d, m)
                            .fma(FloatVector.fromArray(F, x, xj + QK / 2), accHi);
                }
            }
        }
        return SUM.sum(accLo.add(accHi));
    }

    /** Exactly the scalar dequantization: {@code q*d + m}, multiply then add. */
    @Override
    public void decode(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        long bo = offset / QK * BYTES;
        for (int o = outOffset; o < outOffset + n; o += QK, bo += BYTES) {
            float d = Mem.f16(data, bo);
            float m = Mem.f16(data, bo + 2);
            for (int j = 0; j < QK / 2; j += B.length()) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, bo + 4 + j, ByteOrder.LITTLE_ENDIAN);
                ByteVector lo = q.and((byte) 0xF);
                ByteVector hi = q.lanewise(VectorOperators.LSHR, 4);
                for (int p = 0; p < PARTS; p++) {
                    int oj = o + j + p * L;
                    ((FloatVector) lo.convertShape(VectorOperators.B2F, F, p)).mul(d).add(m).intoArray(out, oj);
                    ((FloatVector) hi.convertShape(VectorOperators.B2F, F, p)).mul(d).add(m)
                            .intoArray(out, oj + QK / 2);
                }
            }
        }
    }
}
