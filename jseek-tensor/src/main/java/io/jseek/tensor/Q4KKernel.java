package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_K kernels ({@code {f16 d; f16 dmin; u8 scales[12]; u8 qs[128]}}, chunk c of 64 = low then high nibbles of
 * {@code qs[32c..32c+31]}), specialised per width by {@link Specializer}. The dot builds each weight in registers as
 * {@code q*(d*sc) - dmin*m} (one FMA) and accumulates low and high nibbles into separate accumulators, which keeps
 * two independent FMA chains.
 */
final class Q4KKernel implements RowKernel {
    private static final VectorWidth W = Specializer.width(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = W.floats();
    private static final VectorSpecies<Byte> B = W.bytes();
    private static final int L = F.length();
    private static final int PARTS = B.length() / L;
    private static final int QK = 256;
    private static final int BYTES = 144;

    @Override
    public float dot(MemorySegment data, long offset, float[] x, int xOffset, int n) {
        long bo = offset / QK * BYTES;
        FloatVector accLo = FloatVector.zero(F);
        FloatVector accHi = accLo;
        for (int xb = xOffset; xb < xOffset + n; xb += QK, bo += BYTES) {
            float d = Mem.f16(data, bo);
            float dmin = Mem.f16(data, bo + 2);
            for (int c = 0; c < 4; c++) {
                float d0 = d * KScales.scaleK4(data, bo + 4, 2 * c);
                float m0 = -dmin * KScales.minK4(data, bo + 4, 2 * c);
                float d1 = d * KScales.scaleK4(data, bo + 4, 2 * c + 1);
                float m1 = -dmin * KScales.minK4(data, bo + 4, 2 * c + 1);
                long qs = bo + 16 + 32 * c;
                int xc = xb + 64 * c;
                for (int l = 0; l < 32; l += B.length()) {
                    ByteVector q = ByteVector.fromMemorySegment(B, data, qs + l, ByteOrder.LITTLE_ENDIAN);
                    ByteVector lo = q.and((byte) 0xF);
                    ByteVector hi = q.lanewise(VectorOperators.LSHR, 4);
                    for (int p = 0; p < PARTS; p++) {
                        int xj = xc + l + p * L;
                        FloatVector wl = ((FloatVector) lo.convertShape(VectorOperators.B2F, F, p)).fma(d0, m0);
                        FloatVector wh = ((FloatVector) hi.convertShape(VectorOperators.B2F, F, p)).fma(d1, m1);
                        accLo = wl.fma(FloatVector.fromArray(F, x, xj), accLo);
                        accHi = wh.fma(FloatVector.fromArray(F, x, xj + 32), accHi);
                    }
                }
            }
        }
        return accLo.add(accHi).reduceLanes(VectorOperators.ADD);
    }

    /** Exactly the scalar dequantization: {@code (d*sc) * q - dmin*m}, multiply then subtract. */
    @Override
    public void decode(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        long bo = offset / QK * BYTES;
        for (int o = outOffset; o < outOffset + n; o += QK, bo += BYTES) {
            float d = Mem.f16(data, bo);
            float dmin = Mem.f16(data, bo + 2);
            for (int c = 0; c < 4; c++) {
                float d0 = d * KScales.scaleK4(data, bo + 4, 2 * c);
                float m0 = dmin * KScales.minK4(data, bo + 4, 2 * c);
                float d1 = d * KScales.scaleK4(data, bo + 4, 2 * c + 1);
                float m1 = dmin * KScales.minK4(data, bo + 4, 2 * c + 1);
                long qs = bo + 16 + 32 * c;
                for (int l = 0; l < 32; l += B.length()) {
                    ByteVector q = ByteVector.fromMemorySegment(B, data, qs + l, ByteOrder.LITTLE_ENDIAN);
                    ByteVector lo = q.and((byte) 0xF);
                    ByteVector hi = q.lanewise(VectorOperators.LSHR, 4);
                    for (int p = 0; p < PARTS; p++) {
                        int oj = o + 64 * c + l + p * L;
                        ((FloatVector) lo.convertShape(VectorOperators.B2F, F, p)).mul(d0).sub(m0).intoArray(out, oj);
                        ((FloatVector) hi.convertShape(VectorOperators.B2F, F, p)).mul(d1).sub(m1)
                                .intoArray(out, oj + 32);
                    }
                }
            }
        }
    }
}
