package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_1 ({@code {f16 d; f16 m; u8 qs[16]}}) and Q5_1 ({@code {f16 d; f16 m; u32 qh; u8 qs[16]}}) kernels,
 * {@code y = q*d + m} with low nibbles elements 0..15; specialised per width and format by {@link Specializer}. Q5_1's
 * fifth bits become a lane mask straight from {@code qh} ({@code VectorMask.fromLong}) that ORs 16 into the nibbles;
 * {@link #FIVE} is a constant of each copy, so Q4_1's copy has no trace of them. The dot builds each weight in
 * registers with one FMA and keeps low and high nibbles in separate accumulators.
 */
final class ScaleMinKernel implements RowKernel {
    private static final MethodHandles.Lookup COPY = MethodHandles.lookup();
    private static final VectorWidth W = Specializer.width(COPY);
    private static final boolean FIVE = Specializer.format(COPY) == GgmlType.Q5_1;
    private static final VectorSpecies<Float> F = W.floats();
    private static final LaneSum SUM = LaneSum.of(F);
    private static final VectorSpecies<Byte> B = W.bytes();
    private static final int L = F.length();
    private static final int PARTS = B.length() / L;
    private static final long LANES = (1L << B.length()) - 1;
    private static final int QK = 32;
    private static final int QS = FIVE ? 8 : 4;
    private static final int BYTES = QS + QK / 2;

    @Override
    public float dot(MemorySegment data, long offset, float[] x, int xOffset, int n) {
        long bo = offset / QK * BYTES;
        FloatVector accLo = FloatVector.zero(F);
        FloatVector accHi = accLo;
        for (int xb = xOffset; xb < xOffset + n; xb += QK, bo += BYTES) {
            float d = Mem.f16(data, bo);
            float m = Mem.f16(data, bo + 2);
            long qh = FIVE ? Mem.i32(data, bo + 4) & 0xFFFFFFFFL : 0;
            for (int j = 0; j < QK / 2; j += B.length()) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, bo + QS + j, ByteOrder.LITTLE_ENDIAN);
                ByteVector lo = q.and((byte) 0xF);
                ByteVector hi = q.lanewise(VectorOperators.LSHR, 4);
                if (FIVE) {
                    lo = lo.lanewise(VectorOperators.OR, (byte) 16, VectorMask.fromLong(B, (qh >>> j) & LANES));
                    hi = hi.lanewise(VectorOperators.OR, (byte) 16,
                            VectorMask.fromLong(B, (qh >>> (j + QK / 2)) & LANES));
                }
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
            long qh = FIVE ? Mem.i32(data, bo + 4) & 0xFFFFFFFFL : 0;
            for (int j = 0; j < QK / 2; j += B.length()) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, bo + QS + j, ByteOrder.LITTLE_ENDIAN);
                ByteVector lo = q.and((byte) 0xF);
                ByteVector hi = q.lanewise(VectorOperators.LSHR, 4);
                if (FIVE) {
                    lo = lo.lanewise(VectorOperators.OR, (byte) 16, VectorMask.fromLong(B, (qh >>> j) & LANES));
                    hi = hi.lanewise(VectorOperators.OR, (byte) 16,
                            VectorMask.fromLong(B, (qh >>> (j + QK / 2)) & LANES));
                }
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
