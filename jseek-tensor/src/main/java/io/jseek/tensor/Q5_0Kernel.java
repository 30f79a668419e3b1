package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q5_0 kernels ({@code {f16 d; u32 qh; u8 qs[16]}}, element j = nibble of {@code qs[j % 16]} plus bit j of
 * {@code qh} as bit 4, minus 16), specialised per width by {@link Specializer}. The fifth bits become a lane mask
 * straight from {@code qh} ({@code VectorMask.fromLong}: one mask-register move on AVX-512) that ORs 16 into the
 * nibbles; otherwise as {@link Q4_0Kernel}: the dot cuts the nibbles on zero-extended int lanes (1.2-2x faster than on
 * bytes), the block decoder on bytes.
 */
final class Q5_0Kernel implements RowKernel {
    private static final VectorWidth W = Specializer.width(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = W.floats();
    private static final LaneSum SUM = LaneSum.of(F);
    private static final VectorSpecies<Byte> B = W.bytes();
    private static final int L = F.length();
    private static final int PARTS = B.length() / L;
    private static final long LANES = (1L << B.length()) - 1;
    private static final VectorSpecies<Integer> I = W.ints();
    private static final long INT_LANES = (1L << I.length()) - 1;
    private static final int QK = 32;
    private static final int BYTES = 22;

    @Override
    public float dot(MemorySegment data, long offset, float[] x, int xOffset, int n) {
        long bo = offset / QK * BYTES;
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = acc0;
        for (int xb = xOffset; xb < xOffset + n; xb += QK, bo += BYTES) {
            long qh = Mem.i32(data, bo + 2) & 0xFFFFFFFFL;
            FloatVector sum = FloatVector.zero(F);
            for (int j = 0; j < QK / 2; j += B.length()) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, bo + 6 + j, ByteOrder.LITTLE_ENDIAN);
                for (int p = 0; p < PARTS; p++) {
                    IntVector qi = (IntVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, p);
                    int jp = j + p * L;
                    IntVector lo = qi.and(0xF).lanewise(VectorOperators.OR, 16,
                            VectorMask.fromLong(I, (qh >>> jp) & INT_LANES)).sub(16);
                    IntVector hi = qi.lanewise(VectorOperators.LSHR, 4).lanewise(VectorOperators.OR, 16,
                            VectorMask.fromLong(I, (qh >>> (jp + QK / 2)) & INT_LANES)).sub(16);
                    int xj = xb + jp;
                    sum = ((FloatVector) lo.convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(F, x, xj), sum);
                    sum = ((FloatVector) hi.convert(VectorOperators.I2F, 0))
                            .fma(FloatVector.fromArray(F, x, xj + QK / 2), sum);
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
            long qh = Mem.i32(data, bo + 2) & 0xFFFFFFFFL;
            for (int j = 0; j < QK / 2; j += B.length()) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, bo + 6 + j, ByteOrder.LITTLE_ENDIAN);
                ByteVector lo = q.and((byte) 0xF).lanewise(VectorOperators.OR, (byte) 16,
                        VectorMask.fromLong(B, (qh >>> j) & LANES)).sub((byte) 16);
                ByteVector hi = q.lanewise(VectorOperators.LSHR, 4).lanewise(VectorOperators.OR, (byte) 16,
                        VectorMask.fromLong(B, (qh >>> (j + QK / 2)) & LANES)).sub((byte) 16);
                for (int p = 0; p < PARTS; p++) {
                    int oj = o + j + p * L;
                    ((FloatVector) lo.convertShape(VectorOperators.B2F, F, p)).mul(d).intoArray(out, oj);
                    ((FloatVector) hi.convertShape(VectorOperators.B2F, F, p)).mul(d).intoArray(out, oj + QK / 2);
                }
            }
        }
    }
}
